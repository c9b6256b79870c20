/**
 * `npm run bench`: one table for all (bench/README.md says what each row and column is). Every workload is measured for zmtp, zeromq.js (libzmq 4.3.5 through
 * its native binding), libzmq from C (bench/c/zmq-bench.c against the system's libzmq) and the raw-Node
 * ceiling (bench/impl/raw-node.ts), each run in a fresh process, the implementations alternating within a
 * round, and the summary gives the median of the rounds with zmtp's ratio to each, then messages per
 * CPU-second (all threads of the process, both ends included), so that a gain bought with a second core
 * shows as such.
 *
 *   npm run bench                      # every workload, 5 rounds (a few minutes)
 *   npm run bench:quick                # 3 rounds, shorter windows (about a minute and a half)
 *   npm run bench -- 64k 1m            # only these workloads (names below; a number adds a tcp size)
 *   BENCH_IMPLS=zmtp,raw-node npm run bench -- 16
 *
 * Knobs (environment): BENCH_ROUNDS, BENCH_SECONDS (timed window of a throughput run), BENCH_WARMUP_SECONDS
 * and BENCH_WARMUP (untimed warm-up: whichever ends first), BENCH_TRIPS and BENCH_WARMUP_TRIPS (steady-state
 * round trips), BENCH_EARLY_TRIPS (trips timed after only 500), BENCH_IMPLS (a comma-separated subset),
 * BENCH_C=0 (no C column).
 *
 * Large messages are measured both ways round: zmtp reads a large body straight into its own buffer only on
 * connections it dials (Node offers `onread` on those alone), so "PULL binds" (the receiving end accepted)
 * and "PULL connects" (the receiving end dialed) differ; small messages and round trips do not care.
 */
import { execFileSync } from "node:child_process";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { IMPLEMENTATIONS, JOB_VARIABLE, parseResult, type Implementation, type Job, type Result } from "./lib/job.js";
import { prepareC, runC } from "./lib/libzmq-c.js";
import { COLUMN_NAMES, efficiencyTable, figuresTable, formatFigure, median, type RowSummary, type Unit } from "./lib/table.js";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const selected = args.filter((a) => !a.startsWith("--"));
const env = (name: string, normal: number, short: number): number => Number(process.env[name] ?? (quick ? short : normal));

const rounds = env("BENCH_ROUNDS", 5, 3);
const seconds = env("BENCH_SECONDS", 1, 0.4);
const warmupSeconds = env("BENCH_WARMUP_SECONDS", 0.5, 0.2);
const warmupMessages = env("BENCH_WARMUP", 500_000, 200_000);
const trips = env("BENCH_TRIPS", 10_000, 5_000);
const warmupTrips = env("BENCH_WARMUP_TRIPS", 10_000, 10_000);
const earlyTrips = env("BENCH_EARLY_TRIPS", 1_000, 1_000);

interface Row {
  name: string;
  label: string;
  unit: Unit;
  job: Job;
  /** Implementations with nothing to measure here (raw Node has no batch path). */
  without?: Implementation[];
}

function throughputRow(name: string, size: number, transport: "tcp" | "inproc" = "tcp", pullBinds = true): Row {
  const sizeLabel = size >= 1024 * 1024 ? `${size / 1024 / 1024} MiB` : size >= 1024 ? `${size / 1024} KiB` : `${size} B`;
  const where = transport === "inproc" ? "inproc" : `tcp, PULL ${pullBinds ? "binds" : "connects"}`;
  return {
    name,
    label: `PUSH→PULL ${sizeLabel} (${where})`,
    unit: size >= 64 * 1024 ? "GB/s" : "msg/s",
    job: { kind: "throughput", transport, size, warmupMessages, warmupSeconds, seconds, pullBinds },
  };
}

const ROWS: Row[] = [
  throughputRow("16", 16),
  throughputRow("1k", 1024),
  throughputRow("64k", 64 * 1024),
  throughputRow("64k-connect", 64 * 1024, "tcp", false),
  throughputRow("1m", 1024 * 1024),
  throughputRow("1m-connect", 1024 * 1024, "tcp", false),
  {
    name: "rt",
    label: `REQ⇄REP 16 B round trip, after ${warmupTrips.toLocaleString("en")} trips`,
    unit: "µs",
    job: { kind: "roundTrip", size: 16, warmupTrips, trips },
  },
  {
    name: "rt500",
    label: "REQ⇄REP 16 B round trip, after only 500 trips",
    unit: "µs",
    job: { kind: "roundTrip", size: 16, warmupTrips: 500, trips: earlyTrips },
  },
  throughputRow("inproc", 16, "inproc"),
  {
    name: "16-batch",
    label: "PUSH→PULL 16 B, zmtp's batch path, PUSH in a 2nd process (tcp, PULL binds)",
    unit: "msg/s",
    job: { ...throughputRow("", 16).job, batch: true, senderProcess: true } as Job,
    without: ["raw-node"],
  },
  {
    name: "inproc-batch",
    label: "PUSH→PULL 16 B inproc, zmtp's batch path",
    unit: "msg/s",
    job: { ...throughputRow("", 16, "inproc").job, batch: true } as Job,
    without: ["raw-node"],
  },
];

function chosenRows(): Row[] {
  if (selected.length === 0) return ROWS;
  return selected.map((name) => {
    const row = ROWS.find((r) => r.name === name);
    if (row !== undefined) return row;
    const size = Number(name);
    if (Number.isInteger(size) && size >= 0) return throughputRow(name, size);
    throw new Error(`unknown workload ${name}: one of ${ROWS.map((r) => r.name).join(", ")}, or a message size`);
  });
}

const CHILD = fileURLToPath(new URL("child.ts", import.meta.url));

function runNode(implementation: Implementation, job: Job): Result {
  const out = execFileSync(process.execPath, [...process.execArgv, CHILD, implementation], {
    env: { ...process.env, [JOB_VARIABLE]: JSON.stringify(job) },
    encoding: "utf8",
    timeout: 300_000,
  });
  return parseResult(out, implementation);
}

const rows = chosenRows();
const wanted = process.env.BENCH_IMPLS?.split(",") ?? IMPLEMENTATIONS;
let columns = IMPLEMENTATIONS.filter((i) => wanted.includes(i));
let cBinary: string | undefined;
let cVersion: string | undefined;
const notes: string[] = [];
if (columns.includes("libzmq-c")) {
  const c = prepareC();
  if ("binary" in c) cBinary = c.binary;
  else {
    notes.push(`libzmq from C skipped: ${c.skipped}`);
    console.error(`bench: ${notes.at(-1)!}`);
    columns = columns.filter((i) => i !== "libzmq-c");
  }
}

const loadBefore = os.loadavg();
const started = Date.now();
const results = new Map<string, Result[]>();
const key = (row: Row, implementation: Implementation): string => `${row.name}/${implementation}`;
for (let round = 1; round <= rounds; round++) {
  for (const row of rows) {
    const line: string[] = [];
    // Alternate who goes first, so that neither always runs right after the other.
    const order = round % 2 === 1 ? columns : [...columns].reverse();
    for (const implementation of order) {
      if (row.without?.includes(implementation) === true) continue;
      const result = implementation === "libzmq-c" ? runC(cBinary!, row.job) : runNode(implementation, row.job);
      if (result.version !== undefined) cVersion = result.version;
      const list = results.get(key(row, implementation)) ?? [];
      list.push(result);
      results.set(key(row, implementation), list);
      line.push(`${COLUMN_NAMES[implementation]} ${formatFigure(result.value, row.unit, row.job.size)}`);
    }
    console.error(`round ${round}/${rounds}  ${row.label}: ${line.join(" | ")}`);
  }
}

const summaries: RowSummary[] = rows.map((row) => {
  const summary: RowSummary = { label: row.label, unit: row.unit, size: row.job.size, median: {}, perCpuSecond: {} };
  for (const implementation of columns) {
    const list = results.get(key(row, implementation));
    if (list === undefined) continue;
    summary.median[implementation] = median(list.map((r) => r.value));
    summary.perCpuSecond[implementation] = median(list.map((r) => r.count / r.cpuSeconds));
  }
  return summary;
});

const cpu = os.cpus();
const minutes = ((Date.now() - started) / 60_000).toFixed(1);
console.log(
  `\n${rows.length} workloads × ${columns.length} implementations, median of ${rounds} fresh processes each` +
    `${quick ? " (quick)" : ""}, ${minutes} min; node ${process.version}, zeromq.js over libzmq 4.3.5` +
    `${cVersion !== undefined ? `, C over libzmq ${cVersion}` : ""}; ${cpu.length} × ${cpu[0]?.model ?? "CPU"};` +
    ` load average ${loadBefore[0]!.toFixed(2)} before, ${os.loadavg()[0]!.toFixed(2)} after.\n`,
);
console.log(figuresTable(summaries, columns));
console.log(
  "\nRatios are zmtp ÷ the other in the row's unit: above 1 zmtp is faster for msg/s and GB/s, slower for µs." +
    "\nThroughput: both ends in one process, every send and receive awaited (C: a sender thread sending" +
    "\nzero-copy, zmq_msg_init_data, and the main thread receiving). Raw Node: a 4-octet length framing over" +
    "\nnode:net with one await per send and per receive, its receiver on the PULL's end (dialed: large bodies" +
    "\nread into their own buffers with onread; accepted: 'data' chunks copied), or for inproc a bounded queue;" +
    "\nraw Node's round trip is a node:net ping-pong. GB/s are 10^9 octets of message bodies per second.\n",
);
console.log("Messages (round trips) per CPU-second, all threads of the process (both ends) counted:\n");
console.log(efficiencyTable(summaries, columns));
for (const note of notes) console.log(`\nNote: ${note}`);
