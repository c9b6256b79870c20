import { Pull, Push } from "../../src/index.js";

// A worker pulls tasks; it binds an ephemeral port, the real endpoint is in lastEndpoint.
const worker = new Pull();
await worker.bind("tcp://127.0.0.1:*");

// A ventilator pushes them; connect() returns at once and reconnects if the connection drops.
const ventilator = new Push();
ventilator.connect(worker.lastEndpoint!);

for (let task = 1; task <= 3; task++) {
  await ventilator.send(["task", String(task)]); // a multipart message, delivered whole
}

let done = 0;
for await (const [kind, number] of worker) {
  console.log(`${String(kind)} ${String(number)}`); // Buffers, as text
  if (++done === 3) break;
}

ventilator.close(); // returns at once; queued messages still go (see `linger`)
worker.close();
