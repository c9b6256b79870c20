/**
 * Clone client, model one (the guide's clonecli1, chapter 5): subscribes to all of the clone server's
 * key-value updates (tcp://localhost:5556) and applies them to its own hash map.
 *
 *   npx tsx examples/chapter5/clonecli1.ts
 *
 * Pairs with clonesrv1.ts. PUBLISHER_ENDPOINT moves the endpoint. Runs until Ctrl-C (SIGINT) or SIGTERM,
 * then says how many updates it received.
 */
import { Subscriber } from "../../src/index.js";
import { KeyValueMessage } from "./kvsimple.js";

//  Prepare our updates socket
const updates = new Subscriber();
updates.subscribe();
updates.connect(process.env.PUBLISHER_ENDPOINT ?? "tcp://localhost:5556");

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    updates.close();
  });
}

const kvmap = new Map<string, KeyValueMessage>();
let sequence = 0;
for await (const frames of updates) {
  KeyValueMessage.fromFrames(frames)?.store(kvmap);
  sequence++;
}
console.log(` Interrupted\n${sequence} messages in`);
