/**
 * The Strawhouse pattern (the security chapter's strawhouse): grasslands plus a check of the client's IP
 * address. The authenticator (zauth.ts, a ZAP handler) allows 127.0.0.1 and so refuses every other
 * address. It may keep spammers and idiots away, but won't stop a real attacker for more than a heartbeat.
 *
 *   npx tsx examples/security/strawhouse.ts
 *
 * Prints what the authenticator decides, then "Strawhouse test OK", and ends. SERVER_ENDPOINT moves the
 * server's endpoint (tcp://127.0.0.1:* picks a free port); the client connects to the port bound, at
 * 127.0.0.1.
 */
import assert from "node:assert";
import { Pull, Push } from "../../src/index.js";
import { ZAuth } from "./zauth.js";

//  Start an authentication engine for this process. It allows or denies incoming connections, talking to
//  the servers over a protocol called ZAP. Get some indication of what it is deciding.
const auth = await ZAuth.start();
auth.setVerbose();

//  Allow our address; any other address will be rejected. Add as many addresses as you like.
auth.allow("127.0.0.1");

//  Create and bind server socket. A NULL server asks ZAP only when it has a ZAP domain (libzmq 4.3's rule;
//  the guide's C predates it): without one, the address check would not happen.
const server = new Push({ zapDomain: "global" });
await server.bind(process.env.SERVER_ENDPOINT ?? "tcp://*:9000");

//  Create and connect client socket
const client = new Pull();
client.connect(server.lastEndpoint!.replace("0.0.0.0", "127.0.0.1"));

//  Send a single message from server to client
await server.send("Hello");
const [message] = await client.receive();
assert(String(message) === "Hello");
console.log("Strawhouse test OK");

auth.close();
client.close();
server.close();
