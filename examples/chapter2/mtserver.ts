/**
 * Multithreaded Hello World server (the guide's mtserver, chapter 2): a ROUTER socket for clients
 * (tcp://*:5555), a DEALER socket for workers (inproc://workers), a Proxy between them, and a pool of five
 * workers, each a REP socket that answers "World" after a second of pretend work. Five requests are served
 * at once.
 *
 *   npx tsx examples/chapter2/mtserver.ts
 *
 * The guide's worker threads are async tasks here, talking to the proxy over inproc within this one
 * process (no copy, no encoding): Node.js runs them on one thread, and because the "work" is waiting, not
 * computing, they still overlap. Pairs with hwclient.ts (chapter 1). SERVER_ENDPOINT moves the client
 * endpoint, WORK_MS sets the pretend work (default 1000). Runs until Ctrl-C (SIGINT) or SIGTERM.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { Dealer, Proxy, Reply, Router } from "../../src/index.js";

const endpoint = process.env.SERVER_ENDPOINT ?? "tcp://*:5555";
const workMs = Number(process.env.WORK_MS ?? 1000);

/** One worker: a REP socket on the proxy's back-end, serving one request at a time. */
async function workerRoutine(receiver: Reply): Promise<void> {
  //  Socket to talk to dispatcher
  receiver.connect("inproc://workers");
  for await (const [request] of receiver) {
    console.log(`Received request: [${String(request)}]`);
    await sleep(workMs); //  Do some 'work'
    if (receiver.closed) break; // interrupted while working
    await receiver.send("World"); //  Send reply back to client
  }
}

//  Socket to talk to clients, socket to talk to workers
const proxy = new Proxy(new Router(), new Dealer());
await proxy.frontEnd.bind(endpoint);
await proxy.backEnd.bind("inproc://workers");

//  Launch pool of workers
const workers = Array.from({ length: 5 }, () => new Reply());
const working = workers.map(workerRoutine);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    proxy.terminate(); // closes the proxy's two sockets
    for (const worker of workers) worker.close();
  });
}

//  Connect work threads to client threads via a queue proxy
await proxy.run();
await Promise.all(working);
