/**
 * Paranoid Pirate queue (the guide's ppqueue, chapter 4): the Simple Pirate queue plus heartbeating, so that
 * it notices dead or blocked workers and they notice a dead queue. Clients' REQ sockets connect to the
 * ROUTER on tcp://*:5555, Paranoid Pirate workers' DEALERs to the ROUTER on tcp://*:5556. Any message from
 * a worker means it is alive and ready; the queue sends a HEARTBEAT to each idle worker every second and
 * forgets workers it has not heard from for three heartbeats.
 *
 *   npx tsx examples/chapter4/ppqueue.ts
 *
 * Pairs with ppworker.ts and lpclient.ts; stop and restart it, and clients and workers carry on.
 * FRONTEND_ENDPOINT and BACKEND_ENDPOINT move the endpoints; HEARTBEAT_MS sets the heartbeat (default 1000;
 * give the workers the same). Runs until Ctrl-C (SIGINT) or SIGTERM.
 */
import { Router } from "../../src/index.js";

const frontendEndpoint = process.env.FRONTEND_ENDPOINT ?? "tcp://*:5555";
const backendEndpoint = process.env.BACKEND_ENDPOINT ?? "tcp://*:5556";
const HEARTBEAT_LIVENESS = 3; //  3-5 is reasonable
const HEARTBEAT_INTERVAL = Number(process.env.HEARTBEAT_MS ?? 1000); //  msecs

//  Paranoid Pirate Protocol constants
const PPP_READY = "\u0001"; //  Signals worker is ready
const PPP_HEARTBEAT = "\u0002"; //  Signals worker heartbeat

/** An idle worker: its identity frame, and when it expires unless we hear from it. */
interface Worker {
  identity: Buffer;
  idString: string; //  Printable identity
  expiry: number; //  Expires at this time
}

/** The list of idle workers, oldest first. */
class Workers {
  private readonly list: Worker[] = [];

  get size(): number {
    return this.list.length;
  }

  /** The worker is ready: moves it (back) to the end of the list, with a new expiry. */
  ready(identity: Buffer): void {
    const idString = identity.toString("hex").toUpperCase();
    const known = this.list.findIndex((worker) => worker.idString === idString);
    if (known !== -1) this.list.splice(known, 1);
    this.list.push({ identity, idString, expiry: Date.now() + HEARTBEAT_INTERVAL * HEARTBEAT_LIVENESS });
  }

  /** Takes the next available worker's identity (the one idle longest). */
  next(): Buffer | undefined {
    return this.list.shift()?.identity;
  }

  /** Forgets expired workers. They are held oldest first, so we stop at the first one alive. */
  purge(): void {
    const now = Date.now();
    while (this.list.length > 0 && this.list[0]!.expiry <= now) this.list.shift();
  }

  identities(): Buffer[] {
    return this.list.map((worker) => worker.identity);
  }
}

const frontend = new Router(); //  For clients
const backend = new Router(); //  For workers
await frontend.bind(frontendEndpoint);
await backend.bind(backendEndpoint);

//  List of available workers, and the front-end loop's wait for one
const workers = new Workers();
let workerArrived: (() => void) | undefined;

//  Send out heartbeats at regular intervals, to the idle workers; then forget the dead ones
const heartbeats = setInterval(() => {
  for (const identity of workers.identities()) void backend.send([identity, PPP_HEARTBEAT]).catch(() => undefined);
  workers.purge();
}, HEARTBEAT_INTERVAL);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    clearInterval(heartbeats);
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
  for await (const [identity, ...message] of backend) {
    //  Any sign of life from worker means it's ready
    workers.ready(identity!);
    workerArrived?.();
    workerArrived = undefined;

    //  Validate control message, or return reply to client
    if (message.length === 1) {
      const command = String(message[0]);
      if (command !== PPP_READY && command !== PPP_HEARTBEAT) {
        console.log(`E: invalid message from worker: ${message[0]!.toString("hex").toUpperCase()}`);
      }
    } else {
      await frontend.send(message);
    }
  }
}

/** Waits until the list has a live worker, or the queue is interrupted. */
async function workerReady(): Promise<void> {
  for (;;) {
    workers.purge();
    if (workers.size > 0 || frontend.closed) return;
    await new Promise<void>((resolve) => (workerArrived = resolve));
  }
}

//  Get client requests, each routed to the next worker. Where the C polls the front-end only when a worker
//  is free, this loop waits for one before it reads the next request (and, should that worker expire while
//  the loop waits for the request, holds the request until another one is ready).
async function serveClients(): Promise<void> {
  while (!frontend.closed) {
    await workerReady();
    if (frontend.closed) return;
    const request = await frontend.receive();
    await workerReady();
    const worker = workers.next();
    if (worker !== undefined) await backend.send([worker, ...request]);
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
