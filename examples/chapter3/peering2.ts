/**
 * Broker peering, request-reply flow (the guide's peering2, chapter 3): a broker with its own clients and
 * workers that also lends work to, and takes work from, its peers. Local clients' REQ sockets connect to
 * localfe (ipc://<me>-localfe.ipc), local workers' REQ sockets to localbe (ipc://<me>-localbe.ipc). Peer
 * brokers send us requests on cloudfe (ipc://<me>-cloud.ipc, a ROUTER known to them by our name), and we
 * send them requests on cloudbe (a ROUTER connected to each peer's cloudfe). One local request in five goes
 * to a random peer, just to test the flow.
 *
 *   npx tsx examples/chapter3/peering2.ts DC1 DC2 DC3   # and, in two other terminals:
 *   npx tsx examples/chapter3/peering2.ts DC2 DC1 DC3
 *   npx tsx examples/chapter3/peering2.ts DC3 DC1 DC2
 *
 * The first argument is this broker's name, the others its peers' names; press Enter in each once all are
 * started. Ten clients and three workers run as async tasks of the broker's process, each with its own
 * socket, over ipc (the files are made in the current directory). A request sent to a peer that is not
 * running is lost, and so is its client, as the guide says. INTERVAL_MS sets the clients' pause between
 * requests (default 1000). Runs until Ctrl-C (SIGINT) or SIGTERM.
 */
import { createInterface } from "node:readline/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { Request, Router } from "../../src/index.js";

const NBR_CLIENTS = 10;
const NBR_WORKERS = 3;
const WORKER_READY = "\u0001"; //  Signals worker is ready
const [self, ...peers] = process.argv.slice(2);
const intervalMs = Number(process.env.INTERVAL_MS ?? 1000);

/** The guide's randof(): a random integer from 0 to num - 1. */
const randof = (num: number): number => Math.floor(Math.random() * num);

/** The guide's getchar(): waits for a line on stdin (or for stdin to end). */
async function pressEnter(prompt: string): Promise<void> {
  const terminal = createInterface({ input: process.stdin, output: process.stdout });
  const ended = new Promise<void>((resolve) => terminal.once("close", resolve));
  await Promise.race([terminal.question(prompt), ended]);
  terminal.close();
}

/** CZMQ's zmsg_unwrap(): takes off the first frame (an address), and the empty delimiter after it if any. */
function unwrap(message: Buffer[]): Buffer[] {
  return message[1]?.length === 0 ? message.slice(2) : message.slice(1);
}

//  The client task does a request-reply dialog using a standard synchronous REQ socket
async function clientTask(client: Request): Promise<void> {
  client.connect(`ipc://${self}-localfe.ipc`);
  while (!client.closed) {
    //  Send request, get reply
    await client.send("HELLO");
    const [reply] = await client.receive();
    console.log(`Client: ${String(reply)}`);
    await sleep(intervalMs);
  }
}

//  The worker task plugs into the load-balancer using a REQ socket
async function workerTask(worker: Request): Promise<void> {
  worker.connect(`ipc://${self}-localbe.ipc`);
  //  Tell broker we're ready for work
  await worker.send(WORKER_READY);
  //  Process messages as they arrive
  for await (const message of worker) {
    console.log(`Worker: ${String(message.at(-1))}`);
    message[message.length - 1] = Buffer.from("OK");
    await worker.send(message);
  }
}

if (self === undefined) {
  console.log("syntax: peering2 me {you}...");
} else {
  console.log(`I: preparing broker at ${self}...`);

  //  Bind cloud frontend to endpoint
  const cloudfe = new Router({ routingId: self });
  await cloudfe.bind(`ipc://${self}-cloud.ipc`);

  //  Connect cloud backend to all peers
  const cloudbe = new Router({ routingId: self });
  for (const peer of peers) {
    console.log(`I: connecting to cloud frontend at '${peer}'`);
    cloudbe.connect(`ipc://${peer}-cloud.ipc`);
  }

  //  Prepare local frontend and backend
  const localfe = new Router();
  await localfe.bind(`ipc://${self}-localfe.ipc`);
  const localbe = new Router();
  await localbe.bind(`ipc://${self}-localbe.ipc`);

  //  Get user to tell us when we can start...
  await pressEnter("Press Enter when all brokers are started: ");

  //  Start local workers and clients
  const workers = Array.from({ length: NBR_WORKERS }, () => new Request());
  const clients = Array.from({ length: NBR_CLIENTS }, () => new Request());
  const sockets = [cloudfe, cloudbe, localfe, localbe, ...workers, ...clients];

  //  Least recently used queue of available workers, and the frontend loops waiting for one
  const workerQueue: Buffer[] = [];
  const waitingForWorker: (() => void)[] = [];
  let interrupted = false;
  const wakeWaiting = (): void => {
    for (const wake of waitingForWorker.splice(0)) wake();
  };
  /** Resolves once a worker is free (or at once after Ctrl-C, when nothing is routed any more). */
  async function workerFree(): Promise<void> {
    while (workerQueue.length === 0 && !interrupted) await new Promise<void>((resolve) => waitingForWorker.push(resolve));
  }

  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      interrupted = true;
      // linger 0, as CZMQ (which the guide's version uses) closes its sockets: requests and replies still
      // in flight are dropped rather than waited for, since a peer broker may be gone already.
      for (const socket of sockets) {
        socket.linger = 0;
        socket.close();
      }
      wakeWaiting();
    });
  }

  //  Route a reply to the cloud if it's addressed to a broker, else to the local client
  async function routeReply(message: Buffer[]): Promise<void> {
    const address = String(message[0]);
    if (peers.includes(address)) await cloudfe.send(message);
    else await localfe.send(message);
  }

  //  Handle replies (and READY) from local workers
  async function handleLocalBackend(): Promise<void> {
    for await (const message of localbe) {
      workerQueue.push(message[0]!);
      wakeWaiting();
      const reply = unwrap(message);
      //  If it's READY, don't route the message any further
      if (!(reply.length === 1 && String(reply[0]) === WORKER_READY)) await routeReply(reply);
    }
  }

  //  Handle replies from peer brokers; we don't use the peer broker's identity for anything
  async function handleCloudBackend(): Promise<void> {
    for await (const message of cloudbe) await routeReply(unwrap(message));
  }

  //  Route client requests while there is a worker for them. Requests from the local frontend may go to
  //  the cloud (one in five, at random, to test things out); those from the cloud frontend may not.
  async function handleFrontend(frontend: Router, reroutable: boolean): Promise<void> {
    for (;;) {
      await workerFree();
      const request = await frontend.receive();
      if (reroutable && peers.length > 0 && randof(5) === 0) {
        //  Route to random broker peer
        await cloudbe.send([peers[randof(peers.length)]!, ...request]);
      } else {
        //  The other frontend's loop may have taken the free worker meanwhile: then wait for the next
        await workerFree();
        await localbe.send([workerQueue.shift()!, "", ...request]);
      }
    }
  }

  // zmtp has no zmq_poll: the guide polls the backends always, and the frontends while a worker is free.
  // Here each socket has its own loop; the frontends' wait for a free worker before reading a request. A
  // loop ends (its receive or send fails) when Ctrl-C closes the sockets.
  const ignoreOnceClosed = (err: unknown): void => {
    if (!localfe.closed) throw err;
  };
  await Promise.all(
    [
      handleLocalBackend(),
      handleCloudBackend(),
      handleFrontend(cloudfe, false),
      handleFrontend(localfe, true),
      ...workers.map(workerTask),
      ...clients.map(clientTask),
    ].map((task) => task.catch(ignoreOnceClosed)),
  );
}
