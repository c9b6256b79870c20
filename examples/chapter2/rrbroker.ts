/**
 * Simple request-reply broker (the guide's rrbroker, chapter 2): clients' REQ sockets connect to a ROUTER
 * front-end (tcp://*:5559), workers' REP sockets to a DEALER back-end (tcp://*:5560), and the broker moves
 * every message, all its frames, from one side to the other. The ROUTER prefixes each request with the
 * client's routing id and uses it to send the reply back: the broker itself keeps no state.
 *
 *   npx tsx examples/chapter2/rrbroker.ts
 *
 * Pairs with rrclient.ts and rrworker.ts; msgqueue.ts does the same with a Proxy. FRONTEND_ENDPOINT and
 * BACKEND_ENDPOINT move the endpoints. Runs until Ctrl-C (SIGINT) or SIGTERM.
 */
import { Dealer, Router } from "../../src/index.js";

const frontendEndpoint = process.env.FRONTEND_ENDPOINT ?? "tcp://*:5559";
const backendEndpoint = process.env.BACKEND_ENDPOINT ?? "tcp://*:5560";

//  Prepare our sockets
const frontend = new Router();
const backend = new Dealer();
await frontend.bind(frontendEndpoint);
await backend.bind(backendEndpoint);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    frontend.close();
    backend.close();
  });
}

/**
 * Moves whole messages from one socket to the other until either is closed. A message is an array of
 * frames, so the guide's loop over "more" parts is a single send here.
 */
async function forward(from: Router | Dealer, to: Router | Dealer): Promise<void> {
  try {
    for await (const message of from) await to.send(message);
  } catch (err) {
    if (!to.closed) throw err; // a send cut short by Ctrl-C is expected; anything else is not
  }
}

// zmtp has no zmq_poll: instead of one loop polling both sockets, one loop per direction, run concurrently.
//  Switch messages between sockets
await Promise.all([forward(frontend, backend), forward(backend, frontend)]);
