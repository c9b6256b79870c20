/**
 * Reading from multiple sockets, properly (the guide's mspoller, chapter 2): a PULL socket on the task
 * ventilator (tcp://localhost:5557) and a SUB socket on the weather server (tcp://localhost:5556, zipcode
 * 10001), each message handled as soon as it arrives.
 *
 *   npx tsx examples/chapter2/mspoller.ts
 *
 * Pairs with taskvent.ts and wuserver.ts (chapter 1). Prints each message it reads. VENTILATOR_ENDPOINT and
 * WEATHER_ENDPOINT move the endpoints. Runs until Ctrl-C (SIGINT) or SIGTERM.
 */
import { Pull, Subscriber } from "../../src/index.js";

const ventilatorEndpoint = process.env.VENTILATOR_ENDPOINT ?? "tcp://localhost:5557";
const weatherEndpoint = process.env.WEATHER_ENDPOINT ?? "tcp://localhost:5556";

//  Connect to task ventilator
const receiver = new Pull();
receiver.connect(ventilatorEndpoint);

//  Connect to weather server
const subscriber = new Subscriber();
subscriber.connect(weatherEndpoint);
subscriber.subscribe("10001 ");

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    receiver.close();
    subscriber.close();
  });
}

// zmtp has no zmq_poll (nor has zeromq.js v6): the event loop is the poller. Each socket gets its own
// `for await` loop, and the two run concurrently, each woken as soon as its socket has a message — what the
// guide's poll loop does by hand. A loop ends when its socket is closed.
//  Process messages from both sockets
await Promise.all([
  (async () => {
    for await (const [task] of receiver) console.log(`Task: ${String(task)}`); //  Process task
  })(),
  (async () => {
    for await (const [update] of subscriber) console.log(`Weather update: ${String(update)}`); //  Process weather update
  })(),
]);
