/**
 * CURVE throughput: PUSH → PULL over loopback tcp under CURVE (RFC 26: every message boxed with
 * XSalsa20-Poly1305), zmtp (pure JavaScript, @noble/ciphers) and zeromq.js (native libzmq 4.3.5 with
 * libsodium) side by side (see side-by-side.ts), at 16 B and 64 KiB. Each library talks to itself, both
 * ends in one process; the PULL is the CURVE server. Warm-up messages go first, untimed, as in
 * throughput.ts.
 *
 *   npm run bench:curve                    # 16 B and 64 KiB, 5 runs each
 *   npx tsx bench/curve.ts 65536           # one size
 *   BENCH_ROUNDS=3 BENCH_MESSAGES=50000 BENCH_WARMUP=20000 npm run bench:curve
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

const SIZES = process.argv[2] === undefined ? [16, 65536] : [Number(process.argv[2])];
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);

/** Messages per run (and warm-up): fewer for large messages, so that every run takes seconds, not minutes. */
function counts(size: number): { count: number; warmup: number } {
  const large = size > 4096;
  return {
    count: Number(process.env.BENCH_MESSAGES ?? (large ? 20_000 : 300_000)),
    warmup: Number(process.env.BENCH_WARMUP ?? (large ? 5_000 : 100_000)),
  };
}

/** One run in this process: messages per second. */
async function run(library: Library, size: number): Promise<number> {
  const server = zmq.curveKeyPair();
  const client = zmq.curveKeyPair();
  const serverOptions = { linger: 0, curveServer: true, curveSecretKey: server.secretKey };
  const clientOptions = { linger: 0, curveServerKey: server.publicKey, curvePublicKey: client.publicKey, curveSecretKey: client.secretKey };
  const [pull, push]: [PullLike, PushLike] =
    library === "zmtp"
      ? [new zmtp.Pull(serverOptions), new zmtp.Push(clientOptions)]
      : [new zmq.Pull(serverOptions), new zmq.Push(clientOptions)];
  await pull.bind("tcp://127.0.0.1:*");
  push.connect(pull.lastEndpoint!);
  const body = Buffer.alloc(size, 0x61);
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
  const { count, warmup } = counts(size);
  await pump(warmup);
  const start = process.hrtime.bigint();
  await pump(count);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  push.close();
  pull.close();
  return count / seconds;
}

const child = childLibrary();
if (child !== undefined) report(await run(child, Number(process.argv[2])));
for (const size of SIZES) {
  const { count, warmup } = counts(size);
  compare({
    title: `CURVE PUSH→PULL over tcp, ${size} B messages, ${count} per run after ${warmup} warm-up`,
    // Small messages by count, large ones by volume (the summary's columns are 16 characters wide).
    format: (rate) => (size <= 4096 ? `${(rate / 1e3).toFixed(1)} k msg/s` : `${((rate * size) / 1e6).toFixed(1)} MB/s`),
    higherIsBetter: true,
    script: fileURLToPath(import.meta.url),
    args: [String(size)],
    rounds,
  });
}
