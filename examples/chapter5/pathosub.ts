/**
 * Pathological subscriber (the guide's pathosub, chapter 5): subscribes to one random topic ("000" to
 * "999") and prints the data of each message it gets.
 *
 *   npx tsx examples/chapter5/pathosub.ts [endpoint]
 *
 * Connects to tcp://localhost:5556, or the endpoint given (tcp://localhost:5558 for lvcache.ts). Pairs
 * with pathopub.ts and lvcache.ts. Runs until Ctrl-C (SIGINT) or SIGTERM.
 */
import assert from "node:assert";
import { Subscriber } from "../../src/index.js";

const subscriber = new Subscriber();
subscriber.connect(process.argv[2] ?? "tcp://localhost:5556");
const subscription = String(Math.floor(Math.random() * 1000)).padStart(3, "0");
subscriber.subscribe(subscription);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    subscriber.close();
  });
}

for await (const [topic, data] of subscriber) {
  assert(String(topic) === subscription, `a message of topic ${subscription}`);
  console.log(String(data));
}
