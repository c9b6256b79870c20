/**
 * Real sockets over real tcp, against a peer that is a plain node:net socket speaking hand-written bytes
 * (shared/conformance.md, "Greeting and version", "Frames", "Handshake commands"). What the engine tests
 * prove over in-memory streams is checked here end to end: the octets a socket writes to the network, and
 * that a peer breaking the protocol only loses its own connection — no exception, no hang.
 */
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { Pull, Push, type Socket } from "../../src/index.js";
import { bytes, concat, filled, hex } from "../helpers/bytes.js";
import { delay, settle, waitUntil, within } from "../helpers/wait.js";
import { commandFrame, frameBytes, greetingBytes, messageBytes, readyFrame } from "../helpers/wire.js";

/** Our signature: its padding is the uint64 routing id size + 1 (no routing id here), as libzmq writes it. */
const SIGNATURE = bytes(0xff, filled(7), 1, 0x7f);
const GREETING = greetingBytes({ padding: [0, 0, 0, 0, 0, 0, 0, 1] });
const PUSH_READY = readyFrame([["Socket-Type", "PUSH"]]);
const PULL_READY = readyFrame([["Socket-Type", "PULL"]]);

const sockets: Socket[] = [];
const raws: net.Socket[] = [];
const servers: net.Server[] = [];
function track<T extends Socket>(socket: T): T {
  sockets.push(socket);
  return socket;
}
afterEach(async () => {
  for (const raw of raws.splice(0)) raw.destroy();
  const open = sockets.splice(0);
  for (const s of open) s.linger = 0;
  await Promise.all(open.map((s) => s.closeAndWait()));
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** One raw tcp connection: everything it received, and whether the far side closed it. */
class RawPeer {
  private readonly chunks: Buffer[] = [];
  ended = false;
  readonly closed: Promise<void>;

  constructor(readonly socket: net.Socket) {
    raws.push(socket);
    socket.on("data", (chunk: Buffer) => this.chunks.push(chunk));
    socket.on("error", () => undefined); // a reset from the far side is an expected outcome here
    this.closed = new Promise((resolve) => {
      socket.once("close", () => {
        this.ended = true;
        resolve();
      });
    });
  }

  static async connect(endpoint: string): Promise<RawPeer> {
    const match = /^tcp:\/\/(.+):(\d+)$/.exec(endpoint)!;
    const socket = net.connect({ host: match[1]!, port: Number(match[2]) });
    const peer = new RawPeer(socket);
    await within(new Promise((resolve) => socket.once("connect", resolve)), "raw connect");
    return peer;
  }

  get received(): Buffer {
    return Buffer.concat(this.chunks);
  }

  send(data: Uint8Array): void {
    this.socket.write(data);
  }

  async waitForBytes(n: number, label = `${n} octets`): Promise<void> {
    await waitUntil(() => this.received.length >= n, label);
  }
}

/** A raw tcp server; each accepted connection becomes a RawPeer. */
async function rawServer(): Promise<{ endpoint: string; peers: RawPeer[] }> {
  const peers: RawPeer[] = [];
  const server = net.createServer((socket) => peers.push(new RawPeer(socket)));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen({ host: "127.0.0.1", port: 0 }, resolve));
  return { endpoint: `tcp://127.0.0.1:${(server.address() as net.AddressInfo).port}`, peers };
}

async function boundPull(options: ConstructorParameters<typeof Pull>[0] = {}): Promise<Pull> {
  const pull = track(new Pull(options));
  await pull.bind("tcp://127.0.0.1:0");
  return pull;
}

/** The socket still works for a well-behaved peer after a bad one. */
async function stillServes(pull: Pull): Promise<void> {
  const push = track(new Push());
  push.connect(pull.lastEndpoint!);
  await push.send("still fine");
  expect((await within(pull.receive(), "a message from a good peer")).map(String)).toEqual(["still fine"]);
}

/** Lets the event loop and the network run for a while (to show that nothing more arrives). */
const quiet = (ms = 50): Promise<void> => delay(ms);

describe("greeting over tcp, in libzmq's three stages", () => {
  it("a bound socket writes the signature, the major version after the peer's signature, the rest after its major", async () => {
    const pull = await boundPull();
    const raw = await RawPeer.connect(pull.lastEndpoint!);
    await raw.waitForBytes(10, "our signature");
    await quiet();
    expect(hex(raw.received)).toBe(hex(SIGNATURE)); // nothing beyond the signature before the peer speaks

    raw.send(GREETING.subarray(0, 10));
    await raw.waitForBytes(11, "our major version");
    await quiet();
    expect(hex(raw.received)).toBe(hex(GREETING.subarray(0, 11)));

    raw.send(GREETING.subarray(10, 11));
    await raw.waitForBytes(64, "the rest of our greeting");
    await quiet();
    expect(hex(raw.received)).toBe(hex(GREETING)); // no READY before the peer's greeting is complete

    raw.send(GREETING.subarray(11));
    await raw.waitForBytes(64 + PULL_READY.length, "our READY");
    expect(hex(raw.received.subarray(64))).toBe(hex(PULL_READY));

    raw.send(concat([PUSH_READY, messageBytes(["hand", "written"])]));
    expect((await within(pull.receive(), "the message")).map(String)).toEqual(["hand", "written"]);
  });

  it("a connecting socket opens with its signature alone and completes against a staged peer", async () => {
    const server = await rawServer();
    const push = track(new Push());
    push.connect(server.endpoint);
    await waitUntil(() => server.peers.length === 1, "the connection");
    const raw = server.peers[0]!;
    await raw.waitForBytes(10);
    await quiet();
    expect(hex(raw.received)).toBe(hex(SIGNATURE));
    raw.send(GREETING.subarray(0, 11));
    await raw.waitForBytes(64);
    raw.send(concat([GREETING.subarray(11), PULL_READY]));
    await raw.waitForBytes(64 + PUSH_READY.length);
    expect(hex(raw.received.subarray(64))).toBe(hex(PUSH_READY));
    await push.send(["a", ""]);
    await raw.waitForBytes(64 + PUSH_READY.length + 5);
    expect(hex(raw.received.subarray(64 + PUSH_READY.length))).toBe(hex(messageBytes(["a", ""])));
  });

  it("greeting, READY and messages written in one go are all taken (leftover bytes kept across states)", async () => {
    const pull = await boundPull();
    const raw = await RawPeer.connect(pull.lastEndpoint!);
    raw.send(
      concat([
        greetingBytes({ padding: [1, 2, 3, 4, 5, 6, 7, 8], asServer: 1 }), // neither is checked
        PUSH_READY,
        messageBytes(["one"]),
        messageBytes([""]),
        frameBytes(0x02, "long form, short size", { long: true }),
      ]),
    );
    const got: string[][] = [];
    for (let i = 0; i < 3; i++) got.push((await within(pull.receive(), `message ${i}`)).map(String));
    expect(got).toEqual([["one"], [""], ["long form, short size"]]);
  });

  it("accepts a peer announcing ZMTP 3.0", async () => {
    const pull = await boundPull();
    const raw = await RawPeer.connect(pull.lastEndpoint!);
    raw.send(concat([greetingBytes({ minor: 0 }), PUSH_READY, messageBytes(["from 3.0"])]));
    expect((await within(pull.receive(), "the message")).map(String)).toEqual(["from 3.0"]);
  });
});

describe("peers that break the protocol lose their connection, never more", () => {
  // ZMTP 1.0 and 2.0 peers are served, not dropped: test/engine/legacy-peers.test.ts.

  it("a peer greeting with another mechanism is dropped after the greeting, with no READY", async () => {
    const pull = await boundPull();
    const raw = await RawPeer.connect(pull.lastEndpoint!);
    raw.send(concat([greetingBytes({ mechanism: "PLAIN" }), commandFrame("HELLO", bytes(0, 0))]));
    await within(raw.closed, "the connection to close");
    expect(hex(raw.received)).toBe(hex(GREETING));
    await stillServes(pull);
  });

  it("an incompatible peer gets ERROR (1-octet reason length) after our READY, then the connection closes", async () => {
    const pull = await boundPull();
    const raw = await RawPeer.connect(pull.lastEndpoint!);
    raw.send(concat([GREETING, readyFrame([["Socket-Type", "PUB"]]), messageBytes(["never delivered"])]));
    await within(raw.closed, "the connection to close");
    const after = raw.received.subarray(64 + PULL_READY.length);
    expect(hex(raw.received.subarray(0, 64 + PULL_READY.length))).toBe(hex(concat([GREETING, PULL_READY])));
    expect(after[0]).toBe(0x04); // a short command frame
    expect(after[1]).toBe(after.length - 2); // the whole rest is that one frame
    expect(after.subarray(2, 8).toString("latin1")).toBe("\x05ERROR");
    expect(after[8]).toBe(after.length - 9);
    expect(after.subarray(9).toString("latin1")).toMatch(/PUB/);
    pull.receiveTimeout = 100;
    await expect(pull.receive()).rejects.toMatchObject({ code: "EAGAIN" });
    await stillServes(pull);
  });

  it("a peer that sends ERROR instead of READY is dropped", async () => {
    const pull = await boundPull();
    const raw = await RawPeer.connect(pull.lastEndpoint!);
    raw.send(concat([GREETING, commandFrame("ERROR", bytes(6, "denied"))]));
    await within(raw.closed, "the connection to close");
    await stillServes(pull);
  });

  it("reserved flag bits after the handshake close the connection; what came before is delivered", async () => {
    const pull = await boundPull();
    const raw = await RawPeer.connect(pull.lastEndpoint!);
    raw.send(concat([GREETING, PUSH_READY, messageBytes(["before"]), bytes(0x08, 0x01, "x"), messageBytes(["after"])]));
    await within(raw.closed, "the connection to close");
    expect((await within(pull.receive(), "the first message")).map(String)).toEqual(["before"]);
    pull.receiveTimeout = 100;
    await expect(pull.receive()).rejects.toMatchObject({ code: "EAGAIN" });
  });

  it("a frame size beyond maxMessageSize closes the connection from the header alone", async () => {
    const pull = await boundPull({ maxMessageSize: 1000 });
    const raw = await RawPeer.connect(pull.lastEndpoint!);
    // A long header announcing 2^40 octets, and no body at all: only the header can trigger the close.
    raw.send(concat([GREETING, PUSH_READY, bytes(0x02, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00)]));
    await within(raw.closed, "the connection to close");
    await stillServes(pull);
  });

  it("a peer that stalls mid-greeting is dropped after handshakeInterval", async () => {
    const pull = await boundPull({ handshakeInterval: 100 });
    const raw = await RawPeer.connect(pull.lastEndpoint!);
    raw.send(GREETING.subarray(0, 30)); // signature, version and part of the mechanism, then silence
    await within(raw.closed, "the connection to close");
    expect(hex(raw.received)).toBe(hex(GREETING));
    await stillServes(pull);
  });

  it("a half-sent multipart message is discarded when the peer goes", async () => {
    const pull = await boundPull();
    const raw = await RawPeer.connect(pull.lastEndpoint!);
    raw.send(concat([GREETING, PUSH_READY, messageBytes(["whole", "message"]), frameBytes(0x01, "half")]));
    expect((await within(pull.receive(), "the whole message")).map(String)).toEqual(["whole", "message"]);
    raw.socket.end();
    await within(raw.closed, "the connection to close");
    await settle();
    pull.receiveTimeout = 100;
    await expect(pull.receive()).rejects.toMatchObject({ code: "EAGAIN" });
  });
});

describe("a peer still handshaking is not connected", () => {
  it("a bound PUSH never round-robins to a peer that has greeted but not sent READY, and does once it has", async () => {
    const push = track(new Push());
    await push.bind("tcp://127.0.0.1:0");
    const raw = await RawPeer.connect(push.lastEndpoint!);
    raw.send(GREETING); // no READY yet
    await raw.waitForBytes(64 + PUSH_READY.length, "the PUSH's READY");

    const pull = track(new Pull());
    pull.connect(push.lastEndpoint!);
    for (let i = 0; i < 10; i++) await push.send(`m${i}`);
    const got: string[] = [];
    for (let i = 0; i < 10; i++) got.push(String((await within(pull.receive(), `message ${i}`))[0]));
    expect(got).toEqual(["m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9"]);
    await quiet();
    expect(raw.received.length).toBe(64 + PUSH_READY.length); // nothing was queued to the handshaking peer

    // Once it sends READY it is a peer like any other: round-robin now reaches it.
    raw.send(PULL_READY);
    await quiet();
    for (let i = 0; i < 10; i++) await push.send(`n${i}`);
    await waitUntil(() => raw.received.length > 64 + PUSH_READY.length, "a message to the new peer");
  });

  it("with immediate, a connecting PUSH queues nothing to a peer that never completes the handshake", async () => {
    const server = await rawServer();
    const pull = track(new Pull());
    await pull.bind("tcp://127.0.0.1:0");
    const push = track(new Push({ immediate: true }));
    push.connect(server.endpoint);
    await waitUntil(() => server.peers.length === 1, "the raw connection");
    server.peers[0]!.send(GREETING); // greets, never READY
    await server.peers[0]!.waitForBytes(64 + PUSH_READY.length);
    push.connect(pull.lastEndpoint!);
    for (let i = 0; i < 6; i++) await push.send(`m${i}`);
    const got: string[] = [];
    for (let i = 0; i < 6; i++) got.push(String((await within(pull.receive(), `message ${i}`))[0]));
    expect(got).toEqual(["m0", "m1", "m2", "m3", "m4", "m5"]);
    expect(server.peers[0]!.received.length).toBe(64 + PUSH_READY.length);
  });
});
