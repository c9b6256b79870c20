/**
 * Request-reply client (the guide's rrclient, chapter 2): the Hello World client, talking to a broker's
 * front-end (tcp://localhost:5559) instead of a server.
 *
 *   npx tsx examples/chapter2/rrclient.ts
 *
 * Pairs with rrbroker.ts or msgqueue.ts, and rrworker.ts behind them. FRONTEND_ENDPOINT moves the endpoint.
 * Ends after ten replies.
 */
import { Request } from "../../src/index.js";

const endpoint = process.env.FRONTEND_ENDPOINT ?? "tcp://localhost:5559";

//  Socket to talk to server
const requester = new Request();
requester.connect(endpoint);

for (let requestNbr = 0; requestNbr !== 10; requestNbr++) {
  await requester.send("Hello");
  const [reply] = await requester.receive();
  console.log(`Received reply ${requestNbr} [${String(reply)}]`);
}
requester.close();
