/**
 * MMI echo query example (the guide's mmiecho, chapter 4): asks the broker, through the Majordomo
 * Management Interface (RFC 8), whether it has an "echo" service: "200" if a worker offers it, "404" if not.
 *
 *   npx tsx examples/chapter4/mmiecho.ts [-v]
 *
 * -v traces every message. Pairs with mdbroker.ts, with and without an mdworker.ts running. BROKER_ENDPOINT
 * moves the broker's endpoint; REQUEST_TIMEOUT_MS sets the wait for the answer (default 2500; three tries).
 * Ends after the answer, or after the last try.
 */
import { MajordomoClient } from "./mdcliapi.js";

const verbose = process.argv[2] === "-v";
const session = new MajordomoClient(process.env.BROKER_ENDPOINT ?? "tcp://localhost:5555", verbose);
session.timeout = Number(process.env.REQUEST_TIMEOUT_MS ?? 2500);

//  This is the service we want to look up, and the service we send our request to
const reply = await session.send("mmi.service", ["echo"]);
if (reply !== null) console.log(`Lookup echo service: ${String(reply[0])}`);
else console.log("E: no response from broker, make sure it's running");
session.close();
