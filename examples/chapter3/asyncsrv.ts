/**
 * Asynchronous client/server (the guide's asyncsrv, chapter 3): three DEALER clients each send a request
 * every second and print replies whenever they come; the server is a ROUTER front-end (tcp://*:5570), a
 * DEALER back-end (inproc://backend), a Proxy between them, and five DEALER workers that answer each
 * request with zero to four replies, at random moments. Neither side waits for the other: requests and
 * replies flow independently, the routing ids keeping track of who gets what.
 *
 *   npx tsx examples/chapter3/asyncsrv.ts
 *
 * Clients, server and workers are async tasks of this one process (the guide's threads), each with its own
 * socket; clients reach the server over tcp as if they were separate programs. Each line printed is a reply:
 * the client's identity, the size and the content. SERVER_ENDPOINT moves the endpoint (both sides use it,
 * so give one that can be connected to, such as tcp://127.0.0.1:5570 or an ipc:// path); RUN_MS sets how
 * long it runs (default 5000).
 */
import { setTimeout as sleep } from "node:timers/promises";
import { Dealer, Proxy, Router } from "../../src/index.js";

const bindEndpoint = process.env.SERVER_ENDPOINT ?? "tcp://*:5570";
const connectEndpoint = process.env.SERVER_ENDPOINT ?? "tcp://localhost:5570";
const runMs = Number(process.env.RUN_MS ?? 5000);

/** The guide's randof(): a random integer from 0 to num - 1. */
const randof = (num: number): number => Math.floor(Math.random() * num);
const hex4 = (): string => randof(0x10000).toString(16).toUpperCase().padStart(4, "0");

/** CZMQ's zframe_print(): a frame after a prefix, with its size. */
function printFrame(frame: Buffer | undefined, prefix: string): void {
  const data = frame ?? Buffer.alloc(0);
  console.log(`${prefix}[${String(data.length).padStart(3, "0")}] ${data.toString()}`);
}

//  This is our client task.
//  It connects to the server, and then sends a request once per second.
//  It collects responses as they arrive, and it prints them out. We will
//  run several client tasks in parallel, each with a different random ID.
async function clientTask(client: Dealer): Promise<void> {
  //  Set random identity to make tracing easier (must be done before connecting)
  const identity = `${hex4()}-${hex4()}`;
  client.routingId = identity;
  client.connect(connectEndpoint);

  // The guide polls for replies in 10 ms slices between requests; here replies have a loop of their own.
  const printing = (async () => {
    for await (const message of client) printFrame(message.at(-1), identity);
  })();

  let requestNbr = 0;
  while (!client.closed) {
    //  Tick once per second
    await sleep(1000);
    if (client.closed) break;
    await client.send(`request #${++requestNbr}`);
  }
  await printing;
}

//  Each worker task works on one request at a time and sends a random number of replies back, with random
//  delays between replies. The DEALER socket gives us the reply envelope (the client's routing id) and the
//  message.
async function serverWorker(worker: Dealer): Promise<void> {
  worker.connect("inproc://backend");
  for await (const [identity, content] of worker) {
    //  Send 0..4 replies back
    const replies = randof(5);
    for (let reply = 0; reply < replies; reply++) {
      //  Sleep for some fraction of a second
      await sleep(randof(1000) + 1);
      if (worker.closed) return;
      await worker.send([identity!, content!]);
    }
  }
}

//  This is our server task.
//  It uses the multithreaded server model to deal requests out to a pool of workers and route replies back
//  to clients. One worker can handle one request at a time but one client can talk to multiple workers at
//  once.
async function serverTask(proxy: Proxy<Router, Dealer>, workers: Dealer[]): Promise<void> {
  //  Launch pool of workers, precise number is not critical
  const working = workers.map(serverWorker);

  //  Connect backend to frontend via a proxy
  await proxy.frontEnd.bind(bindEndpoint);
  await proxy.backEnd.bind("inproc://backend");
  await proxy.run();
  await Promise.all(working);
}

//  The main task simply starts several clients and a server, and then waits for the server to finish.
const clients = [new Dealer(), new Dealer(), new Dealer()];
const clientsDone = clients.map(clientTask);
const proxy = new Proxy(new Router(), new Dealer());
const workers = Array.from({ length: 5 }, () => new Dealer());
const serverDone = serverTask(proxy, workers);

await sleep(runMs); //  Run for five seconds then quit
// linger 0, as CZMQ (which the guide's version uses) closes its sockets: requests and replies still in
// flight are dropped rather than waited for.
for (const socket of [...clients, proxy.frontEnd, proxy.backEnd, ...workers]) socket.linger = 0;
for (const client of clients) client.close();
proxy.terminate();
for (const worker of workers) worker.close();
await Promise.all([...clientsDone, serverDone]);
