/**
 * Lazy Pirate client (the guide's lpclient, chapter 4): reliable request-reply from the client side alone.
 * It sends numbered requests to tcp://localhost:5555 and waits for each echo for at most 2.5 seconds; with
 * no reply it closes its REQ socket (which is stuck waiting for that reply), opens a new one and sends the
 * request again, and after three tries in a row without a reply it gives up.
 *
 *   npx tsx examples/chapter4/lpclient.ts
 *
 * Pairs with lpserver.ts (kill and restart it as you like), and with spqueue.ts or ppqueue.ts and their
 * workers (chapter 4's queues take its requests on tcp://*:5555). SERVER_ENDPOINT moves the endpoint;
 * REQUEST_TIMEOUT_MS sets the wait for a reply (default 2500). Ends when it gives up, or on Ctrl-C
 * (SIGINT) or SIGTERM. (This is the guide's classic lpclient; the current C version of it returns after
 * the first request.)
 */
import { Request, ZmqError } from "../../src/index.js";

const endpoint = process.env.SERVER_ENDPOINT ?? "tcp://localhost:5555";
const REQUEST_TIMEOUT = Number(process.env.REQUEST_TIMEOUT_MS ?? 2500); //  msecs, (> 1000!)
const REQUEST_RETRIES = 3; //  Before we abandon

/** A REQ socket connected to the server. The receive timeout stands for the C's zmq_poll() timeout. */
function connectToServer(): Request {
  const socket = new Request({ receiveTimeout: REQUEST_TIMEOUT });
  socket.connect(endpoint);
  return socket;
}

console.log("I: connecting to server...");
let client = connectToServer();
let interrupted = false;

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    interrupted = true;
    client.close(); //  Ends a wait for a reply at once
  });
}

async function run(): Promise<void> {
  let sequence = 0;
  let retriesLeft = REQUEST_RETRIES;
  while (retriesLeft > 0 && !interrupted) {
    //  We send a request, then we work to get a reply
    const request = String(++sequence);
    await client.send(request);

    let expectReply = true;
    while (expectReply) {
      let reply: Buffer | undefined;
      try {
        [reply] = await client.receive();
      } catch (err) {
        if (interrupted) break; //  Interrupted
        //  EAGAIN: no reply in time. (EFSM: after a malformed reply the socket expects no other; the C's
        //  poll would wait in vain, so this counts as no reply too.)
        if (!(err instanceof ZmqError && (err.code === "EAGAIN" || err.code === "EFSM"))) throw err;
      }

      //  Here we process a server reply and exit our loop if the reply is valid. If we didn't receive a reply
      //  we close the client socket and resend the request. We try a number of times before finally
      //  abandoning:
      if (reply !== undefined) {
        //  We got a reply from the server, must match sequence
        if (Number.parseInt(String(reply), 10) === sequence) {
          console.log(`I: server replied OK (${String(reply)})`);
          retriesLeft = REQUEST_RETRIES;
          expectReply = false;
        } else {
          console.log(`E: malformed reply from server: ${String(reply)}`);
        }
      } else if (--retriesLeft === 0) {
        console.log("E: server seems to be offline, abandoning");
        break;
      } else {
        console.log("W: no response from server, retrying...");
        //  Old socket is confused; close it and open a new one (linger 0, as CZMQ closes it: the unanswered
        //  request is dropped)
        client.linger = 0;
        client.close();
        console.log("I: reconnecting to server...");
        client = connectToServer();
        //  Send request again, on new socket
        await client.send(request);
      }
    }
  }
}

//  A send cut short by Ctrl-C fails; that is expected then.
await run().catch((err: unknown) => {
  if (!interrupted) throw err;
});
client.linger = 0;
client.close();
