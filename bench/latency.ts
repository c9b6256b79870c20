/**
 * Latency: REQ ⇄ REP round trips over loopback tcp, zmtp and zeromq.js (native libzmq 4.3.5) side by side
 * (see side-by-side.ts). Each library talks to itself, both ends in one process; the REQ awaits every reply
 * before the next request, so a run measures the mean round trip, in microseconds.
 *
 *   npm run bench:latency                  # 16-byte requests, 20,000 round trips per run after 5,000 warm-up, 5 runs each
 *   BENCH_ROUND_TRIPS=5000 BENCH_ROUNDS=3 npx tsx bench/latency.ts 1024
 */
import { fileURLToPath } from "node:url";
import * as zmq from "zeromq";
import * as zmtp from "../src/index.js";
import { childLibrary, compare, report, type Library } from "./side-by-side.js";

interface PeerLike {
  bind(endpoint: string): Promise<void>;
  connect(endpoint: string): void;
  readonly lastEndpoint: string | null;
  send(message: Buffer | Buffer[]): Promise<void>;
  receive(): Promise<Buffer[]>;
  close(): unknown;
}

const size = Number(process.argv[2] ?? 16);
const count = Number(process.env.BENCH_ROUND_TRIPS ?? 20_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const warmup = Number(process.env.BENCH_WARMUP ?? 5_000);

/** One run in this process: mean microseconds per round trip. */
async function run(library: Library): Promise<number> {
  const [rep, req]: [PeerLike, PeerLike] =
    library === "zmtp"
      ? [new zmtp.Reply({ linger: 0 }), new zmtp.Request({ linger: 0 })]
      : [new zmq.Reply({ linger: 0 }), new zmq.Request({ linger: 0 })];
  await rep.bind("tcp://127.0.0.1:*");
  req.connect(rep.lastEndpoint!);
  const body = Buffer.alloc(size, 0x61);
  const total = warmup + count;
  const echoing = (async () => {
    for (let i = 0; i < total; i++) await rep.send(await rep.receive());
  })();
  const trips = async (n: number): Promise<void> => {
    for (let i = 0; i < n; i++) {
      await req.send(body);
      const [reply] = await req.receive();
      if (reply === undefined || reply.length !== size) throw new Error(`${library}: bad reply ${i}`);
    }
  };
  await trips(warmup);
  const start = process.hrtime.bigint();
  await trips(count);
  const micros = Number(process.hrtime.bigint() - start) / 1e3 / count;
  await echoing;
  req.close();
  rep.close();
  return micros;
}

const child = childLibrary();
if (child !== undefined) report(await run(child));
compare({
  title: `REQ⇄REP over tcp, ${size} B, ${count} round trips per run after ${warmup} warm-up`,
  format: (micros) => `${micros.toFixed(1)} µs`,
  higherIsBetter: false,
  script: fileURLToPath(import.meta.url),
  args: [String(size)],
  rounds,
});
