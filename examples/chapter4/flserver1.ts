/**
 * Freelance server, model one (the guide's flserver1, chapter 4): a trivial echo service on a REP socket,
 * bound to the endpoint given as its argument.
 *
 *   npx tsx examples/chapter4/flserver1.ts tcp://*:5555
 *
 * Pairs with flclient1.ts; run several, each on its own endpoint. Runs until Ctrl-C (SIGINT) or SIGTERM.
 */
import { Reply } from "../../src/index.js";

const endpoint = process.argv[2];
if (endpoint === undefined) {
  console.log("I: syntax: flserver1 <endpoint>");
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

  console.log(`I: echo service is ready at ${endpoint}`);
  for await (const message of server) await server.send(message);
  if (interrupted) console.log("W: interrupted");
}
