/**
 * A Reply socket bound to argv[2] (tcp or ipc) and left open. With "serve", it first answers one request, so
 * that an accepted connection stays open too. The process exits all the same.
 */
import { Reply } from "../../../src/index.js";

const [endpoint = "tcp://127.0.0.1:0", mode = ""] = process.argv.slice(2);
const rep = new Reply();
await rep.bind(endpoint);
console.log(`bound ${rep.lastEndpoint}`);
if (mode === "serve") {
  const [request] = await rep.receive();
  await rep.send(`re: ${String(request)}`);
  console.log("served");
}
