/**
 * Clone client, model two (the guide's clonecli2, chapter 5): subscribes to the updates first (SUB on
 * tcp://localhost:5557), then asks for a state snapshot (DEALER to tcp://localhost:5556, "ICANHAZ?") and
 * loads it; then applies the updates that are newer than the snapshot, discarding the ones it already had.
 *
 *   npx tsx examples/chapter5/clonecli2.ts
 *
 * Pairs with clonesrv2.ts. SNAPSHOT_ENDPOINT and PUBLISHER_ENDPOINT move the endpoints. Runs until Ctrl-C
 * (SIGINT) or SIGTERM.
 */
import { Dealer, Subscriber } from "../../src/index.js";
import { KeyValueMessage } from "./kvsimple.js";

//  Prepare our sockets: the snapshot request socket and the subscriber
const snapshot = new Dealer();
snapshot.connect(process.env.SNAPSHOT_ENDPOINT ?? "tcp://localhost:5556");
const subscriber = new Subscriber();
subscriber.subscribe();
subscriber.connect(process.env.PUBLISHER_ENDPOINT ?? "tcp://localhost:5557");
let interrupted = false;

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    interrupted = true;
    snapshot.linger = 0; //  As CZMQ closes it
    snapshot.close();
    subscriber.close();
  });
}

const kvmap = new Map<string, KeyValueMessage>();

async function run(): Promise<void> {
  //  Get state snapshot
  let sequence = 0n;
  await snapshot.send("ICANHAZ?");
  for (;;) {
    const kvmsg = await KeyValueMessage.recv(snapshot);
    if (kvmsg === null) continue;
    if (kvmsg.key === "KTHXBAI") {
      sequence = kvmsg.sequence;
      console.log(`Received snapshot=${sequence}`);
      break; //  Done
    }
    kvmsg.store(kvmap);
  }
  //  Now apply pending updates, discard out-of-sequence messages
  for await (const frames of subscriber) {
    const kvmsg = KeyValueMessage.fromFrames(frames);
    if (kvmsg !== null && kvmsg.sequence > sequence) {
      sequence = kvmsg.sequence;
      kvmsg.store(kvmap);
    }
  }
}

//  A send or receive cut short by Ctrl-C fails; that is expected then.
await run().catch((err: unknown) => {
  if (!interrupted) throw err;
});
