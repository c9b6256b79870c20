/**
 * Binary Star client (the guide's bstarcli, chapter 4): a Lazy Pirate client that fails over. It sends
 * numbered requests, one a second, to the primary server (tcp://localhost:5001); when a reply does not
 * come within a second it closes its socket, waits for the servers to settle, and tries the other server
 * (tcp://localhost:5002), and so on, back and forth. Its requests are the votes that make a passive server
 * take over.
 *
 *   npx tsx examples/chapter4/bstarcli.ts
 *
 * Pairs with bstarsrv.ts -p and bstarsrv.ts -b. PRIMARY_ENDPOINT and BACKUP_ENDPOINT move the servers'
 * endpoints; REQUEST_TIMEOUT_MS sets the wait for a reply (default 1000), SETTLE_MS the wait before failing
 * over (default 2000), INTERVAL_MS the pause between requests (default 1000). Runs until Ctrl-C (SIGINT) or
 * SIGTERM.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { Request, ZmqError } from "../../src/index.js";

const REQUEST_TIMEOUT = Number(process.env.REQUEST_TIMEOUT_MS ?? 1000); //  msecs
const SETTLE_DELAY = Number(process.env.SETTLE_MS ?? 2000); //  Before failing over
const intervalMs = Number(process.env.INTERVAL_MS ?? 1000);
const connectable = (endpoint: string): string => endpoint.replace("tcp://*:", "tcp://localhost:");
const servers = [
  connectable(process.env.PRIMARY_ENDPOINT ?? "tcp://localhost:5001"),
  connectable(process.env.BACKUP_ENDPOINT ?? "tcp://localhost:5002"),
];
let serverNbr = 0;

/** A REQ socket connected to the current server; the receive timeout stands for the C's zmq_poll() timeout. */
function connectToServer(): Request {
  console.log(`I: connecting to server at ${servers[serverNbr]}...`);
  const socket = new Request({ receiveTimeout: REQUEST_TIMEOUT });
  socket.connect(servers[serverNbr]!);
  return socket;
}

let client = connectToServer();
let interrupted = false;
const abandon = new AbortController(); //  Cuts a pause short on Ctrl-C

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    interrupted = true;
    abandon.abort();
    client.linger = 0; //  As CZMQ closes it
    client.close();
  });
}

async function run(): Promise<void> {
  let sequence = 0;
  while (!interrupted) {
    //  We send a request, then we work to get a reply
    const request = String(++sequence);
    await client.send(request);

    let expectReply = true;
    while (expectReply) {
      let reply: Buffer | undefined;
      try {
        [reply] = await client.receive();
      } catch (err) {
        if (interrupted) return; //  Interrupted
        if (!(err instanceof ZmqError && err.code === "EAGAIN")) throw err;
      }

      //  We use a Lazy Pirate strategy in the client. If there's no reply within our timeout, we close the
      //  socket and try again. In Binary Star, it's the client vote that decides which server is primary;
      //  the client must therefore try to connect to each server in turn:
      if (reply !== undefined) {
        //  We got a reply from the server, must match sequence
        if (Number.parseInt(String(reply), 10) === sequence) {
          console.log(`I: server replied OK (${String(reply)})`);
          expectReply = false;
          await sleep(intervalMs, undefined, { signal: abandon.signal }); //  One request per second
        } else {
          console.log(`E: bad reply from server: ${String(reply)}`);
        }
      } else {
        console.log("W: no response from server, failing over");
        //  Old socket is confused; close it and open a new one
        client.linger = 0;
        client.close();
        serverNbr = (serverNbr + 1) % 2;
        await sleep(SETTLE_DELAY, undefined, { signal: abandon.signal });
        client = connectToServer();
        //  Send request again, on new socket
        await client.send(request);
      }
    }
  }
}

//  A send or pause cut short by Ctrl-C fails; that is expected then.
await run().catch((err: unknown) => {
  if (!interrupted) throw err;
});
client.linger = 0;
client.close();
