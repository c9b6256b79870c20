/**
 * Pub-sub envelope subscriber (the guide's psenvsub, chapter 2): subscribes to key "B" on the publisher
 * (tcp://localhost:5563) and prints each message as "[key] content".
 *
 *   npx tsx examples/chapter2/psenvsub.ts
 *
 * Pairs with psenvpub.ts. Subscriptions match the start of a message's first frame, here the key frame.
 * PUBLISHER_ENDPOINT moves the endpoint. Runs until Ctrl-C (SIGINT) or SIGTERM.
 */
import { Subscriber } from "../../src/index.js";

const endpoint = process.env.PUBLISHER_ENDPOINT ?? "tcp://localhost:5563";

//  Prepare our subscriber
const subscriber = new Subscriber();
subscriber.connect(endpoint);
subscriber.subscribe("B");

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    subscriber.close();
  });
}

//  Read envelope with address, and message contents
for await (const [address, contents] of subscriber) {
  console.log(`[${String(address)}] ${String(contents)}`);
}
