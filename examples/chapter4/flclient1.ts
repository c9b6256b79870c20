/**
 * Freelance client, model one (the guide's flclient1, chapter 4): brokerless reliability, Lazy Pirate style.
 * With one server endpoint as argument it tries that server up to three times; with several it tries each
 * once, in turn, until one answers. Each try is a fresh REQ socket that waits a second for the echo.
 *
 *   npx tsx examples/chapter4/flclient1.ts tcp://localhost:5555 tcp://localhost:5556
 *
 * Pairs with flserver1.ts. REQUEST_TIMEOUT_MS sets the wait for each reply (default 1000). Ends after the
 * first reply ("Service is running OK"), or when every try failed.
 */
import { Request, ZmqError } from "../../src/index.js";

const REQUEST_TIMEOUT = Number(process.env.REQUEST_TIMEOUT_MS ?? 1000);
const MAX_RETRIES = 3; //  Before we abandon

/** Sends the request to one server on a new REQ socket and waits (with a timeout) for its reply, or null. */
async function tryRequest(endpoint: string, request: string[]): Promise<Buffer[] | null> {
  console.log(`I: trying echo service at ${endpoint}...`);
  const client = new Request({ receiveTimeout: REQUEST_TIMEOUT });
  client.connect(endpoint);
  try {
    //  Send request, wait safely for reply
    await client.send(request);
    return await client.receive();
  } catch (err) {
    if (err instanceof ZmqError && err.code === "EAGAIN") return null;
    throw err;
  } finally {
    //  Close socket in any case, we're done with it now (linger 0, as CZMQ: an unsent request is dropped)
    client.linger = 0;
    client.close();
  }
}

//  The client uses a Lazy Pirate strategy if it only has one server to talk to. If it has two or more
//  servers to talk to, it will try each server just once:
const request = ["Hello world"];
const endpoints = process.argv.slice(2);
let reply: Buffer[] | null = null;

if (endpoints.length === 0) {
  console.log("I: syntax: flclient1 <endpoint> ...");
} else if (endpoints.length === 1) {
  //  For one endpoint, we retry N times
  const endpoint = endpoints[0]!;
  for (let retries = 0; retries < MAX_RETRIES; retries++) {
    reply = await tryRequest(endpoint, request);
    if (reply !== null) break; //  Successful
    console.log(`W: no response from ${endpoint}, retrying...`);
  }
} else {
  //  For multiple endpoints, try each at most once
  for (const endpoint of endpoints) {
    reply = await tryRequest(endpoint, request);
    if (reply !== null) break; //  Successful
    console.log(`W: no response from ${endpoint}`);
  }
}
if (reply !== null) console.log("Service is running OK");
