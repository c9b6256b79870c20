/**
 * A send() waiting at the high-water mark: a Push (sendHighWaterMark 1) connected to argv[2], where nobody
 * listens yet, sends until a send waits. The process stays until that send is served.
 */
import { Push } from "../../../src/index.js";

const push = new Push({ sendHighWaterMark: 1, reconnectInterval: 50 });
push.connect(process.argv[2]!);
for (let i = 1; i <= 100; i++) {
  const sent = push.send(`message ${i}`);
  // Resolved before the next turn of the event loop: the message was queued at once.
  const atOnce = await Promise.race([sent.then(() => true), new Promise<boolean>((resolve) => setImmediate(resolve, false))]);
  if (atOnce) continue;
  console.log(`waiting at message ${i}`);
  await sent;
  console.log(`sent ${i}`);
  break;
}
