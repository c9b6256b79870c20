/**
 * Synchronized subscriber (the guide's syncsub, chapter 2): subscribes to everything on the publisher
 * (tcp://localhost:5561), waits a second for the subscription to get there, checks in on the publisher's
 * REP socket (tcp://localhost:5562), then counts updates until END.
 *
 *   npx tsx examples/chapter2/syncsub.ts
 *
 * Pairs with syncpub.ts. The guide's one-second wait is a crude guess that the SUB connection is up before
 * the check-in ends (the guide explains why a guess is the best a subscriber can do here). PUBLISHER_ENDPOINT
 * and SYNC_ENDPOINT move the endpoints. Ends after END.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { Request, Subscriber } from "../../src/index.js";

const publisherEndpoint = process.env.PUBLISHER_ENDPOINT ?? "tcp://localhost:5561";
const syncEndpoint = process.env.SYNC_ENDPOINT ?? "tcp://localhost:5562";

//  First, connect our subscriber socket
const subscriber = new Subscriber();
subscriber.connect(publisherEndpoint);
subscriber.subscribe();

//  0MQ is so fast, we need to wait a while...
await sleep(1000);

//  Second, synchronize with publisher
const syncclient = new Request();
syncclient.connect(syncEndpoint);

//  - send a synchronization request
await syncclient.send("");

//  - wait for synchronization reply
await syncclient.receive();

//  Third, get our updates and report how many we got
let updateNbr = 0;
for await (const [update] of subscriber) {
  if (update?.toString() === "END") break;
  updateNbr++;
}
console.log(`Received ${updateNbr} updates`);
subscriber.close();
syncclient.close();
