/**
 * The Grasslands pattern (the security chapter's grasslands, after Pieter Hintjens' "Using ZeroMQ
 * Security"): the classic ZeroMQ model, plain text with no protection at all. A PUSH server bound to
 * tcp://*:9000 sends one message to a PULL client connected to it on 127.0.0.1.
 *
 *   npx tsx examples/security/grasslands.ts
 *
 * Prints "Grasslands test OK" and ends. SERVER_ENDPOINT moves the server's endpoint (tcp://127.0.0.1:*
 * picks a free port); the client connects to the port bound, at 127.0.0.1.
 */
import assert from "node:assert";
import { Pull, Push } from "../../src/index.js";

//  Create and bind server socket
const server = new Push();
await server.bind(process.env.SERVER_ENDPOINT ?? "tcp://*:9000");

//  Create and connect client socket
const client = new Pull();
client.connect(server.lastEndpoint!.replace("0.0.0.0", "127.0.0.1"));

//  Send a single message from server to client
await server.send("Hello");
const [message] = await client.receive();
assert(String(message) === "Hello");
console.log("Grasslands test OK");

client.close();
server.close();
