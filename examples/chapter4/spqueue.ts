/**
 * Simple Pirate queue (the guide's spqueue, chapter 4): the load-balancing broker of chapter 3, unchanged,
 * as a queue between Lazy Pirate clients (ROUTER on tcp://*:5555) and Simple Pirate workers (ROUTER on
 * tcp://*:5556). It has no reliability of its own: the clients' retries recover from dead workers.
 *
 *   npx tsx examples/chapter4/spqueue.ts
 *
 * Pairs with lpclient.ts and spworker.ts, started in any order. FRONTEND_ENDPOINT and BACKEND_ENDPOINT
 * move the endpoints. Prints nothing; runs until Ctrl-C (SIGINT) or SIGTERM.
 */
import { Router } from "../../src/index.js";

const frontendEndpoint = process.env.FRONTEND_ENDPOINT ?? "tcp://*:5555";
const backendEndpoint = process.env.BACKEND_ENDPOINT ?? "tcp://*:5556";
const WORKER_READY = "\u0001"; //  Signals worker is ready

const frontend = new Router(); //  For clients
const backend = new Router(); //  For workers
await frontend.bind(frontendEndpoint);
await backend.bind(backendEndpoint);

//  Queue of available workers, and the front-end loop's wait for one
const workers: Buffer[] = [];
let workerArrived: (() => void) | undefined;

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    // linger 0, as CZMQ closes its sockets: requests and replies in flight are dropped.
    for (const socket of [frontend, backend]) {
      socket.linger = 0;
      socket.close();
    }
    workerArrived?.(); //  Lets a front-end loop waiting for a worker see that it is over
  });
}

//  Handle worker activity on backend
async function serveWorkers(): Promise<void> {
  for await (const [identity, _empty, ...message] of backend) {
    //  Use worker identity for load-balancing
    workers.push(identity!);
    workerArrived?.();
    workerArrived = undefined;

    //  Forward message to client if it's not a READY
    if (!(message.length === 1 && String(message[0]) === WORKER_READY)) await frontend.send(message);
  }
}

//  Get client requests, each routed to the first available worker. Where the C polls the front-end only
//  when a worker is free, this loop waits for one before it reads the next request.
async function serveClients(): Promise<void> {
  while (!frontend.closed) {
    if (workers.length === 0) {
      await new Promise<void>((resolve) => (workerArrived = resolve));
      continue;
    }
    const request = await frontend.receive();
    await backend.send([workers.shift()!, "", ...request]);
  }
}

//  A send or receive cut short by Ctrl-C fails; that is expected then.
await Promise.all(
  [serveWorkers(), serveClients()].map((task) =>
    task.catch((err: unknown) => {
      if (!frontend.closed) throw err;
    }),
  ),
);
