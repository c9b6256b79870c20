/**
 * The timed loops every Node implementation runs (zmtp, zeromq.js, raw Node), so that they differ only in
 * the calls they make: a sender awaiting every send and a receiver awaiting every receive, as a user's loop
 * would, or a requester awaiting every reply.
 */
import type { Result, RoundTripJob, ThroughputJob } from "./job.js";

export interface Sender {
  send(body: Buffer): Promise<void>;
}
export interface Receiver<M> {
  receive(): Promise<M>;
}

/** Sender and receiver in this process; `length` tells a received message's size (checked on every one). */
export async function measureThroughput<M>(
  sender: Sender,
  receiver: Receiver<M>,
  length: (message: M) => number,
  job: ThroughputJob,
): Promise<Result> {
  const body = Buffer.alloc(job.size, 0x61);
  let stop = false;
  const sending = (async () => {
    while (!stop) await sender.send(body);
  })();
  let failure: Error | undefined;
  sending.catch((err: unknown) => {
    failure = err instanceof Error ? err : new Error(String(err));
  });
  // Read the clock every 64 small messages, every large one.
  const mask = job.size >= 4096 ? 0 : 63;
  const warmupMs = job.warmupSeconds * 1000;
  let start = performance.now();
  for (let i = 0; i < job.warmupMessages; i++) {
    await receiver.receive();
    if ((i & mask) === 0 && performance.now() - start >= warmupMs) break;
  }
  const windowMs = job.seconds * 1000;
  const cpu = process.cpuUsage();
  start = performance.now();
  let elapsed = 0;
  let count = 0;
  for (;;) {
    const message = await receiver.receive();
    if (length(message) !== job.size) throw new Error(`bad message ${count}: ${length(message)} octets`);
    count++;
    if ((count & mask) === 0 && (elapsed = performance.now() - start) >= windowMs) break;
  }
  const used = process.cpuUsage(cpu);
  stop = true;
  if (failure !== undefined) throw failure;
  const seconds = elapsed / 1000;
  return { value: count / seconds, count, seconds, cpuSeconds: (used.user + used.system) / 1e6 };
}

/** `request` sends one request and resolves with the reply's size; the echoing end runs in this process. */
export async function measureRoundTrips(request: (body: Buffer) => Promise<number>, job: RoundTripJob): Promise<Result> {
  const body = Buffer.alloc(job.size, 0x61);
  const trips = async (n: number): Promise<void> => {
    for (let i = 0; i < n; i++) {
      const size = await request(body);
      if (size !== job.size) throw new Error(`bad reply ${i}: ${size} octets`);
    }
  };
  await trips(job.warmupTrips);
  const cpu = process.cpuUsage();
  const start = performance.now();
  await trips(job.trips);
  const elapsed = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { value: (elapsed * 1000) / job.trips, count: job.trips, seconds: elapsed / 1000, cpuSeconds: (used.user + used.system) / 1e6 };
}

/** Where the sending end of a batch run runs: its CPU time so far (0 when it is this process). */
export interface SenderSide {
  cpuSeconds(): Promise<number>;
}

/**
 * The batch path's throughput: the receiver takes whatever has arrived per await (`receiveMany`), every
 * message's size still checked; the sender runs beside it (this process or another, whose CPU is added).
 */
export async function measureBatchThroughput<M>(
  receiveMany: () => Promise<M[]>,
  length: (message: M) => number,
  sender: SenderSide,
  job: ThroughputJob,
): Promise<Result> {
  const warmupMs = job.warmupSeconds * 1000;
  let start = performance.now();
  for (let received = 0; received < job.warmupMessages && performance.now() - start < warmupMs; ) {
    received += (await receiveMany()).length;
  }
  const windowMs = job.seconds * 1000;
  const senderCpu = await sender.cpuSeconds();
  const cpu = process.cpuUsage();
  start = performance.now();
  let elapsed = 0;
  let count = 0;
  while ((elapsed = performance.now() - start) < windowMs) {
    for (const message of await receiveMany()) {
      if (length(message) !== job.size) throw new Error(`bad message ${count}: ${length(message)} octets`);
      count++;
    }
  }
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6 + ((await sender.cpuSeconds()) - senderCpu);
  const seconds = elapsed / 1000;
  return { value: count / seconds, count, seconds, cpuSeconds };
}
