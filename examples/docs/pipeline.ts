import { Pull, Push } from "../../src/index.js";

// Ventilator → workers → sink (RFC 30): PUSH round-robins tasks over the workers, PULL fair-queues results.
const ventilator = new Push();
await ventilator.bind("inproc://tasks");
const sink = new Pull();
await sink.bind("inproc://results");

const workers = ["a", "b"].map((name) => {
  const tasks = new Pull();
  tasks.connect("inproc://tasks");
  const results = new Push();
  results.connect("inproc://results");
  const running = (async () => {
    for await (const [task] of tasks) await results.send([name, String(Number(task) ** 2)]);
  })(); // ends when `tasks` closes
  return { tasks, results, running };
});

for (let n = 1; n <= 4; n++) await ventilator.send(String(n));

const byWorker = new Map<string, number>();
let sum = 0;
for (let n = 1; n <= 4; n++) {
  const [name, square] = await sink.receive();
  byWorker.set(String(name), (byWorker.get(String(name)) ?? 0) + 1);
  sum += Number(square);
}
console.log(`sum of squares: ${sum}; tasks per worker: a ${byWorker.get("a")}, b ${byWorker.get("b")}`);

for (const { tasks, results } of workers) {
  tasks.close();
  results.close();
}
await Promise.all(workers.map((w) => w.running));
ventilator.close();
sink.close();
