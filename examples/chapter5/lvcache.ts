/**
 * Last value cache (the guide's lvcache, chapter 5): a proxy between a publisher and its subscribers that
 * remembers the last message of each topic. A SUB takes everything from the publisher (it connects to
 * tcp://localhost:5557), caches each message by topic and forwards it on an XPUB bound to tcp://*:5558;
 * when a subscription arrives on the XPUB, the cached message for that topic, if any, goes out at once.
 *
 *   npx tsx examples/chapter5/lvcache.ts
 *
 * Pairs with `pathopub.ts tcp://localhost:5557` and any number of `pathosub.ts tcp://localhost:5558`.
 * (The guide's C connects to tcp://*:5557, which libzmq refuses for a connect; pathopub binds the
 * localhost endpoint, so that is the one to connect to.) As in the guide, the XPUB reports only a topic's
 * first subscription, so a second subscriber to the same topic gets no cached message. PUBLISHER_ENDPOINT
 * and PROXY_ENDPOINT move the endpoints. Runs until Ctrl-C (SIGINT) or SIGTERM.
 */
import { Subscriber, XPublisher } from "../../src/index.js";

const frontend = new Subscriber();
frontend.connect(process.env.PUBLISHER_ENDPOINT ?? "tcp://localhost:5557");
const backend = new XPublisher();
await backend.bind(process.env.PROXY_ENDPOINT ?? "tcp://*:5558");

//  Subscribe to every single topic from publisher
frontend.subscribe();

//  Store last instance of each topic in a cache
const cache = new Map<string, Buffer>();

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    backend.linger = 0; //  As CZMQ closes it
    frontend.close();
    backend.close();
  });
}

//  We route topic updates from frontend to backend, and we handle subscriptions by sending whatever we
//  cached, if anything; one loop for each socket.
async function forwardUpdates(): Promise<void> {
  //  Any new topic data we cache and then forward
  for await (const [topic, current] of frontend) {
    if (topic === undefined || current === undefined) continue;
    cache.set(String(topic), current);
    await backend.send([topic, current]);
  }
}

async function answerSubscriptions(): Promise<void> {
  //  When we get a new subscription, we pull data from the cache
  for await (const [event] of backend) {
    //  Event is one byte 0=unsub or 1=sub, followed by topic
    if (event?.[0] !== 1) continue;
    const topic = event.subarray(1).toString();
    console.log(`Sending cached topic ${topic}`);
    const previous = cache.get(topic);
    if (previous !== undefined) await backend.send([topic, previous]);
  }
}

//  A send cut short by Ctrl-C fails; that is expected then.
await Promise.all(
  [forwardUpdates(), answerSubscriptions()].map((task) =>
    task.catch((err: unknown) => {
      if (!backend.closed) throw err;
    }),
  ),
);
