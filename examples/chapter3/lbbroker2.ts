/**
 * Load-balancing broker, whole messages (the guide's lbbroker2, chapter 3): lbbroker.ts again, written as
 * the guide rewrites it with CZMQ's message API. The broker no longer picks the frames apart: from a
 * worker's message it takes the worker's envelope (identity and delimiter) and passes on the rest, whatever
 * it holds; to a client request it adds the envelope of the worker that has waited longest. Workers answer
 * with the message they got, its last frame replaced by "OK".
 *
 *   npx tsx examples/chapter3/lbbroker2.ts
 *
 * Ten clients and three workers run as async tasks of this one process, each with its own socket, over ipc
 * (ipc://frontend.ipc and ipc://backend.ipc in the current directory). FRONTEND_ENDPOINT and
 * BACKEND_ENDPOINT move the endpoints (both sides use them, so give ones that can be connected to). Ends
 * after the ten clients are answered.
 */
import { Request, Router } from "../../src/index.js";

const frontendEndpoint = process.env.FRONTEND_ENDPOINT ?? "ipc://frontend.ipc";
const backendEndpoint = process.env.BACKEND_ENDPOINT ?? "ipc://backend.ipc";
const NBR_CLIENTS = 10;
const NBR_WORKERS = 3;
const WORKER_READY = "READY"; //  Signals worker is ready

//  Basic request-reply client using REQ socket
async function clientTask(): Promise<void> {
  const client = new Request();
  client.connect(frontendEndpoint);

  //  Send request, get reply
  await client.send("HELLO");
  const [reply] = await client.receive();
  console.log(`Client: ${String(reply)}`);
  client.close();
}

//  Worker using REQ socket to do load-balancing
async function workerTask(worker: Request): Promise<void> {
  worker.connect(backendEndpoint);

  //  Tell broker we're ready for work
  await worker.send(WORKER_READY);

  //  Process messages as they arrive (until the socket is closed): the same envelope goes back
  for await (const message of worker) {
    console.log(`Worker: ${String(message.at(-1))}`);
    message[message.length - 1] = Buffer.from("OK");
    await worker.send(message);
  }
}

const frontend = new Router();
const backend = new Router();
await frontend.bind(frontendEndpoint);
await backend.bind(backendEndpoint);

const clients = Array.from({ length: NBR_CLIENTS }, clientTask);
const workers = Array.from({ length: NBR_WORKERS }, () => new Request());
for (const worker of workers) void workerTask(worker);

//  Queue of available workers, and a way for the front-end loop to wait until there is one
const workerQueue: Buffer[] = [];
let workerAvailable: (() => void) | undefined;

// One loop per socket, as in lbbroker.ts; the front-end's reads a request only while a worker is free.

//  Get client request, route to first available worker
async function handleFrontend(): Promise<void> {
  for (;;) {
    if (workerQueue.length === 0) await new Promise<void>((resolve) => (workerAvailable = resolve));
    const request = await frontend.receive();
    await backend.send([workerQueue.shift()!, "", ...request]);
  }
}

//  Use worker identity for load-balancing; forward message to client if it's not a READY
async function handleBackend(): Promise<void> {
  let clientNbr = NBR_CLIENTS;
  for await (const [identity, _delimiter, ...reply] of backend) {
    workerQueue.push(identity!);
    workerAvailable?.();
    workerAvailable = undefined;

    if (reply.length !== 1 || String(reply[0]) !== WORKER_READY) {
      await frontend.send(reply);
      if (--clientNbr === 0) break; // Exit after N messages
    }
  }
}

handleFrontend().catch((err: unknown) => {
  if (!frontend.closed) throw err; // closing the front-end below ends the loop's receive(); nothing else should
});
await handleBackend();

//  When we're done, clean up properly
await Promise.all(clients);
frontend.close();
backend.close();
for (const worker of workers) worker.close();
