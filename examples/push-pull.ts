/**
 * PUSH/PULL pipeline: a ventilator pushes work to a worker over tcp, and the worker pulls it.
 *
 *   npm run example
 *
 * The PULL binds an ephemeral port (`tcp://127.0.0.1:0`; the real one is in `lastEndpoint`), the PUSH
 * connects, ten multipart messages go through, and both sockets close.
 */
import { Pull, Push } from "../src/index.js";

const count = Number(process.env.MESSAGES ?? 10);

const worker = new Pull();
await worker.bind("tcp://127.0.0.1:0");
console.log(`worker bound to ${worker.lastEndpoint}`);

const ventilator = new Push();
ventilator.connect(worker.lastEndpoint!);

for (let task = 1; task <= count; task++) {
  await ventilator.send(["task", String(task)]);
}

let received = 0;
for await (const [kind, number] of worker) {
  console.log(`worker got ${String(kind)} ${String(number)}`);
  if (++received === count) break;
}

ventilator.close();
worker.close();
console.log(`done: ${received} of ${count} tasks`);
