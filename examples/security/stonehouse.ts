/**
 * The Stonehouse pattern (the security chapter's stonehouse): we allow any client to connect, but we
 * promise clients that we are who we claim to be, and that our conversations won't be tampered with,
 * modified or spied on: CURVE, with the authenticator (zauth.ts, a ZAP handler) allowing 127.0.0.1 and any
 * client key.
 *
 *   npx tsx examples/security/stonehouse.ts
 *
 * Prints what the authenticator decides, then "Stonehouse test OK", and ends. SERVER_ENDPOINT moves the
 * server's endpoint (tcp://127.0.0.1:* picks a free port); the client connects to the port bound, at
 * 127.0.0.1.
 */
import assert from "node:assert";
import { Pull, Push } from "../../src/index.js";
import { Certificate } from "./zcert.js";
import { CURVE_ALLOW_ANY, ZAuth } from "./zauth.js";

//  Create and start authentication engine
const auth = await ZAuth.start();
auth.setVerbose();
auth.allow("127.0.0.1");

//  Tell the authenticator how to handle CURVE requests
auth.curve(CURVE_ALLOW_ANY);

//  We need two certificates, one for the client and one for the server. The client must know the
//  server's public key to make a CURVE connection.
const clientCert = new Certificate();
const serverCert = new Certificate();
const serverKey = serverCert.publicKey;

//  Create and bind server socket
const server = new Push();
serverCert.apply(server);
server.curveServer = true;
await server.bind(process.env.SERVER_ENDPOINT ?? "tcp://*:9000");

//  Create and connect client socket
const client = new Pull();
clientCert.apply(client);
client.curveServerKey = serverKey;
client.connect(server.lastEndpoint!.replace("0.0.0.0", "127.0.0.1"));

//  Send a single message from server to client
await server.send("Hello");
const [message] = await client.receive();
assert(String(message) === "Hello");
console.log("Stonehouse test OK");

auth.close();
client.close();
server.close();
