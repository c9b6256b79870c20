/**
 * Freelance server, model two (the guide's flserver2, chapter 4): a REP server, bound to the endpoint
 * given as its argument, that "does some work" and answers each two-part request [sequence, body] with
 * [sequence, "OK"], so that a client blasting requests at several servers can match replies to requests.
 *
 *   npx tsx examples/chapter4/flserver2.ts tcp://*:5555
 *
 * Pairs with flclient2.ts; run several, each on its own endpoint. Runs until Ctrl-C (SIGINT) or SIGTERM.
 */
import assert from "node:assert";
import { Reply } from "../../src/index.js";

const endpoint = process.argv[2];
if (endpoint === undefined) {
  console.log("I: syntax: flserver2 <endpoint>");
} else {
  const server = new Reply();
  await server.bind(endpoint);
  let interrupted = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      interrupted = true;
      server.close();
    });
  }

  console.log(`I: service is ready at ${endpoint}`);
  for await (const request of server) {
    //  Fail nastily if run against wrong client
    assert(request.length === 2, "a request is [sequence, body]");
    await server.send([request[0]!, "OK"]);
  }
  if (interrupted) console.log("W: interrupted");
}
