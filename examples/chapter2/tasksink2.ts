/**
 * Task sink with kill signaling (the guide's tasksink2, chapter 2): tasksink.ts plus a PUB socket bound to
 * tcp://*:5559, on which it sends KILL to the workers once the batch is done.
 *
 *   npx tsx examples/chapter2/tasksink2.ts
 *
 * Start it before taskvent.ts (chapter 1) and the taskwork2.ts workers. SINK_ENDPOINT and CONTROLLER_ENDPOINT
 * move the endpoints; TASKS sets the batch size (default 100, as the ventilator's). Ends after the batch.
 */
import { Publisher, Pull } from "../../src/index.js";

const sinkEndpoint = process.env.SINK_ENDPOINT ?? "tcp://*:5558";
const controllerEndpoint = process.env.CONTROLLER_ENDPOINT ?? "tcp://*:5559";
const tasks = Number(process.env.TASKS ?? 100);

//  Socket to receive messages on
const receiver = new Pull();
await receiver.bind(sinkEndpoint);

//  Socket for worker control
const controller = new Publisher();
await controller.bind(controllerEndpoint);

//  Wait for start of batch
await receiver.receive();

//  Start our clock now
const startTime = Date.now();

//  Process the confirmations
for (let taskNbr = 0; taskNbr < tasks; taskNbr++) {
  await receiver.receive();
  process.stdout.write(taskNbr % 10 === 0 ? ":" : ".");
}
console.log(`Total elapsed time: ${Date.now() - startTime} msec`);

//  Send kill signal to workers (close() delivers it before letting go)
await controller.send("KILL");
receiver.close();
controller.close();
