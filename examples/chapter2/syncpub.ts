/**
 * Synchronized publisher (the guide's syncpub, chapter 2): waits until ten subscribers have checked in on a
 * REP socket (tcp://*:5562), then publishes a million "Rhubarb" updates and "END" on a PUB socket
 * (tcp://*:5561). Because every subscriber was connected before the first update, none misses any.
 *
 *   npx tsx examples/chapter2/syncpub.ts
 *
 * Pairs with syncsub.ts, ten of them. The send high-water mark is raised above the number of updates, as in
 * the guide, so that no subscriber is dropped from while it catches up. PUBLISHER_ENDPOINT and SYNC_ENDPOINT
 * move the endpoints; SUBSCRIBERS (default 10) and UPDATES (default 1000000) shorten the run. Ends after
 * END.
 */
import { Publisher, Reply } from "../../src/index.js";

const publisherEndpoint = process.env.PUBLISHER_ENDPOINT ?? "tcp://*:5561";
const syncEndpoint = process.env.SYNC_ENDPOINT ?? "tcp://*:5562";
const subscribersExpected = Number(process.env.SUBSCRIBERS ?? 10); //  We wait for 10 subscribers
const updates = Number(process.env.UPDATES ?? 1_000_000);

//  Socket to talk to clients
const publisher = new Publisher({ sendHighWaterMark: updates + 100_000 });
await publisher.bind(publisherEndpoint);

//  Socket to receive signals
const syncservice = new Reply();
await syncservice.bind(syncEndpoint);

//  Get synchronization from subscribers
console.log("Waiting for subscribers");
for (let subscribers = 0; subscribers < subscribersExpected; subscribers++) {
  //  - wait for synchronization request
  await syncservice.receive();
  //  - send synchronization reply
  await syncservice.send("");
}

//  Now broadcast exactly the updates followed by END
console.log("Broadcasting messages");
for (let updateNbr = 0; updateNbr < updates; updateNbr++) await publisher.send("Rhubarb");
await publisher.send("END");

// close() delivers what is still queued before letting go (linger), as zmq_ctx_destroy does in C.
publisher.close();
syncservice.close();
