/**
 * Throughput: PUSH → PULL over loopback tcp, zmtp and zeromq.js (native libzmq 4.3.5) side by side (see
 * side-by-side.ts). Each library talks to itself, both ends in one process, as a user's program would.
 *
 * Each run first sends BENCH_WARMUP messages untimed (both libraries alike): a long-lived service runs
 * at steady state, and a JIT needs a few hundred thousand messages (and the young generation some growth)
 * to get there; timing from the first messages would measure start-up instead.
 *
 *   npm run bench                          # 16-byte messages, 1,000,000 per run after 500,000 warm-up, 5 runs each
 *   npx tsx bench/throughput.ts 1024       # another message size
 *   BENCH_MESSAGES=200000 BENCH_WARMUP=100000 BENCH_ROUNDS=3 npm run bench
 */
import { fileURLToPath } from "node:url";
import * as zmq from "zeromq";
import * as zmtp from "../src/index.js";
import { childLibrary, compare, report, type Library } from "./side-by-side.js";

interface PushLike {
  connect(endpoint: string): void;
  send(message: Buffer): Promise<void>;
  close(): unknown;
}
interface PullLike {
  bind(endpoint: string): Promise<void>;
  readonly lastEndpoint: string | null;
  receive(): Promise<Buffer[]>;
  close(): unknown;
}

const size = Number(process.argv[2] ?? 16);
const count = Number(process.env.BENCH_MESSAGES ?? 1_000_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const warmup = Number(process.env.BENCH_WARMUP ?? 500_000);

/** One run in this process: messages per second. */
async function run(library: Library): Promise<number> {
  const [pull, push]: [PullLike, PushLike] =
    library === "zmtp" ? [new zmtp.Pull(), new zmtp.Push()] : [new zmq.Pull({ linger: 0 }), new zmq.Push({ linger: 0 })];
  await pull.bind("tcp://127.0.0.1:*");
  push.connect(pull.lastEndpoint!);
  const body = Buffer.alloc(size, 0x61);
  // The same code warms up and is timed, so what is timed runs optimised: a sender and a receiver, each
  // awaiting every call, as a user's loop would.
  const pump = async (n: number): Promise<void> => {
    const sending = (async () => {
      for (let i = 0; i < n; i++) await push.send(body);
    })();
    for (let i = 0; i < n; i++) {
      const [frame] = await pull.receive();
      if (frame === undefined || frame.length !== size) throw new Error(`${library}: bad message ${i}`);
    }
    await sending;
  };
  // Warm-up (connection up, code paths optimised, heap sized) before timing.
  await pump(warmup);
  const start = process.hrtime.bigint();
  await pump(count);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  push.close();
  pull.close();
  return count / seconds;
}

const child = childLibrary();
if (child !== undefined) report(await run(child));
compare({
  title: `PUSH→PULL over tcp, ${size} B messages, ${count} per run after ${warmup} warm-up`,
  format: (rate) => `${(rate / 1e6).toFixed(3)} M msg/s`,
  higherIsBetter: true,
  script: fileURLToPath(import.meta.url),
  args: [String(size)],
  rounds,
});
