/**
 * Majordomo Protocol broker (the guide's mdbroker, chapter 4): a minimal implementation of MDP/0.1 (RFC 7)
 * and of the service lookup of the Majordomo Management Interface (RFC 8), on one ROUTER socket bound to
 * tcp://*:5555 for clients and workers alike. Workers register a service; the broker queues each client
 * request for a worker of that service, routes the reply back, heartbeats idle workers and forgets those
 * that stop heartbeating.
 *
 *   npx tsx examples/chapter4/mdbroker.ts [-v]
 *
 * -v traces every message. Pairs with mdworker.ts, mdclient.ts, mdclient2.ts, mmiecho.ts, titanic.ts and
 * ticlient.ts (or any language's Majordomo clients and workers). BROKER_ENDPOINT moves the endpoint;
 * HEARTBEAT_MS sets the heartbeat (default 2500; give the workers the same). Runs until Ctrl-C (SIGINT) or
 * SIGTERM.
 */
import { Router, ZmqError } from "../../src/index.js";
import { commandName, MDPC_CLIENT, MDPW_DISCONNECT, MDPW_HEARTBEAT, MDPW_READY, MDPW_REPLY, MDPW_REQUEST, MDPW_WORKER } from "./mdp.js";
import { dump, log } from "./zhelpers.js";

//  We'd normally pull these from config data
const endpoint = process.env.BROKER_ENDPOINT ?? "tcp://*:5555";
const HEARTBEAT_LIVENESS = 3; //  3-5 is reasonable
const HEARTBEAT_INTERVAL = Number(process.env.HEARTBEAT_MS ?? 2500); //  msecs
const HEARTBEAT_EXPIRY = HEARTBEAT_INTERVAL * HEARTBEAT_LIVENESS;

/** A single service: its queued client requests and its idle workers. */
interface Service {
  name: string; //  Service name
  requests: Buffer[][]; //  List of client requests
  waiting: Worker[]; //  List of waiting workers
  workers: number; //  How many workers we have
}

/** A single worker, idle or active. */
interface Worker {
  idString: string; //  Identity of worker as string
  identity: Buffer; //  Identity frame for routing
  service: Service | undefined; //  Owning service, if known
  expiry: number; //  When worker expires, if no heartbeat
}

/** CZMQ's zmsg_unwrap(): the first frame (an address), and the rest after the empty delimiter, if any. */
function unwrap(message: Buffer[]): [Buffer, Buffer[]] {
  const [address, ...rest] = message;
  if (rest[0]?.length === 0) rest.shift();
  return [address!, rest];
}

class Broker {
  //  Socket for clients & workers. Its receive timeout is the C's zmq_poll() timeout: the heartbeat.
  readonly socket = new Router({ receiveTimeout: HEARTBEAT_INTERVAL });
  private readonly services = new Map<string, Service>(); //  Known services
  private readonly workers = new Map<string, Worker>(); //  Known workers
  private readonly waiting: Worker[] = []; //  Waiting workers
  private heartbeatAt = Date.now() + HEARTBEAT_INTERVAL; //  When to send HEARTBEAT

  constructor(private readonly verbose: boolean) {}

  //  Binds the broker to an endpoint. We can call this multiple times. Note that MDP uses a single socket
  //  for both clients and workers:
  async bind(endpoint: string): Promise<void> {
    await this.socket.bind(endpoint);
    log(`I: MDP broker/0.2.0 is active at ${endpoint}`);
  }

  //  Gets and processes messages until the socket closes
  async run(): Promise<void> {
    while (!this.socket.closed) {
      let message: Buffer[] | undefined;
      try {
        message = await this.socket.receive();
      } catch (err) {
        if (this.socket.closed) return; //  Interrupted
        if (!(err instanceof ZmqError && err.code === "EAGAIN")) throw err;
      }
      if (message !== undefined) {
        if (this.verbose) {
          log("I: received message:");
          dump(message);
        }
        //  A server must survive what any peer sends: where the C asserts, malformed input is logged and dropped.
        const [sender, _empty, header, ...rest] = message;
        if (header !== undefined && String(header) === MDPC_CLIENT) await this.clientMessage(sender!, rest);
        else if (header !== undefined && String(header) === MDPW_WORKER) await this.workerMessage(sender!, rest);
        else this.invalid("E: invalid message:", message);
      }
      //  Disconnect and delete any expired workers; send heartbeats to idle workers if needed
      if (Date.now() > this.heartbeatAt) {
        await this.purge();
        for (const worker of [...this.waiting]) await this.workerSend(worker, MDPW_HEARTBEAT);
        this.heartbeatAt = Date.now() + HEARTBEAT_INTERVAL;
      }
    }
  }

  //  Processes one READY, REPLY, HEARTBEAT or DISCONNECT message sent to the broker by a worker
  private async workerMessage(sender: Buffer, message: Buffer[]): Promise<void> {
    const command = message.shift();
    if (command === undefined) {
      this.invalid("E: invalid input message", message);
      return;
    }
    const workerReady = this.workers.has(sender.toString("hex").toUpperCase());
    const worker = this.requireWorker(sender);

    switch (String(command)) {
      case MDPW_READY: {
        const serviceFrame = message.shift();
        //  Not first command in session, or no service, or a reserved service name (RFC 8: mmi.*; the C
        //  checks the sender's identity here, where the service name is meant)
        if (workerReady || serviceFrame === undefined || String(serviceFrame).startsWith("mmi.")) {
          await this.deleteWorker(worker, true);
        } else {
          //  Attach worker to service and mark as idle
          worker.service = this.requireService(serviceFrame);
          worker.service.workers++;
          await this.workerWaiting(worker);
        }
        break;
      }
      case MDPW_REPLY:
        if (workerReady && worker.service !== undefined && message.length > 0) {
          //  Remove and save client return envelope and insert the protocol header and service name, then
          //  rewrap envelope.
          const [client, body] = unwrap(message);
          await this.socket.send([client, "", MDPC_CLIENT, worker.service.name, ...body]);
          await this.workerWaiting(worker);
        } else {
          await this.deleteWorker(worker, true);
        }
        break;
      case MDPW_HEARTBEAT:
        if (workerReady) worker.expiry = Date.now() + HEARTBEAT_EXPIRY;
        else await this.deleteWorker(worker, true);
        break;
      case MDPW_DISCONNECT:
        await this.deleteWorker(worker, false);
        break;
      default:
        this.invalid("E: invalid input message", message);
    }
  }

  //  Processes a request coming from a client. We implement MMI requests directly here (at present, we
  //  implement only the mmi.service request):
  private async clientMessage(sender: Buffer, message: Buffer[]): Promise<void> {
    const serviceFrame = message.shift(); //  Service name + body
    if (serviceFrame === undefined || message.length === 0) {
      this.invalid("E: invalid client message", message);
      return;
    }
    const service = this.requireService(serviceFrame);

    //  If we got a MMI service request, process that internally
    if (service.name.startsWith("mmi.")) {
      let returnCode = "501";
      if (service.name === "mmi.service") {
        const wanted = this.services.get(String(message.at(-1)));
        returnCode = wanted !== undefined && wanted.workers > 0 ? "200" : "404";
      }
      message[message.length - 1] = Buffer.from(returnCode);
      //  Insert the protocol header and service name after the client's envelope
      await this.socket.send([sender, "", MDPC_CLIENT, serviceFrame, ...message]);
    } else {
      //  Else dispatch the message to the requested service, with the client's return envelope
      await this.dispatch(service, [sender, Buffer.alloc(0), ...message]);
    }
  }

  //  Deletes any idle workers that haven't pinged us in a while. We hold workers from oldest to most recent
  //  so we can stop scanning whenever we find a live worker.
  private async purge(): Promise<void> {
    for (let worker = this.waiting[0]; worker !== undefined; worker = this.waiting[0]) {
      if (Date.now() < worker.expiry) break; //  Worker is alive, we're done here
      if (this.verbose) log(`I: deleting expired worker: ${worker.idString}`);
      await this.deleteWorker(worker, false);
    }
  }

  //  Locates a service by name, or creates a new service if there is no service already with that name
  private requireService(serviceFrame: Buffer): Service {
    const name = String(serviceFrame);
    let service = this.services.get(name);
    if (service === undefined) {
      service = { name, requests: [], waiting: [], workers: 0 };
      this.services.set(name, service);
      if (this.verbose) log(`I: added service: ${name}`);
    }
    return service;
  }

  //  Sends requests to waiting workers
  private async dispatch(service: Service, message?: Buffer[]): Promise<void> {
    if (message !== undefined) service.requests.push(message); //  Queue message if any
    await this.purge();
    while (service.waiting.length > 0 && service.requests.length > 0) {
      const worker = service.waiting.shift()!;
      remove(this.waiting, worker);
      await this.workerSend(worker, MDPW_REQUEST, service.requests.shift());
    }
  }

  //  Locates a worker by identity, or creates a new worker if there is no worker already with that identity
  private requireWorker(identity: Buffer): Worker {
    const idString = identity.toString("hex").toUpperCase();
    let worker = this.workers.get(idString);
    if (worker === undefined) {
      worker = { idString, identity, service: undefined, expiry: 0 };
      this.workers.set(idString, worker);
      if (this.verbose) log(`I: registering new worker: ${idString}`);
    }
    return worker;
  }

  //  Deletes the current worker, telling it to disconnect if asked
  private async deleteWorker(worker: Worker, disconnect: boolean): Promise<void> {
    if (disconnect) await this.workerSend(worker, MDPW_DISCONNECT);
    if (worker.service !== undefined) {
      remove(worker.service.waiting, worker);
      worker.service.workers--;
    }
    remove(this.waiting, worker);
    this.workers.delete(worker.idString);
  }

  //  Formats and sends a command to a worker, with a payload if there is one
  private async workerSend(worker: Worker, command: string, message: Buffer[] = []): Promise<void> {
    //  Stack routing and protocol envelopes to start of message
    const frames = [worker.identity, Buffer.alloc(0), Buffer.from(MDPW_WORKER), Buffer.from(command), ...message];
    if (this.verbose) {
      log(`I: sending ${commandName(command)} to worker`);
      dump(frames);
    }
    await this.socket.send(frames);
  }

  //  This worker is now waiting for work
  private async workerWaiting(worker: Worker): Promise<void> {
    //  Queue to broker and service waiting lists
    this.waiting.push(worker);
    worker.service!.waiting.push(worker);
    worker.expiry = Date.now() + HEARTBEAT_EXPIRY;
    await this.dispatch(worker.service!);
  }

  private invalid(text: string, message: Buffer[]): void {
    log(text);
    dump(message);
  }
}

/** Removes an item from a list, if it is there. */
function remove<T>(list: T[], item: T): void {
  const index = list.indexOf(item);
  if (index !== -1) list.splice(index, 1);
}

//  Finally, here is the main task. We create a new broker instance and then process messages on the broker
//  socket:
const verbose = process.argv[2] === "-v";
const broker = new Broker(verbose);
await broker.bind(endpoint);

let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    interrupted = true;
    broker.socket.linger = 0; //  As CZMQ closes it
    broker.socket.close();
  });
}

//  A send cut short by Ctrl-C fails; that is expected then.
await broker.run().catch((err: unknown) => {
  if (!interrupted) throw err;
});
if (interrupted) console.log("W: interrupt received, shutting down...");
