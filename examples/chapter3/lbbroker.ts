/**
 * Load-balancing broker (the guide's lbbroker, chapter 3): clients' REQ sockets connect to a ROUTER
 * front-end (ipc://frontend.ipc), workers' REQ sockets to a ROUTER back-end (ipc://backend.ipc). A worker
 * asks for work by sending "READY", then by each reply; the broker keeps a queue of the workers that asked
 * and gives each client request to the one that has waited longest. It reads client requests only while a
 * worker is free, leaving the rest queued in ZeroMQ.
 *
 *   npx tsx examples/chapter3/lbbroker.ts
 *
 * Ten clients and three workers run as async tasks of this one process, each with its own socket, over ipc
 * as if they were separate programs (the ipc files are made in the current directory and removed at the
 * end). FRONTEND_ENDPOINT and BACKEND_ENDPOINT move the endpoints (both sides use them, so give ones that can
 * be connected to). Ends after the ten clients are answered.
 */
import { Request, Router } from "../../src/index.js";

const frontendEndpoint = process.env.FRONTEND_ENDPOINT ?? "ipc://frontend.ipc";
const backendEndpoint = process.env.BACKEND_ENDPOINT ?? "ipc://backend.ipc";
const NBR_CLIENTS = 10;
const NBR_WORKERS = 3;

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
  await worker.send("READY");

  //  Each request comes as [client identity, empty delimiter, request]: REQ has already taken the
  //  broker's envelope off. The reply goes back with the same client envelope. The loop ends when the
  //  socket is closed.
  for await (const [identity, , request] of worker) {
    console.log(`Worker: ${String(request)}`);
    await worker.send([identity!, "", "OK"]);
  }
}

//  Prepare our sockets
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

// zmtp has no zmq_poll: the guide polls the back-end always and the front-end only while a worker is free.
// Here each socket has its own loop, and the front-end's waits for a free worker before it reads a request.

/** Client requests, [client identity, empty, request], to the worker that has waited longest. */
async function handleFrontend(): Promise<void> {
  for (;;) {
    if (workerQueue.length === 0) await new Promise<void>((resolve) => (workerAvailable = resolve));
    const [clientId, , request] = await frontend.receive();
    const workerId = workerQueue.shift()!;
    await backend.send([workerId, "", clientId!, "", request!]);
  }
}

/**
 * Worker messages: [worker identity, empty, "READY"] or [worker identity, empty, client identity, empty,
 * reply]. Either way the worker is free again; a reply goes on to its client. Ends after the last client.
 */
async function handleBackend(): Promise<void> {
  let clientNbr = NBR_CLIENTS;
  for await (const [workerId, , clientId, , reply] of backend) {
    //  Queue worker identity for load-balancing
    workerQueue.push(workerId!);
    workerAvailable?.();
    workerAvailable = undefined;

    //  Third frame is READY or else a client reply identity
    if (String(clientId) !== "READY") {
      await frontend.send([clientId!, "", reply!]);
      if (--clientNbr === 0) break; //  Exit after N messages
    }
  }
}

handleFrontend().catch((err: unknown) => {
  if (!frontend.closed) throw err; // closing the front-end below ends the loop's receive(); nothing else should
});
await handleBackend();

//  Clean up: the clients have their replies; closing the workers' sockets ends their loops
await Promise.all(clients);
frontend.close();
backend.close();
for (const worker of workers) worker.close();
