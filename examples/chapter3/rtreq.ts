/**
 * ROUTER-to-REQ (the guide's rtreq, chapter 3): a ROUTER broker (tcp://*:5671) hands out work to ten REQ
 * workers, always to the one that asked last ("Hi Boss"), for five seconds, then fires them all. Each
 * worker reports how many tasks it did: about the same number each, since every worker gets a task as soon
 * as it asks for one.
 *
 *   npx tsx examples/chapter3/rtreq.ts
 *
 * The guide runs the workers as threads of one process only to make the example easy to start and stop;
 * here they are async tasks, each with its own socket, over tcp as if they were separate programs. The C
 * version gives each worker a printable identity because its string helpers cannot carry binary ones; Buffers
 * can, so the ROUTER's generated ids serve. BROKER_ENDPOINT moves the endpoint (both sides use it, so give
 * one that can be connected to, such as tcp://127.0.0.1:5671 or an ipc:// path); RUN_MS sets how long
 * workers are kept busy (default 5000). Ends once every worker is fired.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { Request, Router } from "../../src/index.js";

const bindEndpoint = process.env.BROKER_ENDPOINT ?? "tcp://*:5671";
const connectEndpoint = process.env.BROKER_ENDPOINT ?? "tcp://localhost:5671";
const runMs = Number(process.env.RUN_MS ?? 5000);
const NBR_WORKERS = 10;

/** The guide's randof(): a random integer from 0 to num - 1. */
const randof = (num: number): number => Math.floor(Math.random() * num);

async function workerTask(): Promise<void> {
  const worker = new Request();
  worker.connect(connectEndpoint);
  let total = 0;
  for (;;) {
    //  Tell the broker we're ready for work
    await worker.send("Hi Boss");

    //  Get workload from broker, until finished
    const [workload] = await worker.receive();
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
