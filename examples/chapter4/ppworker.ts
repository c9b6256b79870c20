/**
 * Paranoid Pirate worker (the guide's ppworker, chapter 4): a DEALER connected to the queue on
 * tcp://localhost:5556 that says READY, then echoes requests, sends the queue a HEARTBEAT every second and
 * expects one back. After three heartbeats without a word from the queue it takes the queue for dead: it
 * closes its socket, waits (1 second, doubling up to 32), and connects again with a new one. After a few
 * requests it randomly crashes or overloads.
 *
 *   npx tsx examples/chapter4/ppworker.ts
 *
 * Pairs with ppqueue.ts (and lpclient.ts on the queue's other side). BACKEND_ENDPOINT moves the endpoint;
 * HEARTBEAT_MS sets the heartbeat (default 1000; give the queue the same); RECONNECT_MS the first wait
 * before reconnecting (default 1000, at most 32 times that); WORK_MS the pretend work (default 1000; an
 * overload takes three times that); SIMULATE_FAULTS=0 turns the random crashes and overloads off. Runs
 * until it simulates a crash, or until Ctrl-C (SIGINT) or SIGTERM.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { Dealer, ZmqError } from "../../src/index.js";

const endpoint = process.env.BACKEND_ENDPOINT ?? "tcp://localhost:5556";
const HEARTBEAT_LIVENESS = 3; //  3-5 is reasonable
const HEARTBEAT_INTERVAL = Number(process.env.HEARTBEAT_MS ?? 1000); //  msecs
const INTERVAL_INIT = Number(process.env.RECONNECT_MS ?? 1000); //  Initial reconnect
const INTERVAL_MAX = 32 * INTERVAL_INIT; //  After exponential backoff
const workMs = Number(process.env.WORK_MS ?? 1000);
const simulateFaults = process.env.SIMULATE_FAULTS !== "0";

//  Paranoid Pirate Protocol constants
const PPP_READY = "\u0001"; //  Signals worker is ready
const PPP_HEARTBEAT = "\u0002"; //  Signals worker heartbeat

/** The guide's randof(): a random integer from 0 to num - 1. */
const randof = (num: number): number => Math.floor(Math.random() * num);

/**
 * A new DEALER connected to the queue, that has told the queue it is ready. Its receive timeout is the
 * heartbeat: the C's zmq_poll() timeout.
 */
async function workerSocket(): Promise<Dealer> {
  const socket = new Dealer({ receiveTimeout: HEARTBEAT_INTERVAL });
  socket.connect(endpoint);
  //  Tell queue we're ready for work
  console.log("I: worker ready");
  await socket.send(PPP_READY);
  return socket;
}

let worker = await workerSocket();
let interrupted = false;
const abandon = new AbortController(); //  Cuts a pause short on Ctrl-C

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    interrupted = true;
    abandon.abort();
    worker.linger = 0; //  As CZMQ closes it
    worker.close();
  });
}

/** Sleeps, unless interrupted; says whether it slept the whole time. */
async function pause(ms: number): Promise<boolean> {
  try {
    await sleep(ms, undefined, { signal: abandon.signal });
    return true;
  } catch {
    return false;
  }
}

//  If liveness hits zero, queue is considered disconnected
let liveness = HEARTBEAT_LIVENESS;
let interval = INTERVAL_INIT;

//  Send out heartbeats at regular intervals
let heartbeatAt = Date.now() + HEARTBEAT_INTERVAL;

let cycles = 0;
async function run(): Promise<void> {
  while (!interrupted) {
    let message: Buffer[] | undefined;
    try {
      message = await worker.receive();
    } catch (err) {
      if (interrupted) break; //  Interrupted
      if (!(err instanceof ZmqError && err.code === "EAGAIN")) throw err;
    }

    if (message !== undefined) {
      //  Get message
      //  - 3-part envelope + content -> request
      //  - 1-part HEARTBEAT -> heartbeat
      if (message.length === 3) {
        //  To test the robustness of the queue implementation we simulate various typical problems, such as
        //  the worker crashing or running very slowly. We do this after a few cycles so that the
        //  architecture can get up and running first:
        cycles++;
        if (simulateFaults && cycles > 3 && randof(5) === 0) {
          console.log("I: simulating a crash");
          break;
        }
        if (simulateFaults && cycles > 3 && randof(5) === 0) {
          console.log("I: simulating CPU overload");
          if (!(await pause(3 * workMs))) break;
        }
        console.log("I: normal reply");
        await worker.send(message);
        liveness = HEARTBEAT_LIVENESS;
        if (!(await pause(workMs))) break; //  Do some heavy work
      } else if (message.length === 1 && String(message[0]) === PPP_HEARTBEAT) {
        //  When we get a heartbeat message from the queue, it means the queue was (recently) alive, so we
        //  must reset our liveness indicator:
        liveness = HEARTBEAT_LIVENESS;
      } else {
        console.log(`E: invalid message: ${message.map((frame) => frame.toString("hex").toUpperCase()).join(" ")}`);
      }
      interval = INTERVAL_INIT;
    } else if (--liveness === 0) {
      //  If the queue hasn't sent us heartbeats in a while, destroy the socket and reconnect. This is the
      //  simplest most brutal way of discarding any messages we might have sent in the meantime:
      console.log("W: heartbeat failure, can't reach queue");
      console.log(`W: reconnecting in ${interval} msec...`);
      if (!(await pause(interval))) break;
      if (interval < INTERVAL_MAX) interval *= 2;
      worker.linger = 0;
      worker.close();
      worker = await workerSocket();
      liveness = HEARTBEAT_LIVENESS;
    }

    //  Send heartbeat to queue if it's time
    if (Date.now() > heartbeatAt) {
      heartbeatAt = Date.now() + HEARTBEAT_INTERVAL;
      console.log("I: worker heartbeat");
      await worker.send(PPP_HEARTBEAT);
    }
  }
}

//  A send cut short by Ctrl-C fails; that is expected then.
await run().catch((err: unknown) => {
  if (!interrupted) throw err;
});
worker.linger = 0;
worker.close();
