import { Push } from "../../src/index.js";

// A connecting PUSH queues for the connection to come, up to its high-water mark; then send() waits
// (here, with sendTimeout 0, fails at once with EAGAIN). A PUB never waits: it drops instead.
const push = new Push({ sendHighWaterMark: 2, sendTimeout: 0, linger: 0 });
push.connect("tcp://127.0.0.1:9"); // nobody listens there: the messages wait in the queue
for (let n = 1; n <= 3; n++) {
  try {
    await push.send(`message ${n}`);
    console.log(`message ${n}: queued`);
  } catch (error) {
    console.log(`message ${n}: ${(error as { code: string }).code}`);
  }
}
push.close(); // linger 0: what is queued is dropped
