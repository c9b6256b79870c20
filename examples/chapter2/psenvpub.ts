/**
 * Pub-sub envelope publisher (the guide's psenvpub, chapter 2): every second, publishes two messages on
 * tcp://*:5563, each a key frame ("A" or "B") followed by a content frame. Subscribers filter on the key.
 *
 *   npx tsx examples/chapter2/psenvpub.ts
 *
 * Pairs with psenvsub.ts. PUBLISHER_ENDPOINT moves the endpoint, INTERVAL_MS the pause between rounds
 * (default 1000). Runs until Ctrl-C (SIGINT) or SIGTERM.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { Publisher } from "../../src/index.js";

const endpoint = process.env.PUBLISHER_ENDPOINT ?? "tcp://*:5563";
const intervalMs = Number(process.env.INTERVAL_MS ?? 1000);

//  Prepare our publisher
const publisher = new Publisher();
await publisher.bind(endpoint);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    publisher.close();
  });
}

while (!publisher.closed) {
  //  Write two messages, each with an envelope and content
  await publisher.send(["A", "We don't want to see this"]);
  await publisher.send(["B", "We would like to see this"]);
  await sleep(intervalMs);
}
