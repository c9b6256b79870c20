/**
 * Load-balancing broker, reactor style (the guide's lbbroker3, chapter 3): lbbroker2.ts rewritten as the
 * guide rewrites it around CZMQ's zloop reactor. Each socket gets a handler called with each message it
 * receives; the back-end's handler is always on, the front-end's is switched on when a worker becomes free
 * and off when the last free worker is taken, so client requests wait in ZeroMQ's queues meanwhile.
 *
 *   npx tsx examples/chapter3/lbbroker3.ts
 *
 * Ten clients (each sending "HELLO" once a second, for ever) and three workers run as async tasks of this
 * one process, each with its own socket, over ipc (ipc://frontend.ipc and ipc://backend.ipc in the current
 * directory). FRONTEND_ENDPOINT and BACKEND_ENDPOINT move the endpoints (both sides use them, so give ones
 * that can be connected to); INTERVAL_MS sets the clients' pause between requests (default 1000). Runs
 * until Ctrl-C (SIGINT) or SIGTERM.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { Request, Router } from "../../src/index.js";

const frontendEndpoint = process.env.FRONTEND_ENDPOINT ?? "ipc://frontend.ipc";
const backendEndpoint = process.env.BACKEND_ENDPOINT ?? "ipc://backend.ipc";
const intervalMs = Number(process.env.INTERVAL_MS ?? 1000);
const NBR_CLIENTS = 10;
const NBR_WORKERS = 3;
const WORKER_READY = "\u0001"; //  Signals worker is ready

//  Basic request-reply client using REQ socket
async function clientTask(client: Request): Promise<void> {
  client.connect(frontendEndpoint);
  while (!client.closed) {
    await client.send("HELLO");
    const [reply] = await client.receive();
    console.log(`Client: ${String(reply)}`);
    await sleep(intervalMs);
  }
}

//  Worker using REQ socket to do load-balancing
async function workerTask(worker: Request): Promise<void> {
  worker.connect(backendEndpoint);
  //  Tell broker we're ready for work
  await worker.send(WORKER_READY);
  //  Process messages as they arrive
  for await (const message of worker) {
    console.log(`Worker: ${String(message.at(-1))}`);
    message[message.length - 1] = Buffer.from("OK");
    await worker.send(message);
  }
}

/**
 * CZMQ's zloop_reader(), for one socket: calls `handler` with each message the socket receives, one at a
 * time, while the reader is on. Off, it reads nothing, so messages wait in the socket's queue. Ends when the
 * socket is closed.
 */
class Reader {
  private on = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly socket: Router,
    private readonly handler: (message: Buffer[]) => Promise<void>,
  ) {}

  start(): void {
    this.on = true;
    this.wake?.();
    this.wake = undefined;
  }

  stop(): void {
    this.on = false;
  }

  async run(): Promise<void> {
    while (!this.socket.closed) {
      if (!this.on) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        continue;
      }
      let message: Buffer[];
      try {
        message = await this.socket.receive();
      } catch (err) {
        if (this.socket.closed) return;
        throw err;
      }
      await this.handler(message);
    }
  }
}

const frontend = new Router();
const backend = new Router();
await frontend.bind(frontendEndpoint);
await backend.bind(backendEndpoint);

//  Queue of available workers
const workerQueue: Buffer[] = [];

//  Handle input from client, on frontend
const frontendReader = new Reader(frontend, async (message) => {
  await backend.send([workerQueue.shift()!, "", ...message]);
  //  Cancel reader on frontend if we went from 1 to 0 workers
  if (workerQueue.length === 0) frontendReader.stop();
});

//  Handle input from worker, on backend
const backendReader = new Reader(backend, async ([identity, _delimiter, ...reply]) => {
  //  Use worker identity for load-balancing
  workerQueue.push(identity!);
  //  Enable reader on frontend if we went from 0 to 1 workers
  if (workerQueue.length === 1) frontendReader.start();
  //  Forward message to client if it's not a READY
  if (!(reply.length === 1 && String(reply[0]) === WORKER_READY)) await frontend.send(reply);
});

const clients = Array.from({ length: NBR_CLIENTS }, () => new Request());
const workers = Array.from({ length: NBR_WORKERS }, () => new Request());
const sockets = [frontend, backend, ...clients, ...workers];
const running = [frontendReader.run(), ...clients.map(clientTask), ...workers.map(workerTask)];

//  Ctrl-C stops the reactor: closing every socket ends every reader and task (a send or receive cut short
//  fails; that is expected now). linger 0, as CZMQ closes its sockets: what is in flight is dropped.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    for (const socket of sockets) {
      socket.linger = 0;
      socket.close();
    }
    frontendReader.start(); // lets a waiting reader see that its socket is closed
  });
}

backendReader.start();
await Promise.all(
  [backendReader.run(), ...running].map((task) =>
    task.catch((err: unknown) => {
      if (!frontend.closed) throw err;
    }),
  ),
);
