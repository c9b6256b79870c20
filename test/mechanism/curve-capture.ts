/**
 * Writes test/mechanism/curve-vectors.json: two real CURVE sessions between zmtp and libzmq 4.3.5
 * (zeromq.js), captured octet for octet through a tcp proxy, with every random octet zmtp drew. The
 * known-answer tests (curve-known-answer.test.ts) replay them: with the same random octets our mechanism
 * must write exactly what libzmq accepted, and open exactly what libzmq wrote.
 *
 *   npx tsx test/mechanism/curve-capture.ts
 *
 * Session "client": a zmtp DEALER (CURVE client) connects to a libzmq ROUTER (CURVE server), sends
 * ["hello", "world"] and gets ["back", "again"].
 * Session "server": a libzmq SUB (CURVE client) connects to a zmtp PUB (CURVE server), subscribes to
 * "topic" (a boxed SUBSCRIBE command) and gets ["topic", "news"].
 */
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as zmq from "zeromq";
import * as zmtp from "../../src/index.js";

interface Capture {
  toServer: Buffer[];
  toClient: Buffer[];
}

/** A proxy on an ephemeral port to `target`, recording both directions of its one connection. */
async function proxy(target: { host: string; port: number }): Promise<{ port: number; capture: Capture; done: Promise<void>; close: () => void }> {
  const capture: Capture = { toServer: [], toClient: [] };
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const sockets: net.Socket[] = [];
  const server = net.createServer((inbound) => {
    const outbound = net.connect(target);
    sockets.push(inbound, outbound);
    inbound.on("data", (chunk: Buffer) => {
      capture.toServer.push(Buffer.from(chunk));
      outbound.write(chunk);
    });
    outbound.on("data", (chunk: Buffer) => {
      capture.toClient.push(Buffer.from(chunk));
      inbound.write(chunk);
    });
    inbound.on("close", () => {
      outbound.destroy();
      finish();
    });
    outbound.on("close", () => inbound.destroy());
    inbound.on("error", () => undefined);
    outbound.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    capture,
    done,
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}

/** Records the random octets zmtp's CURVE mechanism draws through Web Crypto while `run` runs. */
async function recordingRandom<T>(run: () => Promise<T>): Promise<{ result: T; draws: string[] }> {
  const draws: string[] = [];
  const crypto = globalThis.crypto;
  const original = crypto.getRandomValues.bind(crypto);
  crypto.getRandomValues = (<A extends ArrayBufferView | null>(array: A): A => {
    const out = original(array as never) as A;
    const view = array as unknown as Uint8Array;
    // Only the mechanism's own draws (keys, cookie key, nonces): @noble/curves also draws blinding octets
    // for its base multiplications, which change nothing it returns.
    const caller = new Error().stack?.split("\n")[2] ?? "";
    if (caller.includes(`mechanism${path.sep}curve${path.sep}`)) {
      draws.push(Buffer.from(view.buffer, view.byteOffset, view.byteLength).toString("hex"));
    }
    return out;
  });
  try {
    return { result: await run(), draws };
  } finally {
    crypto.getRandomValues = original;
  }
}

function port(endpoint: string): number {
  return Number(endpoint.slice(endpoint.lastIndexOf(":") + 1));
}

const serverKeys = zmq.curveKeyPair();
const clientKeys = zmq.curveKeyPair();

async function clientSession(): Promise<object> {
  const router = new zmq.Router({ curveServer: true, curveSecretKey: serverKeys.secretKey, linger: 0 });
  await router.bind("tcp://127.0.0.1:*");
  const relay = await proxy({ host: "127.0.0.1", port: port(router.lastEndpoint!) });
  const { draws } = await recordingRandom(async () => {
    const dealer = new zmtp.Dealer({ linger: 0 });
    dealer.curveServerKey = serverKeys.publicKey;
    dealer.curvePublicKey = clientKeys.publicKey;
    dealer.curveSecretKey = clientKeys.secretKey;
    dealer.connect(`tcp://127.0.0.1:${relay.port}`);
    await dealer.send(["hello", "world"]);
    const [id] = await router.receive();
    await router.send([id!, "back", "again"]);
    await dealer.receive();
    dealer.close();
  });
  await relay.done;
  relay.close();
  router.close();
  return { draws, ...hex(relay.capture) };
}

async function serverSession(): Promise<object> {
  let relay!: Awaited<ReturnType<typeof proxy>>;
  const { draws } = await recordingRandom(async () => {
    const pub = new zmtp.Publisher({ linger: 0 });
    pub.curveServer = true;
    pub.curveSecretKey = serverKeys.secretKey;
    await pub.bind("tcp://127.0.0.1:*");
    relay = await proxy({ host: "127.0.0.1", port: port(pub.lastEndpoint!) });
    const sub = new zmq.Subscriber({ curveServerKey: serverKeys.publicKey, curvePublicKey: clientKeys.publicKey, curveSecretKey: clientKeys.secretKey, linger: 0 });
    sub.subscribe("topic");
    sub.connect(`tcp://127.0.0.1:${relay.port}`);
    // Publish until the subscription has arrived (a PUB drops what no one subscribed to).
    const received = sub.receive();
    let got = false;
    void received.then(() => (got = true));
    while (!got) {
      await pub.send(["topic", "news"]);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    sub.close();
    await relay.done;
    pub.close();
  });
  relay.close();
  return { draws, ...hex(relay.capture) };
}

function hex(capture: Capture): { toServer: string; toClient: string } {
  return { toServer: Buffer.concat(capture.toServer).toString("hex"), toClient: Buffer.concat(capture.toClient).toString("hex") };
}

const vectors = {
  about: "CURVE sessions between zmtp and libzmq 4.3.5, captured by test/mechanism/curve-capture.ts",
  libzmq: zmq.version,
  serverKeys,
  clientKeys,
  client: await clientSession(),
  server: await serverSession(),
};
const out = path.join(path.dirname(fileURLToPath(import.meta.url)), "curve-vectors.json");
fs.writeFileSync(out, `${JSON.stringify(vectors, null, 2)}\n`);
console.log(`wrote ${out}`);
