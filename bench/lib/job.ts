/**
 * What the bench's parent hands one child process (a job) and what the child reports back (a result): one
 * measurement of one implementation, in a fresh process, so no JIT or heap state is shared between runs.
 */

/** The implementations the bench compares. */
export type Implementation = "zmtp" | "zeromq.js" | "libzmq-c" | "raw-node";
export const IMPLEMENTATIONS: readonly Implementation[] = ["zmtp", "zeromq.js", "libzmq-c", "raw-node"];

/**
 * PUSH → PULL: the sender sends as fast as it may, the receiver takes `warmupMessages` (or `warmupSeconds`,
 * whichever comes first) untimed, then counts what arrives for `seconds`.
 */
export interface ThroughputJob {
  kind: "throughput";
  transport: "tcp" | "inproc";
  size: number;
  warmupMessages: number;
  warmupSeconds: number;
  seconds: number;
  /** The PULL binds and the PUSH connects (the receiving end is the accepted one), or the other way round. */
  pullBinds: boolean;
  /**
   * zmtp's batch path: the sender queues with `sendMany()` and the receiver takes `receiveMany()` (zeromq.js,
   * which has no batch path, runs its ordinary loop).
   */
  batch?: boolean;
  /** The PUSH runs in a second process (tcp only), as libzmq's own threads let C and zeromq.js use two cores. */
  senderProcess?: boolean;
}

/** REQ ⇄ REP over tcp: `warmupTrips` untimed round trips, then `trips` timed ones. */
export interface RoundTripJob {
  kind: "roundTrip";
  size: number;
  warmupTrips: number;
  trips: number;
}

export type Job = ThroughputJob | RoundTripJob;

/**
 * One measurement. `value` is messages per second (throughput) or microseconds per round trip; `count`
 * messages or trips were timed over `seconds`, and the process spent `cpuSeconds` of CPU (user + system, all
 * threads: both ends, and libzmq's I/O thread where there is one) doing so.
 */
export interface Result {
  value: number;
  count: number;
  seconds: number;
  cpuSeconds: number;
  /** The libzmq version the C program ran against, e.g. "4.3.4". */
  version?: string;
}

/** The environment variable a child reads its job from. */
export const JOB_VARIABLE = "BENCH_JOB";

export function parseResult(text: string, what: string): Result {
  const line = text.trim().split("\n").pop() ?? "";
  const parsed = JSON.parse(line) as Partial<Result>;
  if (typeof parsed.value !== "number" || typeof parsed.cpuSeconds !== "number" || typeof parsed.count !== "number") {
    throw new Error(`${what}: unexpected output ${JSON.stringify(text)}`);
  }
  return parsed as Result;
}
