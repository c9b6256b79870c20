import { curveKeyPair, Dealer, Router } from "../../src/index.js";

// CURVE (RFC 26): the server proves it holds the secret key for the public key clients know; the
// authenticator admits only the client keys it knows (RFC 27's ZAP, as a JavaScript function).
const serverKeys = curveKeyPair();
const clientKeys = curveKeyPair();
const known = new Set([clientKeys.publicKey]);

const router = new Router({
  curveServer: true,
  curveSecretKey: serverKeys.secretKey,
  authenticator: ({ clientKey }) => clientKey !== undefined && known.has(clientKey),
});
await router.bind("tcp://127.0.0.1:*");

const dealer = new Dealer({
  curveServerKey: serverKeys.publicKey, // makes it a CURVE client of that server
  curvePublicKey: clientKeys.publicKey,
  curveSecretKey: clientKeys.secretKey,
});
dealer.connect(router.lastEndpoint!);
await dealer.send("sealed");
const [, message] = await router.receive();
console.log(`server received "${String(message)}" over ${String(dealer.securityMechanism)}`);

// A client with a key the server does not know is refused: its monitor says why.
const strangerKeys = curveKeyPair();
const stranger = new Dealer({
  linger: 0,
  curveServerKey: serverKeys.publicKey,
  curvePublicKey: strangerKeys.publicKey,
  curveSecretKey: strangerKeys.secretKey,
});
stranger.connect(router.lastEndpoint!);
await stranger.send("let me in");
const reply = stranger.receive().catch(() => undefined); // never answered; rejected when it closes
for await (const event of stranger.events) {
  if (event.type === "handshake:error:auth") {
    console.log(`stranger refused: ${event.error?.code} (ZAP status ${String((event.error as { status?: number }).status)})`);
    break;
  }
}

stranger.close();
await reply;
dealer.close();
router.close();
