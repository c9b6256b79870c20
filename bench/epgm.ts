/**
 * epgm throughput (issue 22): zmtp → zmtp and libzmq → libzmq (Debian's libzmq 4.3.4 + OpenPGM, python3-zmq)
 * over the loopback of a private network namespace (root only; nothing leaves the machine), the same
 * programs as the interop tests (test/interop/programs/epgm-*.*). Each row is one PUB and one SUB in fresh
 * processes: the SUB times from its first message to its last. Then the same with 5 % of the port's
 * datagrams dropped (nftables): what arrives, whole and in order, and what does not.
 *
 *   npm run bench:epgm
 *   BENCH_EPGM_COUNT=50000 BENCH_EPGM_RATE=500000 npm run bench:epgm     # messages; ZMQ_RATE in kbit/s
 *
 * Messages are test/helpers/epgm-messages.ts's: two frames of about 125 octets, every tenth with a third of
 * 3,000 octets (about 430 octets each on average).
 */
import { execFileSync } from "node:child_process";
import { epgmMessage } from "../test/helpers/epgm-messages.js";
import { Namespace, namespaceUnavailable } from "../test/helpers/network-namespace.js";

const COUNT = Number(process.env.BENCH_EPGM_COUNT ?? 20_000);
const LOSSY_COUNT = Number(process.env.BENCH_EPGM_LOSSY_COUNT ?? 3000);
const RATE = Number(process.env.BENCH_EPGM_RATE ?? 100_000);
const PORT = 5555;
const PYTHON = "/usr/bin/python3";

type Impl = "zmtp" | "libzmq";

interface Row {
  impl: Impl;
  loss: number;
  sent: number;
  received: number;
  corrupt: number;
  skipped: number;
  ms: number;
}

function unavailable(): string | undefined {
  const reason = namespaceUnavailable("nsenter", "nft");
  if (reason !== undefined) return reason;
  try {
    execFileSync(PYTHON, ["-c", "import sys, zmq; sys.exit(0 if zmq.has('pgm') else 1)"], { stdio: "ignore" });
  } catch {
    return "python3-zmq built with OpenPGM is not installed (apt-get install python3-zmq)";
  }
  return undefined;
}

async function measure(impl: Impl, count: number, loss: number): Promise<Row> {
  const namespace = await Namespace.loopback();
  try {
    if (loss > 0) namespace.addLoss(loss, PORT);
    const env = { EP: `epgm://127.0.0.1;239.192.1.1:${PORT}`, N: String(count), RATE: String(RATE), IDLE_MS: "5000" };
    const start = (role: "pub" | "sub") =>
      impl === "zmtp"
        ? namespace.spawnProgram("test/interop/programs/epgm-zmtp.ts", { ...env, ROLE: role }, 300_000)
        : namespace.spawn(PYTHON, ["test/interop/programs/epgm-libzmq.py"], { ...env, ROLE: role }, 300_000);
    const sub = start("sub");
    await sub.waitFor("ready", 60_000);
    const pub = start("pub");
    const { output } = await sub.exited;
    pub.kill();
    const line = /result received (\d+) corrupt (\d+) disorder \d+ skipped (\d+) first -?\d+ last -?\d+ ms (\d+)/.exec(output);
    if (line === null) throw new Error(`${impl}: no result from the receiver:\n${output}\n${pub.output}`);
    const [received, corrupt, skipped, ms] = line.slice(1).map(Number) as [number, number, number, number];
    return { impl, loss, sent: count, received, corrupt, skipped, ms };
  } finally {
    namespace.destroy();
  }
}

const averageOctets = Array.from({ length: 1000 }, (_, i) => epgmMessage(i).reduce((n, f) => n + f.length, 0)).reduce((a, b) => a + b) / 1000;

function print(rows: readonly Row[]): void {
  const header = ["sender → receiver", "loss", "sent", "whole", "corrupt", "lost", "ms", "msg/s", "MB/s"];
  const lines = rows.map((r) => {
    const perSecond = r.ms > 0 ? (r.received * 1000) / r.ms : 0;
    return [
      `${r.impl} → ${r.impl}`,
      `${r.loss} %`,
      String(r.sent),
      String(r.received),
      String(r.corrupt),
      String(r.sent - r.received),
      String(r.ms),
      Math.round(perSecond).toLocaleString("en"),
      ((perSecond * averageOctets) / 1e6).toFixed(1),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.log(format(header));
  for (const line of lines) console.log(format(line));
}

const reason = unavailable();
if (reason !== undefined) {
  console.log(`bench:epgm needs a private network namespace and libzmq with OpenPGM: ${reason}`);
  process.exit(0);
}
console.log(`epgm over a namespace's loopback, ZMQ_RATE ${RATE} kbit/s, ${Math.round(averageOctets)} octets a message on average`);
const rows: Row[] = [];
for (const impl of ["zmtp", "libzmq"] as const) rows.push(await measure(impl, COUNT, 0));
for (const impl of ["zmtp", "libzmq"] as const) rows.push(await measure(impl, LOSSY_COUNT, 5));
print(rows);
