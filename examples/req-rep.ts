/**
 * Request/reply: a zmtp REP server answers a zmtp REQ client over tcp, strictly alternating.
 *
 *   npx tsx examples/req-rep.ts
 */
import { Reply, Request } from "../src/index.js";

const server = new Reply();
await server.bind("tcp://127.0.0.1:0");

const client = new Request();
client.connect(server.lastEndpoint!);

const serving = (async () => {
  for (let i = 0; i < 3; i++) {
    const [request] = await server.receive();
    await server.send(`world (${String(request)})`);
  }
})();

for (const name of ["hello 1", "hello 2", "hello 3"]) {
  await client.send(name);
  const [reply] = await client.receive();
  console.log(`${name} -> ${String(reply)}`);
}

await serving;
client.close();
server.close();
