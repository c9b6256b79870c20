/**
 * Request-reply worker (the guide's rrworker, chapter 2): the Hello World server, connecting to a broker's
 * back-end (tcp://localhost:5560) instead of binding, so that any number of workers can serve.
 *
 *   npx tsx examples/chapter2/rrworker.ts
 *
 * Pairs with rrbroker.ts or msgqueue.ts, and rrclient.ts in front of them. BACKEND_ENDPOINT moves the
 * endpoint, WORK_MS sets the pretend work (default 1000). Runs until Ctrl-C (SIGINT) or SIGTERM.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { Reply } from "../../src/index.js";

const endpoint = process.env.BACKEND_ENDPOINT ?? "tcp://localhost:5560";
const workMs = Number(process.env.WORK_MS ?? 1000);

//  Socket to talk to clients
const responder = new Reply();
responder.connect(endpoint);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    responder.close();
  });
}

//  Wait for next request from client
for await (const [request] of responder) {
  console.log(`Received request: [${String(request)}]`);
  await sleep(workMs); //  Do some 'work'
  if (responder.closed) break; // interrupted while working
  await responder.send("World"); //  Send reply back to client
}
