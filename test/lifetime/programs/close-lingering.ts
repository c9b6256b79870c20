/**
 * close() with argv[3] messages queued to argv[2] (where nobody listens yet) under linger argv[4] (default:
 * the socket's, -1). Prints how long the process lived after close().
 */
import { Push } from "../../../src/index.js";

const [endpoint, count = "1", linger] = process.argv.slice(2);
const push = new Push({ reconnectInterval: 50 });
if (linger !== undefined) push.linger = Number(linger);
push.connect(endpoint!);
for (let i = 1; i <= Number(count); i++) await push.send(`message ${i}`);
const closedAt = performance.now();
process.on("exit", () => {
  console.log(`exit ${Math.round(performance.now() - closedAt)} ms after close`);
});
push.close();
console.log(`closed with ${count} queued, linger ${push.linger}`);
