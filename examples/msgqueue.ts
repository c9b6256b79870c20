/**
 * The ZeroMQ guide's message queue broker (msgqueue): clients' REQ sockets connect to a ROUTER front-end,
 * workers' REP sockets to a DEALER back-end, and a Proxy shuttles requests and replies between the two.
 *
 *   npx tsx examples/msgqueue.ts [frontend] [backend]
 *
 * Endpoints come from the arguments, else from MSGQUEUE_FRONTEND and MSGQUEUE_BACKEND, else the guide's
 * `tcp://*:5559` and `tcp://*:5560`. SIGINT / SIGTERM terminate the proxy; it closes both sockets and the
 * process exits with status 0. With zeromq.js this is the same program but for the import.
 */
import { Dealer, Proxy, Router } from "../src/index.js";

const [arg1, arg2] = process.argv.slice(2);
const frontendEndpoint = arg1 ?? process.env.MSGQUEUE_FRONTEND ?? "tcp://*:5559";
const backendEndpoint = arg2 ?? process.env.MSGQUEUE_BACKEND ?? "tcp://*:5560";

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

await proxy.run();
const { frontEnd, backEnd } = proxy.statistics;
console.log(`terminated: ${frontEnd.messagesIn} requests in, ${backEnd.messagesIn} replies back`);
