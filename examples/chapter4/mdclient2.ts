/**
 * Majordomo Protocol client example, asynchronous (the guide's mdclient2, chapter 4): sends 100,000
 * "Hello world" requests to the "echo" service without waiting, then collects the replies, through the
 * mdcliapi2 class; prints how many came back.
 *
 *   npx tsx examples/chapter4/mdclient2.ts [-v]
 *
 * -v traces every message. Pairs with mdbroker.ts and mdworker.ts. BROKER_ENDPOINT moves the broker's
 * endpoint; REQUESTS sets the number of requests; REQUEST_TIMEOUT_MS the wait for each reply (default
 * 2500). Sends wait whenever the socket's queue is full (its high-water mark, 1,000), as they would block
 * in C. Ends after the last reply, when a reply does not come in time, or on Ctrl-C (SIGINT) or SIGTERM.
 */
import { MajordomoAsyncClient } from "./mdcliapi2.js";

const verbose = process.argv[2] === "-v";
const requests = Number(process.env.REQUESTS ?? 100_000);
const session = new MajordomoAsyncClient(process.env.BROKER_ENDPOINT ?? "tcp://localhost:5555", verbose);
session.timeout = Number(process.env.REQUEST_TIMEOUT_MS ?? 2500);
let interrupted = false;

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    interrupted = true;
    session.close();
  });
}

let count: number;
try {
  for (count = 0; count < requests && !interrupted; count++) await session.send("echo", ["Hello world"]);
} catch (err) {
  if (!interrupted) throw err; //  A send cut short by Ctrl-C fails; that is expected then
}
for (count = 0; count < requests; count++) {
  const reply = await session.recv();
  if (reply === null) break; //  Interrupted by Ctrl-C
}
console.log(`${count} replies received`);
session.close();
