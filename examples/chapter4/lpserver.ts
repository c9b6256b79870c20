/**
 * Lazy Pirate server (the guide's lpserver, chapter 4): hwserver's REP socket on tcp://*:5555, except that
 * it echoes each request as it is, and after a few requests it randomly runs slowly ("CPU overload") or
 * exits ("a crash"), so that a Lazy Pirate client has something to survive.
 *
 *   npx tsx examples/chapter4/lpserver.ts
 *
 * Pairs with lpclient.ts (or any language's lpclient); start both, then kill and restart this server as
 * you like. SERVER_ENDPOINT moves the endpoint; WORK_MS sets the pretend work (default 1000; an overload
 * takes twice that); SIMULATE_FAULTS=0 turns the random crashes and overloads off. Runs until it simulates
 * a crash, or until Ctrl-C (SIGINT) or SIGTERM.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { Reply } from "../../src/index.js";

const endpoint = process.env.SERVER_ENDPOINT ?? "tcp://*:5555";
const workMs = Number(process.env.WORK_MS ?? 1000);
const simulateFaults = process.env.SIMULATE_FAULTS !== "0";

/** The guide's randof(): a random integer from 0 to num - 1. */
const randof = (num: number): number => Math.floor(Math.random() * num);

const server = new Reply();
await server.bind(endpoint);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    server.close();
  });
}

let cycles = 0;
for await (const request of server) {
  cycles++;

  //  Simulate various problems, after a few cycles
  if (simulateFaults && cycles > 3 && randof(3) === 0) {
    console.log("I: simulating a crash");
    break;
  }
  if (simulateFaults && cycles > 3 && randof(3) === 0) {
    console.log("I: simulating CPU overload");
    await sleep(2 * workMs);
  }
  console.log(`I: normal request (${String(request[0])})`);
  await sleep(workMs); //  Do some heavy work
  if (server.closed) break; //  Interrupted while working
  await server.send(request);
}
// A crash leaves the client's request unanswered; closing drops nothing else (a REP has nothing queued).
server.close();
