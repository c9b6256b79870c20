/**
 * Task ventilator (the guide's taskvent, chapter 1): once you press Enter, sends the start-of-batch signal
 * to the sink and then 100 tasks (random workloads of 1 to 100 ms) to the workers, which a PUSH socket
 * bound to tcp://*:5557 deals out round-robin.
 *
 *   npx tsx examples/chapter1/taskvent.ts
 *
 * Start tasksink.ts and some taskwork.ts first (or taskwork2.ts and tasksink2.ts, chapter 2), then press
 * Enter once the workers have connected: tasks sent earlier all go to the first worker to connect.
 * VENTILATOR_ENDPOINT and SINK_ENDPOINT move the endpoints; TASKS sets the batch size (default 100; give the
 * sink the same). Ends once every task is sent.
 */
import { createInterface } from "node:readline/promises";
import { Push } from "../../src/index.js";

const ventilatorEndpoint = process.env.VENTILATOR_ENDPOINT ?? "tcp://*:5557";
const sinkEndpoint = process.env.SINK_ENDPOINT ?? "tcp://localhost:5558";
const tasks = Number(process.env.TASKS ?? 100);

/** The guide's getchar(): waits for a line on stdin (or for stdin to end). */
async function pressEnter(prompt: string): Promise<void> {
  const terminal = createInterface({ input: process.stdin, output: process.stdout });
  const ended = new Promise<void>((resolve) => terminal.once("close", resolve));
  await Promise.race([terminal.question(prompt), ended]);
  terminal.close();
}

/** The guide's randof(): a random integer from 0 to num - 1. */
const randof = (num: number): number => Math.floor(Math.random() * num);

//  Socket to send messages on
const sender = new Push();
await sender.bind(ventilatorEndpoint);

//  Socket to send start of batch message on
const sink = new Push();
sink.connect(sinkEndpoint);

await pressEnter("Press Enter when the workers are ready: ");
console.log("Sending tasks to workers...");

//  The first message is "0" and signals start of batch
await sink.send("0");

//  Send the tasks
let totalMsec = 0; //  Total expected cost in msecs
for (let taskNbr = 0; taskNbr < tasks; taskNbr++) {
  //  Random workload from 1 to 100msecs
  const workload = randof(100) + 1;
  totalMsec += workload;
  await sender.send(String(workload));
}
console.log(`Total expected cost: ${totalMsec} msec`);

// close() lets what is queued reach the workers and the sink first (linger), as zmq_ctx_destroy does in C.
sink.close();
sender.close();
