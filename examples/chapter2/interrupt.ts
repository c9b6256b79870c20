/**
 * Handling Ctrl-C cleanly (the guide's interrupt, chapter 2): a REP server on tcp://*:5555 that, on SIGINT
 * or SIGTERM, says so, closes its socket and cleans up, instead of dying mid-call.
 *
 *   npx tsx examples/chapter2/interrupt.ts
 *
 * In C a signal interrupts the blocking call (EINTR) and the loop checks a flag. In Node.js the signal is an
 * event: its handler closes the socket, which ends the `for await` loop below (a pending receive() ends
 * with the socket), and the code after the loop cleans up. Pairs with hwclient.ts (chapter 1): each request
 * is echoed back. SERVER_ENDPOINT moves the endpoint.
 */
import { Reply } from "../../src/index.js";

const endpoint = process.env.SERVER_ENDPOINT ?? "tcp://*:5555";

const socket = new Reply();
await socket.bind(endpoint);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    console.log("W: interrupt received, killing server...");
    socket.close();
  });
}

for await (const request of socket) {
  console.log("W: recv");
  //  Now send message back.
  await socket.send(request);
}

console.log("W: cleaning up");
