/**
 * Clone server, model one (the guide's clonesrv1, chapter 5): publishes a stream of random key-value
 * updates (key 0-9999, body 0-999999, each with the next sequence number) on a PUB socket bound to
 * tcp://*:5556, as fast as it can, and keeps the state they make in a hash map.
 *
 *   npx tsx examples/chapter5/clonesrv1.ts
 *
 * Pairs with clonecli1.ts. PUBLISHER_ENDPOINT moves the endpoint. Runs until Ctrl-C (SIGINT) or SIGTERM,
 * then says how many updates it sent.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { Publisher } from "../../src/index.js";
import { KeyValueMessage } from "./kvsimple.js";

/** The guide's randof(): a random integer from 0 to num - 1. */
const randof = (num: number): number => Math.floor(Math.random() * num);

//  Prepare our publisher socket
const publisher = new Publisher();
await publisher.bind(process.env.PUBLISHER_ENDPOINT ?? "tcp://*:5556");
await sleep(200);

const kvmap = new Map<string, KeyValueMessage>();
let sequence = 0n;
let interrupted = false;

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    interrupted = true;
  });
}

//  Each send lets other work (such as the signal's handler) run now and then: zmtp shares the event loop.
while (!interrupted) {
  //  Distribute as key-value message
  const kvmsg = new KeyValueMessage(++sequence, String(randof(10000)), Buffer.from(String(randof(1000000))));
  await kvmsg.send(publisher);
  kvmsg.store(kvmap);
}
console.log(` Interrupted\n${sequence} messages out`);
publisher.linger = 0; //  As CZMQ closes it
publisher.close();
