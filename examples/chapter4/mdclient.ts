/**
 * Majordomo Protocol client example (the guide's mdclient, chapter 4): 100,000 "Hello world" requests to
 * the "echo" service, one at a time, all of MDP hidden in the mdcliapi class; then how many got a reply.
 *
 *   npx tsx examples/chapter4/mdclient.ts [-v]
 *
 * -v traces every message. Pairs with mdbroker.ts and mdworker.ts (or any language's Majordomo broker and
 * echo workers). BROKER_ENDPOINT moves the broker's endpoint; REQUESTS sets the number of requests;
 * REQUEST_TIMEOUT_MS the wait for each reply (default 2500; three tries each). Ends after the last reply,
 * when a request gets none, or on Ctrl-C (SIGINT) or SIGTERM.
 */
import { MajordomoClient } from "./mdcliapi.js";

const verbose = process.argv[2] === "-v";
const requests = Number(process.env.REQUESTS ?? 100_000);
const session = new MajordomoClient(process.env.BROKER_ENDPOINT ?? "tcp://localhost:5555", verbose);
session.timeout = Number(process.env.REQUEST_TIMEOUT_MS ?? 2500);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    session.close();
  });
}

let count: number;
for (count = 0; count < requests; count++) {
  const reply = await session.send("echo", ["Hello world"]);
  if (reply === null) break; //  Interrupt or failure
}
console.log(`${count} requests/replies processed`);
session.close();
