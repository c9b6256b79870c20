/**
 * The Woodhouse pattern (the security chapter's woodhouse): strawhouse plus a user name and password, with
 * the PLAIN mechanism. The authenticator (zauth.ts, a ZAP handler) allows 127.0.0.1 and checks the client's
 * credentials against the passwords file next to this program (admin=secret). It may keep some malicious
 * people out, but all it takes is a bit of network sniffing, and they'll be able to fake their way in.
 *
 *   npx tsx examples/security/woodhouse.ts
 *
 * Prints what the authenticator decides, then "Woodhouse test OK", and ends. SERVER_ENDPOINT moves the
 * server's endpoint (tcp://127.0.0.1:* picks a free port); the client connects to the port bound, at
 * 127.0.0.1.
 */
import assert from "node:assert";
import { fileURLToPath } from "node:url";
import { Pull, Push } from "../../src/index.js";
import { ZAuth } from "./zauth.js";

//  Create and start authentication engine
const auth = await ZAuth.start();
auth.setVerbose();
auth.allow("127.0.0.1");

//  Tell the authenticator how to handle PLAIN requests
auth.plain(fileURLToPath(new URL("passwords", import.meta.url)));

//  Create and bind server socket
const server = new Push({ plainServer: true });
await server.bind(process.env.SERVER_ENDPOINT ?? "tcp://*:9000");

//  Create and connect client socket
const client = new Pull({ plainUsername: "admin", plainPassword: "secret" });
client.connect(server.lastEndpoint!.replace("0.0.0.0", "127.0.0.1"));

//  Send a single message from server to client
await server.send("Hello");
const [message] = await client.receive();
assert(String(message) === "Hello");
console.log("Woodhouse test OK");

auth.close();
server.close();
client.close();
