/**
 * Clone server, model two (the guide's clonesrv2, chapter 5): clonesrv1 plus state snapshots. Updates go
 * out on a PUB bound to tcp://*:5557, and also, over an inproc PAIR pipe, to a state manager task that
 * keeps the hash map and answers snapshot requests ("ICANHAZ?") on a ROUTER bound to tcp://*:5556: every
 * key-value pair, then "KTHXBAI" with the sequence number the snapshot is at.
 *
 *   npx tsx examples/chapter5/clonesrv2.ts
 *
 * The C's state manager thread is an async task. Pairs with clonecli2.ts. SNAPSHOT_ENDPOINT and
 * PUBLISHER_ENDPOINT move the endpoints. Runs until Ctrl-C (SIGINT) or SIGTERM, then says how many
 * updates it sent.
 */
import { Pair, Publisher, Router } from "../../src/index.js";
import { KeyValueMessage } from "./kvsimple.js";

/** The guide's randof(): a random integer from 0 to num - 1. */
const randof = (num: number): number => Math.floor(Math.random() * num);

//  Prepare our sockets: the publisher, and the pipe to the state manager
const publisher = new Publisher();
await publisher.bind(process.env.PUBLISHER_ENDPOINT ?? "tcp://*:5557");
const updates = new Pair();
await updates.bind("inproc://clonesrv2-updates");
const pipe = new Pair();
pipe.connect("inproc://clonesrv2-updates");
const snapshot = new Router();
await snapshot.bind(process.env.SNAPSHOT_ENDPOINT ?? "tcp://*:5556");
let interrupted = false;

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    interrupted = true;
  });
}

//  The state manager task maintains the state and handles requests from clients for snapshots. Two loops:
//  one applies the updates from the main task, one answers snapshot requests.
const kvmap = new Map<string, KeyValueMessage>();
let stateSequence = 0n; //  Current snapshot version number

async function applyUpdates(): Promise<void> {
  for await (const frames of pipe) {
    const kvmsg = KeyValueMessage.fromFrames(frames);
    if (kvmsg === null) continue;
    stateSequence = kvmsg.sequence;
    kvmsg.store(kvmap);
  }
}

async function answerSnapshots(): Promise<void> {
  for await (const [identity, request] of snapshot) {
    //  Request is in second frame of message
    if (String(request) !== "ICANHAZ?") {
      console.log("E: bad request, aborting");
      break;
    }
    //  Send state snapshot to client: for each entry in kvmap, send kvmsg to client
    const sequence = stateSequence;
    for (const kvmsg of [...kvmap.values()]) await kvmsg.send(snapshot, [identity!]);

    //  Now send END message with sequence number
    console.log(`Sending state snapshot=${sequence}`);
    await new KeyValueMessage(sequence, "KTHXBAI").send(snapshot, [identity!]);
  }
}

const stateManager = [applyUpdates(), answerSnapshots()];
let sequence = 0n;
while (!interrupted) {
  //  Distribute as key-value message
  const kvmsg = new KeyValueMessage(++sequence, String(randof(10000)), Buffer.from(String(randof(1000000))));
  await kvmsg.send(publisher);
  await kvmsg.send(updates);
}
console.log(` Interrupted\n${sequence} messages out`);
//  linger 0, as CZMQ closes its sockets: what is in flight is dropped
for (const socket of [publisher, updates, pipe, snapshot]) {
  socket.linger = 0;
  socket.close();
}
await Promise.all(stateManager.map((task) => task.catch(() => undefined)));
