/**
 * Broker peering, state flow (the guide's peering1, chapter 3): each broker publishes its number of free
 * workers (a random number here) on its state back-end, ipc://<me>-state.ipc, and subscribes to the state
 * back-ends of its peers, printing what they announce. After a second with no news from its peers it sends
 * its own state: the receive timeout is the broker's heartbeat (so, as in the guide, a broker that keeps
 * hearing from a peer may stay quiet; later versions send state when it changes).
 *
 *   npx tsx examples/chapter3/peering1.ts DC1 DC2 DC3   # and in two other terminals:
 *   npx tsx examples/chapter3/peering1.ts DC2 DC1 DC3
 *   npx tsx examples/chapter3/peering1.ts DC3 DC1 DC2
 *
 * The first argument is this broker's name, the others its peers' names. The ipc files are made in the
 * current directory. INTERVAL_MS sets the heartbeat (default 1000). Runs until Ctrl-C (SIGINT) or SIGTERM.
 */
import { Publisher, Subscriber, ZmqError } from "../../src/index.js";

const [self, ...peers] = process.argv.slice(2);
const intervalMs = Number(process.env.INTERVAL_MS ?? 1000);

/** The guide's randof(): a random integer from 0 to num - 1. */
const randof = (num: number): number => Math.floor(Math.random() * num);

if (self === undefined) {
  console.log("syntax: peering1 me {you}...");
} else {
  console.log(`I: preparing broker at ${self}...`);

  //  Bind state backend to endpoint
  const statebe = new Publisher();
  await statebe.bind(`ipc://${self}-state.ipc`);

  //  Connect statefe to all peers; waiting longer than the heartbeat for a message is a timeout (EAGAIN)
  const statefe = new Subscriber({ receiveTimeout: intervalMs });
  statefe.subscribe();
  for (const peer of peers) {
    console.log(`I: connecting to state backend at '${peer}'`);
    statefe.connect(`ipc://${peer}-state.ipc`);
  }

  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      // linger 0, as CZMQ (which the guide's version uses) closes its sockets: a state message still in
      // flight is dropped rather than waited for.
      statebe.linger = 0;
      statefe.close();
      statebe.close();
    });
  }

  //  The main loop sends out status messages to peers, and collects status messages back from peers. The
  //  receive timeout defines our own heartbeat.
  while (!statefe.closed) {
    try {
      //  Handle incoming status messages
      const [peerName, available] = await statefe.receive();
      console.log(`${String(peerName)} - ${String(available)} workers free`);
    } catch (err) {
      if (statefe.closed) break; //  Interrupted
      if (!(err instanceof ZmqError && err.code === "EAGAIN")) throw err;
      //  Send random values for worker availability
      await statebe.send([self, String(randof(10))]);
    }
  }
}
