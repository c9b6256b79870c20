/**
 * Throughput: PUSH → PULL over loopback tcp, zmtp and zeromq.js (native libzmq 4.3.5) side by side. Each
 * library talks to itself, both ends in one process, as a user's program would; every run is a fresh child
 * process (no JIT or heap state shared between libraries), the two libraries alternate, and the summary
 * gives the best and the median of the runs for each, with their ratio.
 *
 * Each run first sends BENCH_WARMUP messages untimed (both libraries alike): a long-lived service runs
 * at steady state, and a JIT needs a few hundred thousand messages (and the young generation some growth)
 * to get there; timing from the first messages would measure start-up instead.
 *
 *   npm run bench                          # 16-byte messages, 1,000,000 per run after 500,000 warm-up, 5 runs each
 *   npx tsx bench/throughput.ts 1024       # another message size
 *   BENCH_MESSAGES=200000 BENCH_WARMUP=100000 BENCH_ROUNDS=3 npm run bench
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import * as zmq from "zeromq";
import * as zmtp from "../src/index.js";

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
type Library = "zmtp" | "zeromq.js";

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

function format(rate: number): string {
  return `${(rate / 1e6).toFixed(3)} M msg/s`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const child = process.env.BENCH_CHILD as Library | undefined;
if (child !== undefined) {
  process.stdout.write(String(await run(child)));
  process.exit(0);
}

const self = fileURLToPath(import.meta.url);
const results: Record<Library, number[]> = { zmtp: [], "zeromq.js": [] };
for (let round = 1; round <= rounds; round++) {
  const line: string[] = [];
  for (const library of ["zmtp", "zeromq.js"] as const) {
    const out = execFileSync(process.execPath, [...process.execArgv, self, String(size)], {
      env: { ...process.env, BENCH_CHILD: library },
      encoding: "utf8",
    });
    const rate = Number(out.trim());
    results[library].push(rate);
    line.push(`${library} ${format(rate)}`);
  }
  console.log(`run ${round}: ${line.join(" | ")}`);
}
const best = { zmtp: Math.max(...results.zmtp), zeromq: Math.max(...results["zeromq.js"]) };
const mid = { zmtp: median(results.zmtp), zeromq: median(results["zeromq.js"]) };
console.log(
  `\nPUSH→PULL over tcp, ${size} B messages, ${count} per run after ${warmup} warm-up, ${rounds} runs each (node ${process.version}):\n` +
    `            best            median\n` +
    `  zmtp      ${format(best.zmtp)}   ${format(mid.zmtp)}\n` +
    `  zeromq.js ${format(best.zeromq)}   ${format(mid.zeromq)}\n` +
    `  ratio     ${(best.zmtp / best.zeromq).toFixed(2)}x           ${(mid.zmtp / mid.zeromq).toFixed(2)}x`,
);
