/**
 * Task sink (the guide's tasksink, chapter 1): a PULL socket bound to tcp://*:5558 waits for the
 * ventilator's start-of-batch signal, collects the 100 results of the batch from the workers, and prints
 * how long the batch took.
 *
 *   npx tsx examples/chapter1/tasksink.ts
 *
 * Start it before taskvent.ts and the taskwork.ts workers. SINK_ENDPOINT moves the endpoint; TASKS sets
 * the batch size (default 100, as the ventilator's). Ends after the batch.
 */
import { Pull } from "../../src/index.js";

const endpoint = process.env.SINK_ENDPOINT ?? "tcp://*:5558";
const tasks = Number(process.env.TASKS ?? 100);

//  Prepare our socket
const receiver = new Pull();
await receiver.bind(endpoint);

//  Wait for start of batch
await receiver.receive();

//  Start our clock now
const startTime = Date.now();

//  Process the confirmations
for (let taskNbr = 0; taskNbr < tasks; taskNbr++) {
  await receiver.receive();
  process.stdout.write(taskNbr % 10 === 0 ? ":" : ".");
}
//  Calculate and report duration of batch
console.log(`Total elapsed time: ${Date.now() - startTime} msec`);
receiver.close();
