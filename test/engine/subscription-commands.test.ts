/**
 * Subscriptions on the wire (RFC 29, RFC 37 §"SUBSCRIBE and CANCEL"). Inside zmtp a subscription travels as a
 * typed Subscription item, never as bytes: the engine parses SUBSCRIBE / CANCEL commands (and a ZMTP 3.0
 * peer's `\x01topic` / `\x00topic` messages) into items for PUB / XPUB pipes, and writes a SUB / XSUB's items
 * in the peer's form: commands to a 3.1 peer, `\x01` / `\x00` data frames to a 3.0 peer. Only a PUB / XPUB
 * acts on them: any other socket type must not hand them to its user as messages the peer never sent
 * (libzmq 4.3.5 leaks them, as "\x09SUBSCRIBEtopic": observed with a raw peer).
 *
 * First the engine with each socket type's own options (as its sessions start a connection), against a
 * scripted peer; then whole sockets over tcp against a raw peer.
 */
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { EngineConnection } from "../../src/engine/engine-connection.js";
import { Dealer, Publisher, Pull, Subscriber, XPublisher, XSubscriber, type Socket } from "../../src/index.js";
import { Subscription, type PipeItem } from "../../src/pipe/pipe-item.js";
import { Pipe } from "../../src/pipe/pipe.js";
import { PortHost } from "../../src/root/port-host.js";
import { EngineSide } from "../../src/session/engine-side.js";
import { bytes, concat, filled, hex } from "../helpers/bytes.js";
import { RecordingSink, StreamDecoder } from "../helpers/recording-sink.js";
import { ScriptedPeer } from "../helpers/scripted-peer.js";
import { portOf } from "../helpers/socket-port.js";
import { socketTracker } from "../helpers/socket-tracker.js";
import { delay, waitUntil, within } from "../helpers/wait.js";
import { commandFrame, frameBytes, greetingBytes, messageBytes, readyFrame } from "../helpers/wire.js";

/** Our greeting: its padding carries libzmq's routing id size + 1 (no routing id: 1). */
const OUR_GREETING = greetingBytes({ padding: [0, 0, 0, 0, 0, 0, 0, 1] });

const track = socketTracker();

// ---- the engine, with each socket type's options ------------------------------------------------------

const connections: EngineConnection[] = [];
afterEach(() => {
  for (const connection of connections.splice(0)) connection.close(undefined);
});

interface EngineRun {
  peer: ScriptedPeer;
  /** The socket's end of the connection's pipe. */
  pipe: Pipe;
  ready: () => boolean;
}

/**
 * A connection as `socket`'s sessions start it, its pipe made and lent as a session does; the peer greets
 * with ZMTP 3.`minor` and READY of type `peerType`.
 */
async function engineRun(socket: Socket, peerType: string, minor: number): Promise<EngineRun> {
  track(socket);
  const peer = new ScriptedPeer();
  const [socketEnd, engineEnd] = Pipe.forSocket(1000, 1000);
  const side = new EngineSide(engineEnd, () => undefined);
  let isReady = false;
  const connection = new PortHost(portOf(socket)).startConnection(peer.stream, {
    ready: (conn) => {
      isReady = true;
      side.connection = conn;
      return engineEnd;
    },
    closed: () => undefined,
  });
  connections.push(connection);
  peer.send(concat([greetingBytes({ minor }), readyFrame([["Socket-Type", peerType]])]));
  await waitUntil(() => isReady, "handler.ready");
  await peer.waitForFrames(1);
  return { peer, pipe: socketEnd, ready: () => isReady };
}

/** A pipe item as plain data. */
function view(item: PipeItem): string[] | { subscribe: boolean; topic: string } {
  if (item instanceof Subscription) return { subscribe: item.subscribe, topic: hex(item.topic) };
  if (!Array.isArray(item)) throw new Error("expected a message or a subscription, got a group membership");
  return item.map((frame) => hex(frame));
}

function readAll(pipe: Pipe): ReturnType<typeof view>[] {
  const out: ReturnType<typeof view>[] = [];
  for (let item = pipe.read(); item !== undefined; item = pipe.read()) out.push(view(item));
  return out;
}

const topic = (text: string): string => hex(bytes(text));

describe.each([
  ["PUB", () => new Publisher()],
  ["XPUB", () => new XPublisher()],
])("%s connection: subscriptions arrive at its pipe as Subscription items", (_name, make) => {
  it.each(["SUB", "XSUB"])("SUBSCRIBE / CANCEL commands from a 3.1 %s", async (peerType) => {
    const run = await engineRun(make(), peerType, 1);
    run.peer.send(
      concat([
        commandFrame("SUBSCRIBE", "topic"),
        commandFrame("CANCEL", "topic"),
        commandFrame("SUBSCRIBE", ""),
        commandFrame("SUBSCRIBE", filled(300, 0x41)), // long command frame
        messageBytes(["not a subscription", "x"]),
      ]),
    );
    await waitUntil(() => run.pipe.readableSize === 5, "five items");
    expect(readAll(run.pipe)).toEqual([
      { subscribe: true, topic: topic("topic") },
      { subscribe: false, topic: topic("topic") },
      { subscribe: true, topic: "" },
      { subscribe: true, topic: hex(filled(300, 0x41)) },
      [topic("not a subscription"), topic("x")],
    ]);
  });

  it.each(["SUB", "XSUB"])("\\x01topic / \\x00topic messages from a 3.0 %s", async (peerType) => {
    const run = await engineRun(make(), peerType, 0);
    run.peer.send(concat([messageBytes([bytes(1, "topic")]), messageBytes([bytes(0, "topic")]), messageBytes([bytes(1)])]));
    await waitUntil(() => run.pipe.readableSize === 3, "three items");
    expect(readAll(run.pipe)).toEqual([
      { subscribe: true, topic: topic("topic") },
      { subscribe: false, topic: topic("topic") },
      { subscribe: true, topic: "" },
    ]);
  });
});

/** Subscribe "topic", cancel it, subscribe to everything; waits for READY and the three on the wire. */
async function writeThreeSubscriptions(run: Awaited<ReturnType<typeof engineRun>>): Promise<void> {
  run.pipe.forceWrite(new Subscription(true, Buffer.from("topic")));
  run.pipe.forceWrite(new Subscription(false, Buffer.from("topic")));
  run.pipe.forceWrite(new Subscription(true, Buffer.alloc(0)));
  await run.peer.waitForFrames(4);
}

describe.each([
  ["SUB", () => new Subscriber()],
  ["XSUB", () => new XSubscriber()],
])("%s connection: its Subscription items go out in the peer's form", (name, make) => {
  it("as SUBSCRIBE / CANCEL commands to a 3.1 peer", async () => {
    const run = await engineRun(make(), "PUB", 1);
    await writeThreeSubscriptions(run);
    expect(hex(run.peer.written)).toBe(
      hex(
        concat([
          OUR_GREETING,
          readyFrame([["Socket-Type", name]]),
          commandFrame("SUBSCRIBE", "topic"),
          commandFrame("CANCEL", "topic"),
          bytes(0x04, 0x0a, 0x09, "SUBSCRIBE"),
        ]),
      ),
    );
  });

  it("as \\x01topic / \\x00topic data frames to a 3.0 peer", async () => {
    const run = await engineRun(make(), "XPUB", 0);
    await writeThreeSubscriptions(run);
    expect(hex(run.peer.written)).toBe(
      hex(
        concat([
          OUR_GREETING,
          readyFrame([["Socket-Type", name]]),
          bytes(0x00, 0x06, 0x01, "topic"),
          bytes(0x00, 0x06, 0x00, "topic"),
          bytes(0x00, 0x01, 0x01),
        ]),
      ),
    );
  });
});

// ---- whole sockets over tcp, against a raw peer ---------------------------------------------------------

/** A raw tcp peer that records what the zmtp socket writes, decoded (greeting, then frames). */
class RawPeer {
  readonly sink = new RecordingSink();
  readonly chunks: Buffer[] = [];
  decodeError: Error | undefined = undefined;
  private readonly decoder = new StreamDecoder(this.sink);

  constructor(readonly socket: net.Socket) {
    socket.on("data", (chunk: Buffer) => {
      this.chunks.push(chunk);
      if (this.decodeError !== undefined) return;
      try {
        this.decoder.push(new Uint8Array(chunk));
      } catch (err) {
        this.decodeError = err as Error;
      }
    });
    socket.on("error", () => undefined);
  }

  get written(): Buffer {
    return Buffer.concat(this.chunks);
  }

  get frames(): { flags: number; body: string }[] {
    return this.sink.frames;
  }

  async waitForFrames(count: number): Promise<void> {
    await waitUntil(() => this.frames.length >= count || this.decodeError !== undefined, `${count} frame(s) from the socket`);
    if (this.decodeError !== undefined) throw this.decodeError;
  }
}

const servers: net.Server[] = [];
const rawSockets: net.Socket[] = [];
afterEach(async () => {
  for (const socket of rawSockets.splice(0)) socket.destroy();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A raw tcp server playing a publisher of the given ZMTP 3.x minor version; resolves to its endpoint. */
async function rawPublisher(minor: number, onPeer: (peer: RawPeer) => void): Promise<string> {
  const server = net.createServer((socket) => {
    rawSockets.push(socket);
    onPeer(new RawPeer(socket));
    socket.write(concat([greetingBytes({ minor }), readyFrame([["Socket-Type", "PUB"]])]));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen({ host: "127.0.0.1", port: 0 }, resolve));
  return `tcp://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
}

/** A raw tcp client connected to `endpoint`. */
function rawClient(endpoint: string): RawPeer {
  const port = Number(/:(\d+)$/.exec(endpoint)![1]);
  const socket = net.connect({ host: "127.0.0.1", port });
  rawSockets.push(socket);
  return new RawPeer(socket);
}

describe("a Subscriber over tcp sends its subscriptions in the peer's form", () => {
  it.each([
    [1, [commandFrame("SUBSCRIBE", "topic"), commandFrame("CANCEL", "topic")]],
    [0, [frameBytes(0x00, bytes(1, "topic")), frameBytes(0x00, bytes(0, "topic"))]],
  ])("to a ZMTP 3.%i publisher", async (minor, expected) => {
    let peer: RawPeer | undefined;
    const endpoint = await rawPublisher(minor, (p) => (peer = p));
    const sub = track(new Subscriber());
    sub.subscribe("topic");
    sub.connect(endpoint);
    await waitUntil(() => peer !== undefined, "the connection");
    await peer!.waitForFrames(2); // READY, then the subscription
    sub.unsubscribe("topic");
    await peer!.waitForFrames(3);
    await delay(20);
    expect(hex(peer!.written)).toBe(hex(concat([OUR_GREETING, readyFrame([["Socket-Type", "SUB"]]), ...expected])));
  });
});

/** Publishes `topic` messages until the raw peer has received one (the subscription has been applied). */
async function publishUntilReceived(pub: Publisher, peer: RawPeer, after: number): Promise<void> {
  await waitUntil(() => {
    if (peer.frames.length > after) return true;
    void pub.send(["topic", "probe"]);
    return false;
  }, "a published message");
}

describe("a Publisher over tcp applies the subscriptions a raw subscriber sends", () => {
  it.each([
    [1, "a SUBSCRIBE command", commandFrame("SUBSCRIBE", "topic")],
    [1, "a \\x01topic message", messageBytes([bytes(1, "topic")])],
    [0, "a \\x01topic message", messageBytes([bytes(1, "topic")])],
  ])("ZMTP 3.%i subscriber, subscribing with %s", async (minor, _label, subscription) => {
    const pub = track(new Publisher());
    await pub.bind("tcp://127.0.0.1:0");
    const peer = rawClient(pub.lastEndpoint!);
    peer.socket.write(concat([greetingBytes({ minor }), readyFrame([["Socket-Type", "SUB"]]), subscription]));
    await peer.waitForFrames(1); // the publisher's READY
    await publishUntilReceived(pub, peer, 1);
    await pub.send(["other", "dropped"]);
    await pub.send(["topic", "last"]);
    await waitUntil(() => peer.frames.some((f) => f.body === topic("last")), "the last message");
    const bodies = peer.frames.slice(1).map((f) => f.body);
    expect(bodies).not.toContain(topic("other"));
    expect(bodies).not.toContain(topic("dropped"));
    expect(peer.frames.slice(-2)).toEqual([
      { flags: 1, body: topic("topic") },
      { flags: 0, body: topic("last") },
    ]);
  });
});

describe("an XPublisher over tcp hands a raw subscriber's subscriptions to its user as \\x01topic / \\x00topic", () => {
  it.each([
    [1, commandFrame("SUBSCRIBE", "topic"), commandFrame("CANCEL", "topic")],
    [0, messageBytes([bytes(1, "topic")]), messageBytes([bytes(0, "topic")])],
  ])("ZMTP 3.%i subscriber", async (minor, subscribe, cancel) => {
    const xpub = track(new XPublisher({ receiveTimeout: 2000 }));
    await xpub.bind("tcp://127.0.0.1:0");
    const peer = rawClient(xpub.lastEndpoint!);
    peer.socket.write(concat([greetingBytes({ minor }), readyFrame([["Socket-Type", "SUB"]]), subscribe, cancel]));
    expect((await within(xpub.receive(), "the subscription")).map((f) => hex(f))).toEqual([hex(bytes(1, "topic"))]);
    expect((await within(xpub.receive(), "the cancel")).map((f) => hex(f))).toEqual([hex(bytes(0, "topic"))]);
  });
});

it.each([
  ["PULL", "PUSH"],
  ["DEALER", "DEALER"],
])("a %s ignores SUBSCRIBE / CANCEL commands from a %s peer", async (local, remote) => {
  const socket = local === "PULL" ? new Pull({ receiveTimeout: 2000 }) : new Dealer({ receiveTimeout: 2000 });
  await socket.bind("tcp://127.0.0.1:0");
  const port = Number(/:(\d+)$/.exec(socket.lastEndpoint!)![1]);
  const raw = net.connect({ host: "127.0.0.1", port });
  raw.on("data", () => undefined);
  raw.write(
    concat([
      greetingBytes(),
      readyFrame([["Socket-Type", remote]]),
      commandFrame("SUBSCRIBE", "topic"),
      commandFrame("CANCEL", "topic"),
      messageBytes(["real"]),
    ]),
  );
  try {
    expect((await within(socket.receive(), "the message", 3000)).map(String)).toEqual(["real"]);
  } finally {
    raw.destroy();
    socket.linger = 0;
    await socket.closeAndWait();
  }
});
