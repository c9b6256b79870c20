/**
 * Pathological publisher (the guide's pathopub, chapter 5): sends one message to each of a thousand topics
 * ("000" to "999", each [topic, "Save Roger"]), then one update a second to a random topic. A subscriber
 * that joins late waits, on average, 500 seconds for its topic: the problem the last value cache solves.
 *
 *   npx tsx examples/chapter5/pathopub.ts [endpoint]
 *
 * Binds tcp://*:5556, or the endpoint given (tcp://localhost:5557 for lvcache.ts to connect to). Pairs with
 * pathosub.ts and lvcache.ts. INTERVAL_MS sets both the pause before the first messages (to let subscribers
 * connect) and between updates (default 1000). Runs until Ctrl-C (SIGINT) or SIGTERM.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { Publisher } from "../../src/index.js";

const intervalMs = Number(process.env.INTERVAL_MS ?? 1000);
const topic = (number: number): string => String(number).padStart(3, "0");
const abandon = new AbortController(); //  Cuts a pause short on Ctrl-C

const publisher = new Publisher();
await publisher.bind(process.argv[2] ?? "tcp://*:5556");

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    abandon.abort();
    publisher.linger = 0; //  As CZMQ closes it
    publisher.close();
  });
}

async function publish(): Promise<void> {
  //  Ensure subscriber connection has time to complete
  await sleep(intervalMs, undefined, { signal: abandon.signal });

  //  Send out all 1,000 topic messages
  for (let topicNbr = 0; topicNbr < 1000; topicNbr++) await publisher.send([topic(topicNbr), "Save Roger"]);

  //  Send one random update per second
  for (;;) {
    await sleep(intervalMs, undefined, { signal: abandon.signal });
    await publisher.send([topic(Math.floor(Math.random() * 1000)), "Off with his head!"]);
  }
}

//  A pause or send cut short by Ctrl-C fails; that is expected then.
await publish().catch((err: unknown) => {
  if (!publisher.closed) throw err;
});
