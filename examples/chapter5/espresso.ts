/**
 * Espresso pattern (the guide's espresso, chapter 5): tracing a pub-sub network with a proxy's capture
 * socket. A publisher (PUB on tcp://*:6000) sends random "A-12345" … "J-67890" strings ten times a second;
 * a proxy (XSUB connected to the publisher, XPUB on tcp://*:6001) forwards them to a subscriber that takes
 * "A" and "B", reads five messages and leaves. Everything the proxy forwards, both ways, also goes to its
 * capture socket, one end of a PAIR pipe; a listener prints what comes out of the other end: two
 * subscriptions ([002] 0141, [002] 0142), five messages, two unsubscriptions, then silence.
 *
 *   npx tsx examples/chapter5/espresso.ts
 *
 * The C's threads are async tasks of this one process. PUBLISHER_ENDPOINT and PROXY_ENDPOINT move the two
 * tcp endpoints (each is both bound and connected here, so give connectable ones); INTERVAL_MS sets the
 * publisher's pause (default 100). Runs until Ctrl-C (SIGINT) or SIGTERM.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { Pair, Proxy, Publisher, Subscriber, XPublisher, XSubscriber } from "../../src/index.js";

const publisherBind = process.env.PUBLISHER_ENDPOINT ?? "tcp://*:6000";
const publisherConnect = process.env.PUBLISHER_ENDPOINT ?? "tcp://localhost:6000";
const proxyBind = process.env.PROXY_ENDPOINT ?? "tcp://*:6001";
const proxyConnect = process.env.PROXY_ENDPOINT ?? "tcp://localhost:6001";
const intervalMs = Number(process.env.INTERVAL_MS ?? 100);

/** The guide's randof(): a random integer from 0 to num - 1. */
const randof = (num: number): number => Math.floor(Math.random() * num);

/** CZMQ's zframe_print(): a frame with its size, as text if it is printable, else as hex. */
function printFrame(frame: Buffer): void {
  const isText = frame.every((byte) => byte >= 32 && byte <= 126);
  console.log(`[${String(frame.length).padStart(3, "0")}] ${isText ? frame.toString("latin1") : frame.toString("hex").toUpperCase()}`);
}

//  The subscriber task requests messages starting with A and B, then reads and counts incoming messages.
async function subscriberTask(): Promise<void> {
  //  Subscribe to "A" and "B"
  const subscriber = new Subscriber();
  subscriber.connect(proxyConnect);
  subscriber.subscribe("A", "B");
  let count = 0;
  for await (const _message of subscriber) {
    if (++count === 5) break;
  }
  subscriber.close();
}

//  The publisher task sends random messages starting with A-J:
const publisher = new Publisher();
async function publisherTask(): Promise<void> {
  await publisher.bind(publisherBind);
  while (!publisher.closed) {
    const string = `${String.fromCharCode(randof(10) + "A".charCodeAt(0))}-${String(randof(100000)).padStart(5, "0")}`;
    await publisher.send(string);
    await sleep(intervalMs); //  Wait for 1/10th second
  }
}

//  The listener receives all messages flowing through the proxy, on its pipe, and prints them
const pipe = new Pair();
await pipe.bind("inproc://espresso-listener");
async function listenerTask(): Promise<void> {
  for await (const message of pipe) for (const frame of message) printFrame(frame);
}

//  The main task starts the subscriber and publisher, and then sets itself up as a listening proxy
const tasks = [publisherTask(), subscriberTask(), listenerTask()];
const capture = new Pair();
capture.connect("inproc://espresso-listener");
const proxy = new Proxy(new XSubscriber(), new XPublisher(), { capture });
proxy.frontEnd.connect(publisherConnect);
await proxy.backEnd.bind(proxyBind);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    proxy.terminate(); //  Closes the proxy's two sockets
    //  linger 0, as CZMQ closes its sockets: what is in flight is dropped
    for (const socket of [publisher, capture, pipe]) {
      socket.linger = 0;
      socket.close();
    }
  });
}

await proxy.run();
console.log(" interrupted");
//  A send cut short by Ctrl-C fails; that is expected then.
await Promise.all(tasks.map((task) => task.catch(() => undefined)));
