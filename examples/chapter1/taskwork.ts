/**
 * Task worker (the guide's taskwork, chapter 1): pulls workloads from the ventilator (tcp://localhost:5557),
 * "works" for that many milliseconds, and pushes an empty result to the sink (tcp://localhost:5558).
 *
 *   npx tsx examples/chapter1/taskwork.ts
 *
 * Run as many as you like beside taskvent.ts and tasksink.ts: the ventilator deals tasks out round-robin
 * and the sink fair-queues the results. Prints each workload as progress. VENTILATOR_ENDPOINT and
 * SINK_ENDPOINT move the endpoints. Runs until Ctrl-C (SIGINT) or SIGTERM.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { Pull, Push } from "../../src/index.js";

const ventilatorEndpoint = process.env.VENTILATOR_ENDPOINT ?? "tcp://localhost:5557";
const sinkEndpoint = process.env.SINK_ENDPOINT ?? "tcp://localhost:5558";

//  Socket to receive messages on
const receiver = new Pull();
receiver.connect(ventilatorEndpoint);

//  Socket to send messages to
const sender = new Push();
sender.connect(sinkEndpoint);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    receiver.close();
    sender.close();
  });
}

//  Process tasks forever
for await (const [workload] of receiver) {
  process.stdout.write(`${String(workload)}.`); //  Show progress
  await sleep(Number(workload)); //  Do the work
  if (sender.closed) break; // interrupted while working
  await sender.send(""); //  Send results to sink
}
