/**
 * The Ironhouse pattern (the security chapter's ironhouse): security doesn't get any stronger than this.
 * CURVE both ways: the client knows the server's public key, and the server knows its clients', from the
 * certificate store in .curve/ where the client's public certificate is saved (in practice this would be
 * done by hand, or by some out-of-band process). The authenticator (zauth.ts, a ZAP handler) allows
 * 127.0.0.1 and the clients whose certificates are in the store.
 *
 *   npx tsx examples/security/ironhouse.ts
 *
 * Prints what the authenticator decides, then "Ironhouse test OK", and ends. .curve/ is made in the
 * current directory; the certificate is removed at the end (and .curve/ too, if it was made and is empty).
 * SERVER_ENDPOINT moves the server's endpoint (tcp://127.0.0.1:* picks a free port); the client connects to
 * the port bound, at 127.0.0.1. With SERVER_KEY (a server's public key, Z85) the program runs only its
 * client, connecting to SERVER_ENDPOINT: an Ironhouse server elsewhere whose store is this .curve/.
 */
import assert from "node:assert";
import fs from "node:fs";
import { Pull, Push } from "../../src/index.js";
import { Certificate } from "./zcert.js";
import { ZAuth } from "./zauth.js";

const endpoint = process.env.SERVER_ENDPOINT ?? "tcp://*:9000";
const foreignServerKey = process.env.SERVER_KEY;
const STORE = ".curve";
const CLIENT_CERT_FILE = `${STORE}/testcert.pub`;

//  We'll generate a new client certificate and save the public part in the certificate store
const madeStore = !fs.existsSync(STORE);
const clientCert = new Certificate();
fs.mkdirSync(STORE, { recursive: true });
clientCert.metadata.set("name", "Client test certificate");
clientCert.savePublic(CLIENT_CERT_FILE);

let auth: ZAuth | undefined;
let server: Push | undefined;
let serverKey: string;
let connectTo: string;
if (foreignServerKey === undefined) {
  //  Create and start authentication engine; tell it to use the certificate store in .curve
  auth = await ZAuth.start();
  auth.setVerbose();
  auth.allow("127.0.0.1");
  auth.curve(STORE);

  //  Prepare the server certificate as we did in Stonehouse
  const serverCert = new Certificate();
  serverKey = serverCert.publicKey;

  //  Create and bind server socket
  server = new Push();
  serverCert.apply(server);
  server.curveServer = true;
  await server.bind(endpoint);
  connectTo = server.lastEndpoint!.replace("0.0.0.0", "127.0.0.1");
} else {
  serverKey = foreignServerKey;
  connectTo = endpoint;
}

//  Create and connect client socket
const client = new Pull();
clientCert.apply(client);
client.curveServerKey = serverKey;
client.connect(connectTo);

//  Send a single message from server to client
await server?.send("Hello");
const [message] = await client.receive();
assert(String(message) === "Hello");
console.log("Ironhouse test OK");

auth?.close();
client.close();
server?.close();
fs.rmSync(CLIENT_CERT_FILE);
if (madeStore && fs.readdirSync(STORE).length === 0) fs.rmdirSync(STORE);
