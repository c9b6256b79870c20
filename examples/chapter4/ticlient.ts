/**
 * Titanic client example (the guide's ticlient, chapter 4): the client side of the Titanic Service Protocol
 * (RFC 9). It hands an "echo" request to titanic.request, then asks titanic.reply for the reply until
 * there is one, prints it and closes the request with titanic.close.
 *
 *   npx tsx examples/chapter4/ticlient.ts [-v]
 *
 * -v traces every message. Pairs with mdbroker.ts and titanic.ts; start mdworker.ts whenever you like, and
 * the reply comes. BROKER_ENDPOINT moves the broker's endpoint; RETRY_MS sets the pause after "no reply
 * yet" (default 5000); REQUEST_TIMEOUT_MS the wait for each answer (default 2500; three tries). Ends with
 * the reply, or when Titanic does not answer.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { MajordomoClient } from "./mdcliapi.js";

const retryMs = Number(process.env.RETRY_MS ?? 5000);

/**
 * Calls a TSP service. Returns the reply if successful (status code 200 OK), else null (300, pending: we
 * don't care why not); ends the program on a fatal error, or if the call was interrupted or failed.
 */
async function serviceCall(session: MajordomoClient, service: string, request: (string | Buffer)[]): Promise<Buffer[] | null> {
  const reply = await session.send(service, request);
  if (reply === null) process.exit(0); //  Interrupted or failed
  const [status, ...rest] = reply;
  if (String(status) === "200") return rest;
  if (String(status) === "400") {
    console.log("E: client fatal error, aborting");
    process.exit(1);
  }
  if (String(status) === "500") {
    console.log("E: server fatal error, aborting");
    process.exit(1);
  }
  return null; //  Didn't succeed; don't care why not
}

const verbose = process.argv[2] === "-v";
const session = new MajordomoClient(process.env.BROKER_ENDPOINT ?? "tcp://localhost:5555", verbose);
session.timeout = Number(process.env.REQUEST_TIMEOUT_MS ?? 2500);
let interrupted = false;

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    interrupted = true;
    session.close();
  });
}

//  1. Send 'echo' request to Titanic
const reply = await serviceCall(session, "titanic.request", ["echo", "Hello world"]);
const uuid = reply?.[0];
if (uuid !== undefined) console.log(`I: request UUID [${String(uuid.length).padStart(3, "0")}] ${String(uuid)}`);

//  2. Wait until we get a reply
while (uuid !== undefined && !interrupted) {
  await sleep(100);
  const reply = await serviceCall(session, "titanic.reply", [uuid]);
  if (reply !== null) {
    console.log(`Reply: ${String(reply.at(-1))}`);
    //  3. Close request
    await serviceCall(session, "titanic.close", [uuid]);
    break;
  }
  console.log("I: no reply yet, trying again...");
  await sleep(retryMs); //  Try again in 5 seconds
}
session.close();
