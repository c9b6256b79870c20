/**
 * Multithreaded relay (the guide's mtrelay, chapter 2): three steps signal each other in turn over PAIR
 * sockets on inproc — step 1 tells step 2 it is ready, step 2 tells step 3 (the main task) — the guide's way
 * to coordinate threads without locks.
 *
 *   npx tsx examples/chapter2/mtrelay.ts
 *
 * The guide's threads are async tasks in one process here; each step binds its inproc endpoint before
 * starting the step that connects to it, as in the guide. Ends with "Test successful!".
 */
import { Pair } from "../../src/index.js";

async function step1(): Promise<void> {
  //  Connect to step2 and tell it we're ready
  const xmitter = new Pair();
  xmitter.connect("inproc://step2");
  console.log("Step 1 ready, signaling step 2");
  await xmitter.send("READY");
  xmitter.close();
}

async function step2(): Promise<void> {
  //  Bind inproc socket before starting step1
  const receiver = new Pair();
  await receiver.bind("inproc://step2");
  const step1Done = step1();

  //  Wait for signal and pass it on
  await receiver.receive();
  receiver.close();

  //  Connect to step3 and tell it we're ready
  const xmitter = new Pair();
  xmitter.connect("inproc://step3");
  console.log("Step 2 ready, signaling step 3");
  await xmitter.send("READY");
  xmitter.close();
  await step1Done;
}

//  Bind inproc socket before starting step2
const receiver = new Pair();
await receiver.bind("inproc://step3");
const step2Done = step2();

//  Wait for signal
await receiver.receive();
receiver.close();
await step2Done;
console.log("Test successful!");
