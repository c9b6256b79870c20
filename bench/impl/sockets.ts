/**
 * zmtp and zeromq.js (libzmq 4.3.5 underneath) through the same calls: both libraries have zeromq.js v6's
 * API, so one piece of code measures either, with both ends in this process as a user's program would have
 * them.
 */
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import * as zmq from "zeromq";
import * as zmtp from "../../src/index.js";
import type { Result, RoundTripJob, ThroughputJob } from "../lib/job.js";
import { measureBatchThroughput, measureRoundTrips, measureThroughput, type SenderSide } from "../lib/measure.js";

export type SocketLibrary = "zmtp" | "zeromq.js";

interface Endpoints {
  bind(endpoint: string): Promise<void>;
  connect(endpoint: string): void;
  readonly lastEndpoint: string | null;
}
interface PushLike extends Endpoints {
  send(message: Buffer): Promise<void>;
}
interface PullLike extends Endpoints {
  receive(): Promise<Buffer[]>;
  close(): void;
}
interface PeerLike extends PushLike, PullLike {}

/** Binds `binder` and connects `connecter` to it (on an ephemeral port for tcp). */
async function join(binder: Endpoints, connecter: Endpoints, transport: "tcp" | "inproc"): Promise<void> {
  await binder.bind(transport === "tcp" ? "tcp://127.0.0.1:*" : "inproc://bench");
  connecter.connect(binder.lastEndpoint!);
}

const frameLength = (message: Buffer[]): number => message[0]?.length ?? -1;

const REMOTE_SENDER = fileURLToPath(new URL("remote-sender.ts", import.meta.url));

/** The PUSH in a second process (see remote-sender.ts), connected to `endpoint`; its CPU time on request. */
function remoteSender(library: SocketLibrary, endpoint: string, job: ThroughputJob): { child: ChildProcess; side: SenderSide } {
  const child = fork(REMOTE_SENDER, [library, endpoint, String(job.size), job.batch === true ? "batch" : "plain"], {
    execArgv: process.execArgv,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const side: SenderSide = {
    cpuSeconds: () =>
      new Promise((resolve) => {
        child.once("message", (usage) => {
          const { user, system } = usage as NodeJS.CpuUsage;
          resolve((user + system) / 1e6);
        });
        child.send("cpu");
      }),
  };
  return { child, side };
}

/**
 * The batch path (zmtp: `sendMany` / `receiveMany`; zeromq.js, which has none, its ordinary loop), the PUSH in
 * this process or, for `senderProcess` jobs, in a second one.
 */
async function batchThroughput(library: SocketLibrary, job: ThroughputJob): Promise<Result> {
  const pull: PullLike = library === "zmtp" ? new zmtp.Pull({ linger: 0 }) : new zmq.Pull({ linger: 0 });
  await pull.bind(job.transport === "tcp" ? "tcp://127.0.0.1:*" : "inproc://bench");
  const receiveMany =
    pull instanceof zmtp.Pull ? () => pull.receiveMany(4096) : async () => [await pull.receive()];
  if (job.senderProcess === true && job.transport === "tcp") {
    const { child, side } = remoteSender(library, pull.lastEndpoint!, job);
    try {
      return await measureBatchThroughput(receiveMany, frameLength, side, job);
    } finally {
      child.kill();
    }
  }
  const body = Buffer.alloc(job.size, 0x61);
  const push = library === "zmtp" ? new zmtp.Push({ linger: 0 }) : new zmq.Push({ linger: 0 });
  push.connect(pull.lastEndpoint!);
  let stop = false;
  void (async () => {
    if (push instanceof zmtp.Push && job.batch === true) {
      const batch = new Array<Buffer>(1024).fill(body);
      while (!stop) await push.sendMany(batch);
    } else {
      while (!stop) await push.send(body);
    }
  })();
  try {
    return await measureBatchThroughput(receiveMany, frameLength, { cpuSeconds: () => Promise.resolve(0) }, job);
  } finally {
    stop = true;
  }
}

export async function socketsThroughput(library: SocketLibrary, job: ThroughputJob): Promise<Result> {
  if (job.batch === true || job.senderProcess === true) return batchThroughput(library, job);
  const options = { linger: 0 };
  const [pull, push]: [PullLike, PushLike] =
    library === "zmtp" ? [new zmtp.Pull(options), new zmtp.Push(options)] : [new zmq.Pull(options), new zmq.Push(options)];
  if (job.pullBinds || job.transport === "inproc") await join(pull, push, job.transport);
  else await join(push, pull, job.transport);
  return measureThroughput(push, pull, frameLength, job);
}

export async function socketsRoundTrip(library: SocketLibrary, job: RoundTripJob): Promise<Result> {
  const options = { linger: 0 };
  const [rep, req]: [PeerLike, PeerLike] =
    library === "zmtp" ? [new zmtp.Reply(options), new zmtp.Request(options)] : [new zmq.Reply(options), new zmq.Request(options)];
  await join(rep, req, "tcp");
  const total = job.warmupTrips + job.trips;
  void (async () => {
    for (let i = 0; i < total; i++) await rep.send((await rep.receive())[0]!);
  })();
  return measureRoundTrips(async (body) => {
    await req.send(body);
    return frameLength(await req.receive());
  }, job);
}
