/**
 * Titanic service (the guide's titanic, chapter 4): disconnected reliability (RFC 9, Titanic Service
 * Protocol) on top of Majordomo. Three Majordomo workers take requests for the services titanic.request
 * (store a request on disk, answer with its UUID), titanic.reply (the stored reply: 200, or 300 while
 * pending, 400 if unknown) and titanic.close (forget a request); a dispatcher hands each stored request to
 * its service through the broker until it gets the reply, which it stores for titanic.reply.
 *
 *   npx tsx examples/chapter4/titanic.ts [-v]
 *
 * The C's threads are async tasks of this one process; the request service passes each new UUID to the
 * dispatcher over an inproc PAIR pipe. Requests, replies and the queue of UUIDs live in .titanic/ in the
 * current directory (each message stored as its frames, each a 4-byte big-endian length and the bytes).
 * -v traces the dispatcher. Pairs with mdbroker.ts, ticlient.ts and mdworker.ts (start the worker last:
 * the request is done when it comes). BROKER_ENDPOINT moves the broker's endpoint; INTERVAL_MS sets how
 * often the dispatcher goes through the queue when idle (default 1000). Runs until Ctrl-C (SIGINT) or
 * SIGTERM.
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Pair, ZmqError } from "../../src/index.js";
import { MajordomoClient } from "./mdcliapi.js";
import { MajordomoWorker } from "./mdwrkapi.js";

const broker = process.env.BROKER_ENDPOINT ?? "tcp://localhost:5555";
const intervalMs = Number(process.env.INTERVAL_MS ?? 1000);
const verbose = process.argv[2] === "-v";
const TITANIC_DIR = ".titanic";
const QUEUE_FILE = path.join(TITANIC_DIR, "queue"); //  Lines of '-' (pending) or '+' (done), then a UUID

/** A new UUID as a printable character string: 32 hex digits. */
const generateUuid = (): string => randomUUID().replaceAll("-", "").toUpperCase();
const requestFilename = (uuid: string): string => path.join(TITANIC_DIR, `${uuid}.req`);
const replyFilename = (uuid: string): string => path.join(TITANIC_DIR, `${uuid}.rep`);

/** CZMQ's zmsg_save(): a message to a file, frame by frame. */
function saveMessage(filename: string, message: readonly Buffer[]): void {
  const parts: Buffer[] = [];
  for (const frame of message) {
    const size = Buffer.alloc(4);
    size.writeUInt32BE(frame.length);
    parts.push(size, frame);
  }
  fs.writeFileSync(filename, Buffer.concat(parts));
}

/** CZMQ's zmsg_load(): the message a file holds. */
function loadMessage(filename: string): Buffer[] {
  const data = fs.readFileSync(filename);
  const message: Buffer[] = [];
  for (let offset = 0; offset + 4 <= data.length; ) {
    const size = data.readUInt32BE(offset);
    message.push(data.subarray(offset + 4, offset + 4 + size));
    offset += 4 + size;
  }
  return message;
}

const workers: MajordomoWorker[] = [];
let dispatching: MajordomoClient | undefined; //  The dispatcher's client session, while it has one
/** Runs a Majordomo worker for a service: each request's reply is what `handle` returns. */
async function serve(service: string, handle: (request: Buffer[]) => (string | Buffer)[]): Promise<void> {
  const worker = new MajordomoWorker(broker, service);
  workers.push(worker);
  let reply: Buffer[] | null = null;
  for (;;) {
    //  Send reply if it's not null, and then get next request from broker
    const request = await worker.recv(reply);
    if (request === null) break; //  Interrupted, exit
    reply = handle(request).map((frame) => Buffer.from(frame));
  }
}

//  The dispatcher's end of the pipe from titanic.request, and the request service's end
const requestPipe = new Pair();
await requestPipe.bind("inproc://titanic-requests");
const requestPipeWriter = new Pair();
requestPipeWriter.connect("inproc://titanic-requests");

//  The titanic.request service writes each request to disk and returns a UUID to the client. The client
//  picks up the reply asynchronously using the titanic.reply service:
function titanicRequest(request: Buffer[]): string[] {
  //  Ensure message directory exists; generate UUID and save message to disk
  fs.mkdirSync(TITANIC_DIR, { recursive: true });
  const uuid = generateUuid();
  saveMessage(requestFilename(uuid), request);
  //  Send UUID through to message queue
  void requestPipeWriter.send(uuid).catch(() => undefined); //  Fails only once interrupted
  //  Now send UUID back to client (done by the worker's next recv())
  return ["200", uuid];
}

//  The titanic.reply service checks if there's a reply for the specified request (by UUID), and returns a
//  200 (OK), 300 (Pending), or 400 (Unknown) accordingly:
function titanicReply(request: Buffer[]): (string | Buffer)[] {
  const uuid = String(request[0]);
  if (fs.existsSync(replyFilename(uuid))) return ["200", ...loadMessage(replyFilename(uuid))];
  return [fs.existsSync(requestFilename(uuid)) ? "300" : "400"]; //  Pending, or unknown
}

//  The titanic.close service removes any waiting replies for the request (specified by UUID). It's
//  idempotent, so it is safe to call more than once in a row:
function titanicClose(request: Buffer[]): string[] {
  const uuid = String(request[0]);
  fs.rmSync(requestFilename(uuid), { force: true });
  fs.rmSync(replyFilename(uuid), { force: true });
  return ["200"];
}

//  Tries to call a service: first checks, with a Majordomo Management Interface lookup, whether the broker
//  knows the service; if it does, sends the stored request and waits for the reply with the conventional
//  Majordomo client API. Not meant to be fast, just very simple. Says whether the request is done.
async function serviceSuccess(uuid: string): Promise<boolean> {
  //  Load request message, service will be first frame. If the client already closed request, treat as
  //  successful
  if (!fs.existsSync(requestFilename(uuid))) return true;
  const [service, ...request] = loadMessage(requestFilename(uuid));

  //  Create MDP client session with short timeout
  const client = new MajordomoClient(broker);
  client.timeout = 1000; //  1 sec
  client.retries = 1; //  only 1 retry
  dispatching = client;
  try {
    //  Use MMI protocol to check if service is available
    const mmiReply = await client.send("mmi.service", [service!]);
    if (mmiReply === null || String(mmiReply[0]) !== "200") return false;
    const reply = await client.send(String(service), request);
    if (reply === null) return false;
    saveMessage(replyFilename(uuid), reply);
    return true;
  } finally {
    client.close();
    dispatching = undefined;
  }
}

//  The main task's brute force dispatcher: throws each pending request in the queue at its service until
//  it gets a response, and then marks the entry as done.
async function dispatch(): Promise<void> {
  if (!fs.existsSync(QUEUE_FILE)) return;
  const fd = fs.openSync(QUEUE_FILE, "r+");
  try {
    const queue = fs.readFileSync(fd, "latin1");
    for (const match of queue.matchAll(/^-([0-9A-F]{32})\r?$/gm)) {
      const uuid = match[1]!;
      if (verbose) console.log(`I: processing request ${uuid}`);
      //  Mark queue entry as processed
      if (await serviceSuccess(uuid)) fs.writeSync(fd, "+", match.index, "latin1");
      if (interrupted) break;
    }
  } finally {
    fs.closeSync(fd);
  }
}

let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    interrupted = true;
    for (const worker of workers) worker.close();
    dispatching?.close();
    for (const pipe of [requestPipe, requestPipeWriter]) {
      pipe.linger = 0;
      pipe.close();
    }
  });
}

const services = [serve("titanic.request", titanicRequest), serve("titanic.reply", titanicReply), serve("titanic.close", titanicClose)];

//  Main dispatcher loop: we dispatch once per interval, if there's no activity
requestPipe.receiveTimeout = intervalMs;
while (!interrupted) {
  try {
    const [uuid] = await requestPipe.receive();
    //  Ensure message directory exists; append UUID to queue, prefixed with '-' for pending
    fs.mkdirSync(TITANIC_DIR, { recursive: true });
    fs.appendFileSync(QUEUE_FILE, `-${String(uuid)}\n`);
  } catch (err) {
    if (interrupted) break; //  Interrupted
    if (!(err instanceof ZmqError && err.code === "EAGAIN")) throw err;
  }
  await dispatch();
}
await Promise.all(services);
