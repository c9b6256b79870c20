/**
 * ROUTER-to-DEALER (the guide's rtdealer, chapter 3): rtreq.ts with DEALER workers. A DEALER adds no
 * envelope of its own, so each worker writes the empty delimiter frame itself and reads it off the reply —
 * the framing a REQ socket does for you — and the broker, unchanged, cannot tell the difference.
 *
 *   npx tsx examples/chapter3/rtdealer.ts
 *
 * Ten workers (async tasks, each with its own socket, over tcp as if separate programs) are kept busy for
 * five seconds, then fired; each reports how many tasks it did. BROKER_ENDPOINT moves the endpoint (both
 * sides use it, so give one that can be connected to, such as tcp://127.0.0.1:5671 or an ipc:// path); RUN_MS
 * sets how long workers are kept busy (default 5000). Ends once every worker is fired.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { Dealer, Router } from "../../src/index.js";

const bindEndpoint = process.env.BROKER_ENDPOINT ?? "tcp://*:5671";
const connectEndpoint = process.env.BROKER_ENDPOINT ?? "tcp://localhost:5671";
const runMs = Number(process.env.RUN_MS ?? 5000);
const NBR_WORKERS = 10;

/** The guide's randof(): a random integer from 0 to num - 1. */
const randof = (num: number): number => Math.floor(Math.random() * num);

async function workerTask(): Promise<void> {
  const worker = new Dealer();
  worker.connect(connectEndpoint);
  let total = 0;
  for (;;) {
    //  Tell the broker we're ready for work: the empty delimiter, then the body
    await worker.send(["", "Hi Boss"]);

    //  Get workload from broker, until finished: the delimiter, then the body
    const [, workload] = await worker.receive();
    if (String(workload) === "Fired!") {
      console.log(`Completed: ${total} tasks`);
      break;
    }
    total++;

    //  Do some random work
    await sleep(randof(500) + 1);
  }
  worker.close();
}

const broker = new Router();
await broker.bind(bindEndpoint);

const workers = Array.from({ length: NBR_WORKERS }, workerTask);

//  Run for five seconds and then tell workers to end
const endTime = Date.now() + runMs;
let workersFired = 0;
//  Next message gives us least recently used worker: [identity, empty delimiter, "Hi Boss"]
for await (const [identity] of broker) {
  //  Encourage workers until it's time to fire them
  if (Date.now() < endTime) {
    await broker.send([identity!, "", "Work harder"]);
  } else {
    await broker.send([identity!, "", "Fired!"]);
    if (++workersFired === NBR_WORKERS) break;
  }
}
await Promise.all(workers);
broker.close();
