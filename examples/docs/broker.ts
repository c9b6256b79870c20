import { Dealer, Proxy, Reply, Request, Router } from "../../src/index.js";

// A broker between clients (REQ) and workers (REP): ROUTER in front, DEALER behind, and a Proxy forwarding
// both ways (libzmq's zmq_proxy). Clients and workers connect; either side may come and go.
const frontEnd = new Router();
await frontEnd.bind("inproc://frontend");
const backEnd = new Dealer();
await backEnd.bind("inproc://backend");
const proxy = new Proxy(frontEnd, backEnd);
const running = proxy.run(); // settles once terminate() is called

const worker = new Reply();
worker.connect("inproc://backend");
void (async () => {
  for await (const [request] of worker) await worker.send(`echo ${String(request)}`);
})();

const client = new Request();
client.connect("inproc://frontend");
for (const word of ["ping", "pong"]) {
  await client.send(word);
  console.log((await client.receive()).toString());
}

client.close();
worker.close();
proxy.terminate(); // closes both of the proxy's sockets
await running;
