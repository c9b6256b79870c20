/**
 * Reading from multiple sockets, the naive way (the guide's msreader, chapter 2): a PULL socket on the task
 * ventilator (tcp://localhost:5557) and a SUB socket on the weather server (tcp://localhost:5556, zipcode
 * 10001), each drained without waiting, then a millisecond's sleep when both are empty.
 *
 *   npx tsx examples/chapter2/msreader.ts
 *
 * Pairs with taskvent.ts and wuserver.ts (chapter 1). The guide shows this loop to make a point: the sleep
 * adds latency and the loop burns CPU; mspoller.ts is the better way. Prints each message it reads.
 * VENTILATOR_ENDPOINT and WEATHER_ENDPOINT move the endpoints. Runs until Ctrl-C (SIGINT) or SIGTERM.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { Pull, Subscriber, ZmqError } from "../../src/index.js";

const ventilatorEndpoint = process.env.VENTILATOR_ENDPOINT ?? "tcp://localhost:5557";
const weatherEndpoint = process.env.WEATHER_ENDPOINT ?? "tcp://localhost:5556";

// receiveTimeout 0 is ZMQ_DONTWAIT: receive() fails at once with EAGAIN when no message is waiting.
//  Connect to task ventilator
const receiver = new Pull({ receiveTimeout: 0 });
receiver.connect(ventilatorEndpoint);

//  Connect to weather server
const subscriber = new Subscriber({ receiveTimeout: 0 });
subscriber.connect(weatherEndpoint);
subscriber.subscribe("10001 ");

/** The next message if one is waiting, else undefined (EAGAIN), or undefined once the socket is closed. */
async function receiveNow(socket: Pull | Subscriber): Promise<Buffer[] | undefined> {
  if (socket.closed) return undefined;
  try {
    return await socket.receive();
  } catch (err) {
    if (err instanceof ZmqError && err.code === "EAGAIN") return undefined;
    throw err;
  }
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    receiver.close();
    subscriber.close();
  });
}

//  Process messages from both sockets
//  We prioritize traffic from the task ventilator
while (!receiver.closed) {
  for (let task = await receiveNow(receiver); task !== undefined; task = await receiveNow(receiver)) {
    console.log(`Task: ${String(task[0])}`); //  Process task
  }
  for (let update = await receiveNow(subscriber); update !== undefined; update = await receiveNow(subscriber)) {
    console.log(`Weather update: ${String(update[0])}`); //  Process weather update
  }
  //  No activity, so sleep for 1 msec
  await sleep(1);
}
