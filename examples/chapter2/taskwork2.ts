/**
 * Task worker with kill signaling (the guide's taskwork2, chapter 2): taskwork.ts plus a SUB socket on the
 * sink's controller (tcp://localhost:5559). Any message from it means KILL: the worker stops.
 *
 *   npx tsx examples/chapter2/taskwork2.ts
 *
 * Pairs with taskvent.ts (chapter 1) and tasksink2.ts, which sends KILL once the batch is done. Prints each
 * workload as progress. VENTILATOR_ENDPOINT, SINK_ENDPOINT and CONTROLLER_ENDPOINT move the endpoints. Ends on
 * KILL, or on Ctrl-C (SIGINT) or SIGTERM.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { Pull, Push, Subscriber } from "../../src/index.js";

const ventilatorEndpoint = process.env.VENTILATOR_ENDPOINT ?? "tcp://localhost:5557";
const sinkEndpoint = process.env.SINK_ENDPOINT ?? "tcp://localhost:5558";
const controllerEndpoint = process.env.CONTROLLER_ENDPOINT ?? "tcp://localhost:5559";

//  Socket to receive messages on
const receiver = new Pull();
receiver.connect(ventilatorEndpoint);

//  Socket to send messages to
const sender = new Push();
sender.connect(sinkEndpoint);

//  Socket for control input
const controller = new Subscriber();
controller.connect(controllerEndpoint);
controller.subscribe();

function stop(): void {
  receiver.close();
  sender.close();
  controller.close();
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, stop);

// zmtp has no zmq_poll: the guide polls both sockets in one loop; here the controller has a receive of its
// own, waiting beside the task loop. Any waiting controller command acts as 'KILL': it closes the sockets,
// which ends the task loop. (When the sockets are closed some other way, that receive fails: ignore it.)
controller.receive().then(stop, () => undefined);

//  Process tasks
for await (const [workload] of receiver) {
  process.stdout.write(`${String(workload)}.`); //  Show progress
  await sleep(Number(workload)); //  Do the work
  if (sender.closed) break; // killed while working
  await sender.send(""); //  Send results to sink
}
