/**
 * The guide's hwclient as zeromq.js users write it, without close(): ten requests to argv[2], ten replies.
 * Without an argument, the process serves itself: a Reply answers exactly ten requests (the guide's
 * hwserver loops forever, and a pending receive() rightly keeps a process alive).
 */
import { Reply, Request } from "../../../src/index.js";

let endpoint = process.argv[2];
if (endpoint === undefined) {
  const server = new Reply();
  await server.bind("tcp://127.0.0.1:0");
  endpoint = server.lastEndpoint!;
  void (async () => {
    for (let i = 0; i < 10; i++) {
      const [request] = await server.receive();
      await server.send(`World (${String(request)})`);
    }
  })();
}

const requester = new Request();
requester.connect(endpoint);
for (let i = 0; i < 10; i++) {
  await requester.send(`Hello ${i}`);
  const [reply] = await requester.receive();
  console.log(`Received ${String(reply)}`);
}
