/**
 * Hello World server (the guide's hwserver, chapter 1): a REP socket bound to tcp://*:5555 answers each
 * request with "World", after a second of pretend work.
 *
 *   npx tsx examples/chapter1/hwserver.ts
 *
 * Pairs with hwclient.ts (or any language's hwclient). SERVER_ENDPOINT moves the endpoint, WORK_MS sets the
 * pretend work (default 1000). Runs until Ctrl-C (SIGINT) or SIGTERM.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { Reply } from "../../src/index.js";

const endpoint = process.env.SERVER_ENDPOINT ?? "tcp://*:5555";
const workMs = Number(process.env.WORK_MS ?? 1000);

//  Socket to talk to clients
const responder = new Reply();
await responder.bind(endpoint);

// Ctrl-C closes the socket, which ends the loop below, and with it the program.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    responder.close();
  });
}

for await (const [request] of responder) {
  console.log(`Received ${String(request)}`);
  await sleep(workMs); //  Pretend to do some 'work'
  if (responder.closed) break; // interrupted while working
  await responder.send("World");
}
