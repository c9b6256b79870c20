/**
 * Message queue broker (the guide's msgqueue, chapter 2): rrbroker.ts again, with the forwarding done by a
 * Proxy (libzmq's zmq_proxy). Clients' REQ sockets connect to the ROUTER front-end (tcp://*:5559), workers'
 * REP sockets to the DEALER back-end (tcp://*:5560).
 *
 *   npx tsx examples/chapter2/msgqueue.ts
 *
 * Pairs with rrclient.ts and rrworker.ts. FRONTEND_ENDPOINT and BACKEND_ENDPOINT move the endpoints (the
 * ports actually bound are printed, so `tcp://127.0.0.1:0` picks free ones). Ctrl-C (SIGINT) or SIGTERM
 * terminates the proxy, which closes both sockets; the program prints what it forwarded and exits. With
 * zeromq.js this is the same program but for the import.
 */
import { Dealer, Proxy, Router } from "../../src/index.js";

const frontendEndpoint = process.env.FRONTEND_ENDPOINT ?? "tcp://*:5559";
const backendEndpoint = process.env.BACKEND_ENDPOINT ?? "tcp://*:5560";

//  Socket facing clients, socket facing services
const proxy = new Proxy(new Router(), new Dealer());
await proxy.frontEnd.bind(frontendEndpoint);
await proxy.backEnd.bind(backendEndpoint);
console.log(`clients: ${proxy.frontEnd.lastEndpoint ?? frontendEndpoint}`);
console.log(`workers: ${proxy.backEnd.lastEndpoint ?? backendEndpoint}`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    proxy.terminate();
  });
}

//  Start the proxy
await proxy.run();
const { frontEnd, backEnd } = proxy.statistics;
console.log(`terminated: ${frontEnd.messagesIn} requests in, ${backEnd.messagesIn} replies back`);
