/**
 * One measurement in a fresh process: `tsx bench/child.ts <zmtp|zeromq.js|raw-node>` with the job as JSON
 * in BENCH_JOB (bench/lib/job.ts). Prints the result as one JSON line and exits. bench/run.ts starts these.
 */
import { JOB_VARIABLE, type Job, type Result } from "./lib/job.js";
import { rawRoundTrip, rawThroughput } from "./impl/raw-node.js";
import { socketsRoundTrip, socketsThroughput } from "./impl/sockets.js";

const implementation = process.argv[2];
const job = JSON.parse(process.env[JOB_VARIABLE] ?? "null") as Job | null;
if (job === null) throw new Error(`bench/child.ts runs under bench/run.ts (${JOB_VARIABLE} is not set)`);

let result: Result;
if (implementation === "zmtp" || implementation === "zeromq.js") {
  result = job.kind === "throughput" ? await socketsThroughput(implementation, job) : await socketsRoundTrip(implementation, job);
} else if (implementation === "raw-node") {
  result = job.kind === "throughput" ? await rawThroughput(job) : await rawRoundTrip(job);
} else {
  throw new Error(`unknown implementation ${String(implementation)}`);
}
process.stdout.write(`${JSON.stringify(result)}\n`);
// Exit at once: the sender may still be mid-flight, and nothing of this process is needed any more.
process.exit(0);
