/**
 * The ZeroMQ guide's pub-sub forwarder: a SUB connects to two remote publishers, subscribes to "NASDAQ", and
 * republishes every message it gets on a PUB bound to a local ipc feed.
 *
 *   npx tsx examples/nasdaq-forwarder.ts [publisher1] [publisher2] [feed]
 *
 * Endpoints come from the arguments, else from NASDAQ_PUBLISHER_1, NASDAQ_PUBLISHER_2 and NASDAQ_FEED,
 * else the guide's `tcp://192.168.55.112:5556`, `tcp://192.168.55.201:7721` and `ipc://nasdaq-feed`.
 * MESSAGE_LIMIT=n stops after n messages; SIGINT / SIGTERM stop it at any time. Either way both sockets
 * close cleanly and the process exits with status 0.
 */
import { Publisher, Subscriber } from "../src/index.js";

const [arg1, arg2, arg3] = process.argv.slice(2);
const upstreams = [
  arg1 ?? process.env.NASDAQ_PUBLISHER_1 ?? "tcp://192.168.55.112:5556",
  arg2 ?? process.env.NASDAQ_PUBLISHER_2 ?? "tcp://192.168.55.201:7721",
];
const feed = arg3 ?? process.env.NASDAQ_FEED ?? "ipc://nasdaq-feed";
const limit = Number(process.env.MESSAGE_LIMIT ?? Infinity);
if (!(limit > 0)) throw new Error(`MESSAGE_LIMIT must be a positive number, not ${String(process.env.MESSAGE_LIMIT)}`);

const subscriber = new Subscriber();
for (const upstream of upstreams) subscriber.connect(upstream);
subscriber.subscribe("NASDAQ");

const publisher = new Publisher();
await publisher.bind(feed);
console.log(`forwarding NASDAQ from ${upstreams.join(" and ")} to ${publisher.lastEndpoint ?? feed}`);

let forwarded = 0;
const stop = (signal: NodeJS.Signals): void => {
  console.log(`${signal}: stopping`);
  // Ends the loop below: the subscriber's iterator finishes once it is closed.
  subscriber.close();
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);

for await (const message of subscriber) {
  await publisher.send(message);
  if (++forwarded >= limit) break;
}

// Give subscribers of the feed a moment to receive what is still queued, then let go.
publisher.linger = 1000;
await Promise.all([subscriber.closeAndWait(), publisher.closeAndWait()]);
process.off("SIGINT", stop);
process.off("SIGTERM", stop);
console.log(`forwarded ${forwarded} messages`);
