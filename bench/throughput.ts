/**
 * Throughput: PUSH → PULL over loopback tcp, zmtp and zeromq.js (native libzmq 4.3.5) side by side, both
 * ends in this one process, each library talking to itself. Prints messages/s for each and the ratio.
 *
 *   npm run bench                      # 16-byte messages
 *   npx tsx bench/throughput.ts 1024   # another size
 *   BENCH_MESSAGES=2000000 npm run bench
 */
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
const count = Number(process.env.BENCH_MESSAGES ?? 500_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);

async function run(name: string, pull: PullLike, push: PushLike): Promise<number> {
  await pull.bind("tcp://127.0.0.1:*");
  push.connect(pull.lastEndpoint!);
  const body = Buffer.alloc(size, 0x61);
  // Warm-up round trip so the connection is up before timing.
  await push.send(body);
  await pull.receive();
  const start = process.hrtime.bigint();
  const sending = (async () => {
    for (let i = 0; i < count; i++) await push.send(body);
  })();
  for (let i = 0; i < count; i++) {
    const [frame] = await pull.receive();
    if (frame === undefined || frame.length !== size) throw new Error(`${name}: bad message ${i}`);
  }
  await sending;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  push.close();
  pull.close();
  return count / seconds;
}

function format(rate: number): string {
  return `${(rate / 1e6).toFixed(3)} M msg/s (${((rate * size * 8) / 1e9).toFixed(2)} Gbit/s)`;
}

const best = { zmtp: 0, zeromq: 0 };
for (let round = 1; round <= rounds; round++) {
  const ours = await run("zmtp", new zmtp.Pull(), new zmtp.Push());
  const theirs = await run("zeromq.js", new zmq.Pull({ linger: 0 }), new zmq.Push({ linger: 0 }));
  best.zmtp = Math.max(best.zmtp, ours);
  best.zeromq = Math.max(best.zeromq, theirs);
  console.log(`round ${round}: zmtp ${format(ours)} | zeromq.js ${format(theirs)} | ratio ${(ours / theirs).toFixed(2)}x`);
}
console.log(
  `\nPUSH→PULL tcp, ${size} B, ${count} messages, best of ${rounds}:\n` +
    `  zmtp      ${format(best.zmtp)}\n  zeromq.js ${format(best.zeromq)}\n  ratio     ${(best.zmtp / best.zeromq).toFixed(2)}x`,
);
