/**
 * Hello World client (the guide's hwclient, chapter 1): a REQ socket connected to tcp://localhost:5555
 * sends "Hello" ten times, waiting for each "World" before sending the next.
 *
 *   npx tsx examples/chapter1/hwclient.ts
 *
 * Pairs with hwserver.ts, mtserver.ts (chapter 2) or any language's hwserver. SERVER_ENDPOINT moves the
 * endpoint. Ends after the tenth reply.
 */
import { Request } from "../../src/index.js";

const endpoint = process.env.SERVER_ENDPOINT ?? "tcp://localhost:5555";

console.log("Connecting to hello world server...");
const requester = new Request();
requester.connect(endpoint);

for (let requestNbr = 0; requestNbr !== 10; requestNbr++) {
  console.log(`Sending Hello ${requestNbr}...`);
  await requester.send("Hello");
  const [reply] = await requester.receive();
  console.log(`Received ${String(reply)} ${requestNbr}`);
}
requester.close();
