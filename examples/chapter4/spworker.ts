/**
 * Simple Pirate worker (the guide's spworker, chapter 4): the worker half of the load-balancing pattern, a
 * REQ socket connected to tcp://localhost:5556 that says it is ready and then echoes each request. It sets
 * a random routing id, to make tracing easier, and after a few requests it randomly crashes or overloads.
 *
 *   npx tsx examples/chapter4/spworker.ts
 *
 * Pairs with spqueue.ts (and lpclient.ts on the queue's other side). BACKEND_ENDPOINT moves the endpoint;
 * WORK_MS sets the pretend work (default 1000; an overload takes three times that); SIMULATE_FAULTS=0
 * turns the random crashes and overloads off. Runs until it simulates a crash, or until Ctrl-C (SIGINT)
 * or SIGTERM.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { Request } from "../../src/index.js";

const endpoint = process.env.BACKEND_ENDPOINT ?? "tcp://localhost:5556";
const workMs = Number(process.env.WORK_MS ?? 1000);
const simulateFaults = process.env.SIMULATE_FAULTS !== "0";
const WORKER_READY = "\u0001"; //  Signals worker is ready

/** The guide's randof(): a random integer from 0 to num - 1. */
const randof = (num: number): number => Math.floor(Math.random() * num);
const hex4 = (): string => randof(0x10000).toString(16).toUpperCase().padStart(4, "0");

//  Set random identity to make tracing easier
const identity = `${hex4()}-${hex4()}`;
const worker = new Request({ routingId: identity });
worker.connect(endpoint);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    worker.linger = 0; //  As CZMQ closes it
    worker.close();
  });
}

//  Tell broker we're ready for work
console.log(`I: (${identity}) worker ready`);
await worker.send(WORKER_READY);

let cycles = 0;
for await (const message of worker) {
  //  Simulate various problems, after a few cycles
  cycles++;
  if (simulateFaults && cycles > 3 && randof(5) === 0) {
    console.log(`I: (${identity}) simulating a crash`);
    break;
  }
  if (simulateFaults && cycles > 3 && randof(5) === 0) {
    console.log(`I: (${identity}) simulating CPU overload`);
    await sleep(3 * workMs);
    if (worker.closed) break;
  }
  console.log(`I: (${identity}) normal reply`);
  await sleep(workMs); //  Do some heavy work
  if (worker.closed) break;
  await worker.send(message);
}
worker.linger = 0;
worker.close();
