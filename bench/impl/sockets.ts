/**
 * zmtp and zeromq.js (libzmq 4.3.5 underneath) through the same calls: both libraries have zeromq.js v6's
 * API, so one piece of code measures either, with both ends in this process as a user's program would have
 * them.
 */
import * as zmq from "zeromq";
import * as zmtp from "../../src/index.js";
import type { Result, RoundTripJob, ThroughputJob } from "../lib/job.js";
import { measureRoundTrips, measureThroughput } from "../lib/measure.js";

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
}
interface PeerLike extends PushLike, PullLike {}

/** Binds `binder` and connects `connecter` to it (on an ephemeral port for tcp). */
async function join(binder: Endpoints, connecter: Endpoints, transport: "tcp" | "inproc"): Promise<void> {
  await binder.bind(transport === "tcp" ? "tcp://127.0.0.1:*" : "inproc://bench");
  connecter.connect(binder.lastEndpoint!);
}

const frameLength = (message: Buffer[]): number => message[0]?.length ?? -1;

export async function socketsThroughput(library: SocketLibrary, job: ThroughputJob): Promise<Result> {
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
