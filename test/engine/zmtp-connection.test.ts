/**
 * A ZMTP connection over a byte stream (`startZmtpConnection`: the protocol part over a StreamWire), driven
 * byte for byte by a scripted peer. The harness wires it as the sessions do: a pipe from
 * `Pipe.forSocket`, whose engine end an EngineSide owns and lends to the connection (handler.ready returns
 * that end), so the pipe's events reach the connection as in a real socket. Tests read what the peer sent
 * from the socket's end and write there what goes to the peer.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { EngineConnection, EngineHandler } from "../../src/engine/engine-connection.js";
import { startZmtpConnection, type ZmtpOptions } from "../../src/engine/zmtp-connection.js";
import { AuthError, HandshakeError, ProtocolError, ZmqError } from "../../src/errors.js";
import type { Message } from "../../src/message.js";
import { NullMechanism } from "../../src/mechanism/null-mechanism.js";
import { GroupMembership, Subscription, type PipeItem } from "../../src/pipe/pipe-item.js";
import { Pipe, type PeerInfo } from "../../src/pipe/pipe.js";
import { EngineSide } from "../../src/session/engine-side.js";
import { ascii, bytes, concat, filled, hex, randomSplit, sequence } from "../helpers/bytes.js";
import { memoryPair, type MemoryDuplex, type MemoryDuplexOptions } from "../helpers/memory-stream.js";
import { errorCode } from "../helpers/errors.js";
import { ScriptedPeer } from "../helpers/scripted-peer.js";
import { frameTexts } from "../helpers/text.js";
import { delay, settle, waitUntil, within } from "../helpers/wait.js";
import { commandFrame, frameBytes, greetingBytes, messageBytes, readyFrame } from "../helpers/wire.js";

/** Our signature: its padding is the uint64 routing id size + 1 (no routing id here), as libzmq writes it. */
const SIGNATURE = bytes(0xff, filled(7), 1, 0x7f);
/** Our full greeting as the connection must send it (NULL, 3.1, as-server 0). */
const OUR_GREETING = greetingBytes({ padding: [0, 0, 0, 0, 0, 0, 0, 1] });
/** The 43-octet READY of a DEALER with an empty identity (conformance.md). */
const DEALER_READY = bytes(0x04, 0x29, 0x05, "READY", 0x0b, "Socket-Type", 0, 0, 0, 6, "DEALER", 0x08, "Identity", 0, 0, 0, 0);

const PEER_GREETING = greetingBytes({ padding: [0, 0, 0, 0, 0, 0, 0, 1] });
const ROUTER_READY = readyFrame([
  ["Socket-Type", "ROUTER"],
  ["Identity", ""],
]);

interface Harness {
  connection: EngineConnection;
  peer: ScriptedPeer;
  /** The socket's end of the pipe: what the peer sent is read here, what goes to the peer is written here. */
  pipe: Pipe;
  /** The session's side: owns the engine end and passes its events on to the connection. */
  side: EngineSide;
  /** Peers handed to handler.ready, in order. */
  readyCalls: PeerInfo[];
  /** Peers handed to options.checkPeer, in order. */
  checkCalls: PeerInfo[];
  /** Every handler.closed call's error. */
  closedCalls: (Error | undefined)[];
  /** Settles with the error of the first handler.closed call. */
  closed: Promise<Error | undefined>;
}

interface HarnessOptions extends Partial<ZmtpOptions> {
  /** The pipe's high-water marks (default 1000 each way). */
  marks?: { send: number; receive: number };
  /** A pipe made beforehand ([socketEnd, engineEnd]), e.g. with messages queued before the connection. */
  pipes?: [Pipe, Pipe];
  stream?: MemoryDuplexOptions;
  /** handler.ready refuses the peer (returns undefined instead of the engine end). */
  refuseInReady?: boolean;
}

const connections: EngineConnection[] = [];

afterEach(() => {
  for (const connection of connections.splice(0)) connection.close(undefined);
});

function dealerMechanism(): NullMechanism {
  return new NullMechanism([
    ["Socket-Type", ascii("DEALER")],
    ["Identity", new Uint8Array(0)],
  ]);
}

/**
 * A session stand-in over one pipe: the engine end is owned by an EngineSide (the socket dropping the pipe
 * ends the connection, as the sessions do), lent to the connection in handler.ready. On close the side keeps
 * pointing at the connection, so a closed connection is shown ignoring the pipe's events.
 */
function sessionFor(
  pipes: [Pipe, Pipe],
  readyCalls: PeerInfo[],
  closedCalls: (Error | undefined)[],
  refuse = false,
): { handler: EngineHandler; side: EngineSide; closed: Promise<Error | undefined> } {
  const [socketEnd, engineEnd] = pipes;
  let resolveClosed: (error: Error | undefined) => void = () => undefined;
  const closed = new Promise<Error | undefined>((resolve) => {
    resolveClosed = resolve;
  });
  const side = new EngineSide(engineEnd, () => {
    side.connection?.close(undefined);
  });
  const handler: EngineHandler = {
    ready: (connection, peer) => {
      readyCalls.push(peer);
      if (refuse) return undefined;
      socketEnd.peer = peer;
      side.connection = connection;
      return engineEnd;
    },
    closed: (_connection, error) => {
      closedCalls.push(error);
      resolveClosed(error);
    },
  };
  return { handler, side, closed };
}

function open(options: HarnessOptions = {}): Harness {
  const peer = new ScriptedPeer(options.stream);
  const marks = options.marks ?? { send: 1000, receive: 1000 };
  const pipes = options.pipes ?? Pipe.forSocket(marks.send, marks.receive);
  const readyCalls: PeerInfo[] = [];
  const checkCalls: PeerInfo[] = [];
  const closedCalls: (Error | undefined)[] = [];
  const { handler, side, closed } = sessionFor(pipes, readyCalls, closedCalls, options.refuseInReady);
  const checkPeer = options.checkPeer ?? (() => undefined);
  const connection = startZmtpConnection(
    peer.stream,
    {
      mechanism: options.mechanism ?? dealerMechanism(),
      maxMessageSize: options.maxMessageSize ?? -1,
      handshakeInterval: options.handshakeInterval ?? 0,
      checkPeer: (info) => {
        checkCalls.push(info);
        return checkPeer(info);
      },
      receivesSubscriptions: options.receivesSubscriptions ?? false,
    },
    handler,
  );
  connections.push(connection);
  return { connection, peer, pipe: pipes[0], side, readyCalls, checkCalls, closedCalls, closed };
}

/** Opens a connection and completes the NULL handshake with a ROUTER peer (3.1 unless told). */
async function openReady(options: HarnessOptions & { minor?: number } = {}): Promise<Harness> {
  const harness = open(options);
  harness.peer.send(concat([greetingBytes({ minor: options.minor ?? 1 }), ROUTER_READY]));
  await waitUntil(() => harness.readyCalls.length === 1, "handler.ready");
  await harness.peer.waitForFrames(1); // our READY
  return harness;
}

/** A message item, or a failure naming what came instead. */
function asMessage(item: PipeItem | undefined): Message | undefined {
  if (item instanceof Subscription) throw new Error(`expected a message, got a Subscription (${item.subscribe ? "subscribe" : "cancel"})`);
  if (item instanceof GroupMembership) throw new Error(`expected a message, got a GroupMembership (${item.join ? "join" : "leave"})`);
  return item;
}

/** A message item's frames as text (a subscription fails the test). */
function text(item: PipeItem | undefined): string[] | undefined {
  const message = asMessage(item);
  return message === undefined ? undefined : frameTexts(message);
}

/** A pipe item as plain data: a message's frames as hex, or a subscription's kind and topic as hex. */
type ItemView = string[] | { subscribe: boolean; topic: string };

function view(item: PipeItem): ItemView {
  if (item instanceof Subscription) return { subscribe: item.subscribe, topic: hex(item.topic) };
  if (!Array.isArray(item)) throw new Error("expected a message or a subscription, got a group membership");
  return item.map((frame) => hex(frame));
}

/** Takes every message waiting at the socket's end, as latin1 text. */
function readAll(pipe: Pipe): string[][] {
  const out: string[][] = [];
  for (let item = pipe.read(); item !== undefined; item = pipe.read()) out.push(text(item)!);
  return out;
}

/** Takes every item waiting at the socket's end, as plain data. */
function readAllItems(pipe: Pipe): ItemView[] {
  const out: ItemView[] = [];
  for (let item = pipe.read(); item !== undefined; item = pipe.read()) out.push(view(item));
  return out;
}

describe("ZMTP connection: greeting in libzmq's three stages", () => {
  it("writes only the 10-octet signature at first", async () => {
    const { peer } = open();
    await settle();
    expect(hex(peer.written)).toBe(hex(SIGNATURE));
  });

  it("writes the major version once the peer's signature is in, the rest once its major version is in", async () => {
    const { peer, readyCalls } = open();
    const greeting = PEER_GREETING;
    for (let i = 0; i < 9; i++) {
      peer.send(greeting.subarray(i, i + 1));
      await settle(2);
    }
    await settle();
    expect(peer.written.length).toBe(10);

    peer.send(greeting.subarray(9, 10)); // the 10th octet completes the signature
    await waitUntil(() => peer.written.length >= 11, "our major version");
    await settle();
    expect(hex(peer.written)).toBe(hex(OUR_GREETING.subarray(0, 11)));
    expect(peer.written[10]).toBe(3);

    peer.send(greeting.subarray(10, 11)); // the peer's major version
    await waitUntil(() => peer.written.length >= 64, "the rest of our greeting");
    await settle();
    expect(hex(peer.written)).toBe(hex(OUR_GREETING));

    peer.send(greeting.subarray(11, 63));
    await settle();
    expect(peer.written.length).toBe(64); // no READY before the peer's whole greeting
    peer.send(greeting.subarray(63));
    await peer.waitForFrames(1);
    expect(hex(peer.written.subarray(64))).toBe(hex(DEALER_READY));
    expect(readyCalls.length).toBe(0); // the peer has not sent READY yet
  });

  it("answers a whole greeting in one chunk with the rest of its greeting and READY", async () => {
    const { peer } = open();
    peer.send(PEER_GREETING);
    await peer.waitForFrames(1);
    await settle();
    expect(hex(peer.written)).toBe(hex(concat([OUR_GREETING, DEALER_READY])));
    expect(peer.sink.events.slice(0, 3)).toEqual([
      { kind: "signature" },
      { kind: "major", major: 3 },
      { kind: "greeting", greeting: { major: 3, minor: 1, mechanism: "NULL", asServer: false } },
    ]);
  });

  it("never deadlocks against a peer that also sends in stages", async () => {
    const [a, b] = memoryPair();
    const pipes = [Pipe.forSocket(10, 10), Pipe.forSocket(10, 10)] as const;
    const ready: PeerInfo[][] = [[], []];
    const closedCalls: (Error | undefined)[] = [];
    const make = (stream: MemoryDuplex, index: 0 | 1, type: string): EngineConnection => {
      const { handler } = sessionFor(pipes[index], ready[index]!, closedCalls);
      const connection = startZmtpConnection(
        stream,
        {
          mechanism: new NullMechanism([["Socket-Type", ascii(type)]]),
          maxMessageSize: -1,
          handshakeInterval: 0,
          checkPeer: () => undefined,
          receivesSubscriptions: false,
        },
        handler,
      );
      connections.push(connection);
      return connection;
    };
    make(a, 0, "DEALER");
    make(b, 1, "ROUTER");
    await waitUntil(() => ready[0]!.length === 1 && ready[1]!.length === 1, "both handshakes");
    expect(ready[0]![0]!.socketType).toBe("ROUTER");
    expect(ready[1]![0]!.socketType).toBe("DEALER");
    expect(closedCalls).toEqual([]);

    const [socketA] = pipes[0];
    const [socketB] = pipes[1];
    socketA.write([Buffer.from("ping")]);
    await waitUntil(() => socketB.readable, "message a → b");
    expect(text(socketB.read())).toEqual(["ping"]);
    socketB.write([Buffer.from("pong"), Buffer.from("2")]);
    await waitUntil(() => socketA.readable, "message b → a");
    expect(text(socketA.read())).toEqual(["pong", "2"]);
  });
});

describe("ZMTP connection: handshake", () => {
  it("completes the NULL handshake and reports the peer", async () => {
    const harness = open();
    harness.peer.send(
      concat([
        PEER_GREETING,
        readyFrame([
          ["socket-type", "ROUTER"],
          ["Identity", "router-1"],
          ["X-Extra", "x"],
        ]),
      ]),
    );
    await waitUntil(() => harness.readyCalls.length === 1, "handler.ready");
    const peer = harness.readyCalls[0]!;
    expect(harness.connection.closed).toBe(false);
    expect(peer.socketType).toBe("ROUTER");
    expect(peer.identity?.toString()).toBe("router-1");
    expect(peer.zmtp31).toBe(true);
    expect([...peer.metadata.keys()]).toEqual(["socket-type", "identity", "x-extra"]);
    expect(harness.checkCalls).toEqual([peer]);
    expect(harness.closedCalls).toEqual([]);
  });

  it("reports a 3.0 peer as not speaking ZMTP 3.1, and an empty Identity as none", async () => {
    const harness = await openReady({ minor: 0 });
    expect(harness.readyCalls[0]!.zmtp31).toBe(false);
    expect(harness.readyCalls[0]!.socketType).toBe("ROUTER");
    expect(harness.readyCalls[0]!.identity).toBeUndefined();
  });

  it("closes with a ProtocolError (ERR_ZMTP_MECHANISM_MISMATCH) when the peer greets with PLAIN", async () => {
    const harness = open();
    harness.peer.send(concat([greetingBytes({ mechanism: "PLAIN" }), commandFrame("HELLO", bytes(0, 0))]));
    const error = await within(harness.closed, "handler.closed");
    expect(error).toBeInstanceOf(ProtocolError);
    expect(errorCode(error)).toBe("ERR_ZMTP_MECHANISM_MISMATCH");
    expect(error).toMatchObject({ errno: 71 });
    expect(error!.message).toMatch(/mechanism/);
    expect(error!.message).toContain("PLAIN");
    expect(harness.readyCalls).toEqual([]);
    expect(hex(harness.peer.written)).toBe(hex(OUR_GREETING)); // greeting, but no READY
    expect(harness.peer.stream.destroyed).toBe(true);
  });

  it("refuses an incompatible peer: writes ERROR with the reason, then closes with ERR_ZMTP_INVALID_METADATA", async () => {
    const harness = open({ checkPeer: (peer) => (peer.socketType === "PUB" ? "Invalid socket type" : undefined) });
    harness.peer.send(concat([PEER_GREETING, readyFrame([["Socket-Type", "PUB"]])]));
    const error = await within(harness.closed, "handler.closed");
    expect(error).toBeInstanceOf(ProtocolError);
    expect(errorCode(error)).toBe("ERR_ZMTP_INVALID_METADATA");
    expect(error!.message).toContain("Invalid socket type");
    expect(harness.readyCalls).toEqual([]);
    expect(harness.checkCalls.map((peer) => peer.socketType)).toEqual(["PUB"]);
    expect(harness.peer.frames).toEqual([
      { flags: 4, body: hex(DEALER_READY.subarray(2)) },
      { flags: 4, body: hex(bytes(0x05, "ERROR", 19, "Invalid socket type")) },
    ]);
    expect(hex(harness.peer.written.subarray(64 + 43))).toBe(hex(bytes(0x04, 0x1a, 0x05, "ERROR", 0x13, "Invalid socket type")));
    expect(harness.closedCalls.length).toBe(1);
  });

  it("ignores what a refused peer sends after its READY", async () => {
    const harness = open({ checkPeer: () => "no" });
    harness.peer.send(concat([PEER_GREETING, readyFrame([["Socket-Type", "PUB"]]), messageBytes(["late"])]));
    await within(harness.closed, "handler.closed");
    expect(harness.pipe.readable).toBe(false);
    expect(harness.readyCalls).toEqual([]);
  });

  it("closes with a HandshakeError (ECONNREFUSED) carrying the reason when the peer sends ERROR", async () => {
    const harness = open();
    harness.peer.send(concat([PEER_GREETING, commandFrame("ERROR", bytes(14, "Access denied!"))]));
    const error = await within(harness.closed, "handler.closed");
    expect(error).toBeInstanceOf(HandshakeError);
    expect(errorCode(error)).toBe("ECONNREFUSED");
    expect(error!.message).toContain("Access denied!");
    expect(harness.readyCalls).toEqual([]);
  });

  it.each([300, 400, 500] as const)("closes with an AuthError (status %i) when the peer's ERROR carries a ZAP status", async (status) => {
    const harness = open();
    harness.peer.send(concat([PEER_GREETING, commandFrame("ERROR", bytes(3, String(status)))]));
    const error = await within(harness.closed, "handler.closed");
    expect(error).toBeInstanceOf(AuthError);
    expect(error).not.toBeInstanceOf(HandshakeError);
    expect(errorCode(error)).toBe("EACCES");
    expect(error).toMatchObject({ status });
    expect(harness.readyCalls).toEqual([]);
    expect(harness.peer.stream.destroyed).toBe(true);
  });

  it("closes with a ProtocolError (ERR_ZMTP_MALFORMED_COMMAND_ERROR) when the peer's ERROR is malformed", async () => {
    const harness = open();
    harness.peer.send(concat([PEER_GREETING, commandFrame("ERROR", bytes(20, "short"))]));
    const error = await within(harness.closed, "handler.closed");
    expect(error).toBeInstanceOf(ProtocolError);
    expect(errorCode(error)).toBe("ERR_ZMTP_MALFORMED_COMMAND_ERROR");
  });

  // ZMTP 1.0 and 2.0 peers (revisions 0 and 1, or no signature) are served: test/engine/legacy-peers.test.ts.
  it("answers a revision 2 peer as a ZMTP 3.x peer, as libzmq does (only revisions 0 and 1 are older peers)", async () => {
    const harness = open();
    harness.peer.send(concat([greetingBytes({ major: 2 }), ROUTER_READY]));
    await waitUntil(() => harness.readyCalls.length === 1, "handler.ready");
    expect(hex(harness.peer.written)).toBe(hex(concat([OUR_GREETING, DEALER_READY])));
  });

  it("closes with a ProtocolError when a message frame comes before READY", async () => {
    const harness = open();
    harness.peer.send(concat([PEER_GREETING, messageBytes(["too early"])]));
    const error = await within(harness.closed, "handler.closed");
    expect(error).toBeInstanceOf(ProtocolError);
    expect(errorCode(error)).toBe("ERR_ZMTP_UNEXPECTED_COMMAND");
    expect(harness.readyCalls).toEqual([]);
    expect(harness.pipe.readable).toBe(false);
  });

  it("closes with a ProtocolError when the peer sends an unexpected command in the handshake", async () => {
    const harness = open();
    harness.peer.send(concat([PEER_GREETING, commandFrame("PING", bytes(0, 0))]));
    const error = await within(harness.closed, "handler.closed");
    expect(error).toBeInstanceOf(ProtocolError);
    expect(errorCode(error)).toBe("ERR_ZMTP_UNEXPECTED_COMMAND");
    expect(error).not.toBeInstanceOf(HandshakeError);
  });

  it("closes with a ProtocolError (ERR_ZMTP_INVALID_METADATA) for a READY with malformed metadata, without ERROR", async () => {
    const harness = open();
    harness.peer.send(concat([PEER_GREETING, commandFrame("READY", bytes(0x0b, "Socket-Type", 0, 0, 0, 9, "ROUTER"))]));
    const error = await within(harness.closed, "handler.closed");
    expect(error).toBeInstanceOf(ProtocolError);
    expect(errorCode(error)).toBe("ERR_ZMTP_INVALID_METADATA");
    expect(harness.checkCalls).toEqual([]);
    expect(harness.peer.frames.length).toBe(1); // our READY only
  });

  it("closes with a HandshakeError (ECONNREFUSED) when the socket refuses the peer in handler.ready", async () => {
    const harness = open({ refuseInReady: true });
    harness.peer.send(concat([PEER_GREETING, ROUTER_READY]));
    const error = await within(harness.closed, "handler.closed");
    expect(error).toBeInstanceOf(HandshakeError);
    expect(errorCode(error)).toBe("ECONNREFUSED");
    expect(harness.readyCalls.length).toBe(1);
    expect(harness.peer.stream.destroyed).toBe(true);
  });

  it("closes with a HandshakeError (ETIMEDOUT) when the handshake takes longer than handshakeInterval", async () => {
    const harness = open({ handshakeInterval: 20 });
    harness.peer.send(PEER_GREETING); // greeting, but never READY
    const error = await within(harness.closed, "handler.closed");
    expect(error).toBeInstanceOf(HandshakeError);
    expect(errorCode(error)).toBe("ETIMEDOUT");
    expect(error).toMatchObject({ errno: 110 });
    expect(error!.message).toMatch(/handshake/);
    expect(harness.peer.stream.destroyed).toBe(true);
  });

  it("times out a peer that never sends its greeting", async () => {
    const harness = open({ handshakeInterval: 20 });
    const error = await within(harness.closed, "handler.closed");
    expect(error).toBeInstanceOf(HandshakeError);
    expect(errorCode(error)).toBe("ETIMEDOUT");
    expect(hex(harness.peer.written)).toBe(hex(SIGNATURE));
  });

  it("does not time out once the handshake is complete", async () => {
    const harness = await openReady({ handshakeInterval: 20 });
    await delay(60);
    expect(harness.closedCalls).toEqual([]);
    expect(harness.connection.closed).toBe(false);
  });

  it("writes nothing from the pipe before the handshake completes, then what was queued", async () => {
    const pipes = Pipe.forSocket(10, 10);
    const [socketEnd, engineEnd] = pipes;
    socketEnd.write([Buffer.from("queued"), Buffer.from("early")]);
    const harness = open({ pipes });
    harness.peer.send(PEER_GREETING);
    await harness.peer.waitForFrames(1);
    await settle();
    expect(harness.peer.frames.length).toBe(1); // only READY
    expect(engineEnd.readableSize).toBe(1);
    socketEnd.write([Buffer.from("also early")]);
    await settle();
    expect(harness.peer.frames.length).toBe(1);
    harness.peer.send(ROUTER_READY);
    await harness.peer.waitForFrames(4);
    expect(harness.peer.frames.slice(1)).toEqual([
      { flags: 1, body: hex(ascii("queued")) },
      { flags: 0, body: hex(ascii("early")) },
      { flags: 0, body: hex(ascii("also early")) },
    ]);
    expect(engineEnd.readableSize).toBe(0);
  });
});

describe("ZMTP connection: inbound traffic", () => {
  it("delivers messages that arrive in one chunk with the greeting and READY, in order", async () => {
    const harness = open();
    harness.peer.send(
      concat([PEER_GREETING, ROUTER_READY, messageBytes(["one"]), messageBytes(["two", "parts"]), messageBytes([""])]),
    );
    await waitUntil(() => harness.pipe.readableSize === 3, "three messages");
    const messages: Message[] = [];
    for (let m = asMessage(harness.pipe.read()); m !== undefined; m = asMessage(harness.pipe.read())) messages.push(m);
    expect(messages.map(text)).toEqual([["one"], ["two", "parts"], [""]]);
    for (const message of messages) for (const frame of message) expect(Buffer.isBuffer(frame)).toBe(true);
    expect(harness.closedCalls).toEqual([]);
  });

  it("delivers a multipart message whole, only once its last frame is in", async () => {
    const harness = await openReady();
    harness.peer.send(frameBytes(0x01, "a"));
    await settle();
    harness.peer.send(concat([frameBytes(0x01, ""), frameBytes(0x01, sequence(300))]));
    await settle();
    expect(harness.pipe.readableSize).toBe(0);
    harness.peer.send(frameBytes(0x00, "z"));
    await waitUntil(() => harness.pipe.readable, "the whole message");
    const message = asMessage(harness.pipe.read())!;
    expect(message.length).toBe(4);
    expect(message.map((frame) => hex(frame))).toEqual([hex(ascii("a")), "", hex(sequence(300)), hex(ascii("z"))]);
    expect(harness.pipe.readable).toBe(false);
  });

  it("delivers frames split one octet at a time", async () => {
    const harness = await openReady();
    const wire = concat([messageBytes(["hello", "world"]), messageBytes([sequence(400)])]);
    for (const octet of wire) harness.peer.send(bytes(octet));
    await waitUntil(() => harness.pipe.readableSize === 2, "two messages");
    const first = asMessage(harness.pipe.read())!;
    const second = asMessage(harness.pipe.read())!;
    expect(text(first)).toEqual(["hello", "world"]);
    expect(hex(second[0]!)).toBe(hex(sequence(400)));
    for (const frame of [...first, ...second]) expect(Buffer.isBuffer(frame)).toBe(true);
  });

  it("behaves the same however the peer's bytes are split (seeded random splits)", async () => {
    const conversation = concat([
      PEER_GREETING,
      ROUTER_READY,
      messageBytes(["first"]),
      bytes(0x04, 0x0a, 0x04, "PING", 0x00, 0x00, "LOL"),
      messageBytes(["", "envelope", sequence(700)]),
      commandFrame("SUBSCRIBE", "news"),
      messageBytes([""]),
      commandFrame("CANCEL", "news"),
    ]);
    const expectedInbound: ItemView[] = [
      [hex(ascii("first"))],
      ["", hex(ascii("envelope")), hex(sequence(700))],
      { subscribe: true, topic: hex(ascii("news")) },
      [""],
      { subscribe: false, topic: hex(ascii("news")) },
    ];
    const expectedWritten = hex(concat([OUR_GREETING, DEALER_READY, bytes(0x04, 0x08, 0x04, "PONG", "LOL")]));
    for (let seed = 1; seed <= 25; seed++) {
      const harness = open({ receivesSubscriptions: true });
      for (const chunk of randomSplit(conversation, seed)) harness.peer.send(chunk);
      await waitUntil(() => harness.pipe.readableSize === expectedInbound.length, `seed ${seed}: all messages`);
      await harness.peer.waitForFrames(2);
      await settle();
      expect(readAllItems(harness.pipe), `seed ${seed}`).toEqual(expectedInbound);
      expect(hex(harness.peer.written), `seed ${seed}`).toBe(expectedWritten);
      expect(harness.closedCalls, `seed ${seed}`).toEqual([]);
      harness.connection.close(undefined);
    }
  });

  it("discards a half-received multipart message when the peer closes the stream", async () => {
    const harness = await openReady();
    harness.peer.send(concat([messageBytes(["whole"]), frameBytes(0x01, "half"), frameBytes(0x01, "of it")]));
    await waitUntil(() => harness.pipe.readable, "the whole message");
    harness.peer.end();
    const error = await within(harness.closed, "handler.closed");
    expect(error).toBeUndefined();
    expect(readAll(harness.pipe)).toEqual([["whole"]]);
    await settle();
    expect(harness.pipe.readable).toBe(false);
    expect(harness.closedCalls.length).toBe(1);
  });

  it("discards a half-received multipart message when the stream fails", async () => {
    const harness = await openReady();
    harness.peer.send(frameBytes(0x01, "half"));
    await settle();
    const failure = new Error("ECONNRESET");
    harness.peer.stream.destroy(failure);
    const error = await within(harness.closed, "handler.closed");
    expect(error).toBe(failure);
    expect(harness.pipe.readable).toBe(false);
  });

  it("answers PING with PONG carrying the context", async () => {
    const harness = await openReady();
    harness.peer.send(bytes(0x04, 0x0a, 0x04, "PING", 0x00, 0x00, "LOL"));
    await harness.peer.waitForFrames(2);
    expect(harness.peer.frames[1]).toEqual({ flags: 4, body: hex(bytes(0x04, "PONG", "LOL")) });
    expect(hex(harness.peer.written.subarray(64 + 43))).toBe(hex(bytes(0x04, 0x08, 0x04, "PONG", "LOL")));
    expect(harness.pipe.readable).toBe(false); // PING is not a message
  });

  it("cuts the PONG context to 16 octets", async () => {
    const harness = await openReady();
    harness.peer.send(commandFrame("PING", bytes(0x01, 0x2c, sequence(20))));
    await harness.peer.waitForFrames(2);
    expect(harness.peer.frames[1]).toEqual({ flags: 4, body: hex(bytes(0x04, "PONG", sequence(16))) });
  });

  it("ignores PONG and unknown commands", async () => {
    const harness = await openReady();
    harness.peer.send(concat([commandFrame("PONG", "ctx"), commandFrame("FUTURE", "data"), messageBytes(["after"])]));
    await waitUntil(() => harness.pipe.readable, "the message");
    expect(readAll(harness.pipe)).toEqual([["after"]]);
    expect(harness.closedCalls).toEqual([]);
  });

  it("closes with a HandshakeError (ECONNREFUSED) when the peer sends ERROR after the handshake", async () => {
    const harness = await openReady();
    harness.peer.send(commandFrame("ERROR", bytes(4, "gone")));
    const error = await within(harness.closed, "handler.closed");
    expect(error).toBeInstanceOf(HandshakeError);
    expect(errorCode(error)).toBe("ECONNREFUSED");
    expect(error!.message).toContain("gone");
  });

  it("closes with a ProtocolError on garbage after the handshake (reserved flag bits), nothing escaping", async () => {
    const harness = await openReady();
    harness.peer.send(concat([messageBytes(["fine"]), bytes(0xf8, 0x01, "x"), messageBytes(["never"])]));
    const error = await within(harness.closed, "handler.closed");
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error!.message).toMatch(/reserved/);
    expect(readAll(harness.pipe)).toEqual([["fine"]]);
    expect(harness.connection.closed).toBe(true);
    expect(harness.peer.stream.destroyed).toBe(true);
    harness.peer.send(messageBytes(["after close"])); // must be ignored, not throw
    await settle();
    expect(harness.closedCalls.length).toBe(1);
  });

  it("closes with a ProtocolError on a command frame carrying MORE", async () => {
    const harness = await openReady();
    harness.peer.send(bytes(0x05, 0x05, 0x04, "PING"));
    expect(await within(harness.closed, "handler.closed")).toBeInstanceOf(ProtocolError);
  });

  it("closes with a ProtocolError on a malformed command name after the handshake", async () => {
    const harness = await openReady();
    harness.peer.send(frameBytes(0x04, bytes(0x09, "SUB")));
    const error = await within(harness.closed, "handler.closed");
    expect(error).toBeInstanceOf(ProtocolError);
    expect(errorCode(error)).toBe("ERR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED");
  });

  it("closes with EMSGSIZE when a frame exceeds maxMessageSize", async () => {
    const harness = await openReady({ maxMessageSize: 100 });
    harness.peer.send(concat([messageBytes([sequence(100)]), bytes(0x02, 0, 0, 0, 0, 0, 0, 0, 101)]));
    const error = await within(harness.closed, "handler.closed");
    expect(error).toBeInstanceOf(ZmqError);
    expect(errorCode(error)).toBe("EMSGSIZE");
    expect(asMessage(harness.pipe.read())![0]!.length).toBe(100);
  });

  it("holds the inbound high-water mark and resumes as the socket reads (pipeWritable through the session's side)", async () => {
    const harness = await openReady({ marks: { send: 10, receive: 2 } });
    const pipe = harness.pipe;
    harness.peer.send(concat(["m1", "m2", "m3", "m4", "m5", "m6"].map((m) => messageBytes([m]))));
    await waitUntil(() => pipe.readableSize === 2, "the queue to fill");
    await settle();
    expect(pipe.readableSize).toBe(2);
    const seen: string[] = [];
    while (seen.length < 6) {
      await waitUntil(() => pipe.readable, `message ${seen.length + 1}`);
      expect(pipe.readableSize).toBeLessThanOrEqual(2);
      seen.push(text(pipe.read())![0]!);
    }
    expect(seen).toEqual(["m1", "m2", "m3", "m4", "m5", "m6"]);
    expect(harness.closedCalls).toEqual([]);
  });
});

describe("ZMTP connection: subscriptions in (PUB / XPUB pipes get Subscription items)", () => {
  it("delivers SUBSCRIBE and CANCEL commands as Subscription items", async () => {
    const harness = await openReady({ receivesSubscriptions: true });
    harness.peer.send(
      concat([
        bytes(0x04, 0x0b, 0x09, "SUBSCRIBE", "A"),
        commandFrame("SUBSCRIBE", "topic"),
        commandFrame("CANCEL", "topic"),
        commandFrame("SUBSCRIBE", ""),
        commandFrame("SUBSCRIBE", filled(246, 0x42)), // long command frame
      ]),
    );
    await waitUntil(() => harness.pipe.readableSize === 5, "five subscriptions");
    const items: PipeItem[] = [];
    for (let item = harness.pipe.read(); item !== undefined; item = harness.pipe.read()) items.push(item);
    for (const item of items) {
      expect(item).toBeInstanceOf(Subscription);
      expect(Buffer.isBuffer((item as Subscription).topic)).toBe(true);
    }
    expect(items.map(view)).toEqual([
      { subscribe: true, topic: hex(ascii("A")) },
      { subscribe: true, topic: hex(ascii("topic")) },
      { subscribe: false, topic: hex(ascii("topic")) },
      { subscribe: true, topic: "" },
      { subscribe: true, topic: hex(filled(246, 0x42)) },
    ]);
  });

  it("accepts SUBSCRIBE commands from a peer that announced ZMTP 3.0 too", async () => {
    const harness = await openReady({ receivesSubscriptions: true, minor: 0 });
    harness.peer.send(bytes(0x04, 0x0b, 0x09, "SUBSCRIBE", "A"));
    await waitUntil(() => harness.pipe.readable, "the subscription");
    expect(readAllItems(harness.pipe)).toEqual([{ subscribe: true, topic: hex(ascii("A")) }]);
  });

  it.each([0, 1])("turns ZMTP 3.0 subscription messages (\\x01topic / \\x00topic) from a 3.%i peer into Subscription items", async (minor) => {
    const harness = await openReady({ receivesSubscriptions: true, minor });
    harness.peer.send(concat([bytes(0x00, 0x02, 0x01, "A"), bytes(0x00, 0x02, 0x00, "A"), bytes(0x00, 0x01, 0x01)]));
    await waitUntil(() => harness.pipe.readableSize === 3, "the subscriptions");
    expect(readAllItems(harness.pipe)).toEqual([
      { subscribe: true, topic: hex(ascii("A")) },
      { subscribe: false, topic: hex(ascii("A")) },
      { subscribe: true, topic: "" },
    ]);
  });

  it("keeps messages that are not subscriptions as messages", async () => {
    const harness = await openReady({ receivesSubscriptions: true });
    harness.peer.send(concat([messageBytes([bytes(0x02, "x")]), messageBytes([bytes(0x01), "two frames"]), messageBytes([""])]));
    await waitUntil(() => harness.pipe.readableSize === 3, "the messages");
    expect(readAllItems(harness.pipe)).toEqual([[hex(bytes(0x02, "x"))], ["01", hex(ascii("two frames"))], [""]]);
  });

  it("a socket that does not receive subscriptions drops SUBSCRIBE / CANCEL, and keeps \\x01topic messages as messages", async () => {
    const harness = await openReady({ receivesSubscriptions: false });
    harness.peer.send(
      concat([commandFrame("SUBSCRIBE", "topic"), commandFrame("CANCEL", "topic"), bytes(0x00, 0x02, 0x01, "A"), messageBytes(["real"])]),
    );
    await waitUntil(() => harness.pipe.readableSize === 2, "the messages");
    expect(readAllItems(harness.pipe)).toEqual([[hex(bytes(0x01, "A"))], [hex(ascii("real"))]]);
    expect(harness.closedCalls).toEqual([]);
  });
});

describe("ZMTP connection: outbound traffic", () => {
  it("writes messages from the pipe as frames, MORE on all but the last", async () => {
    const harness = await openReady();
    harness.pipe.write([Buffer.from("a"), Buffer.alloc(0), Buffer.from(sequence(300))]);
    harness.pipe.write([Buffer.from("single")]);
    await harness.peer.waitForFrames(5);
    expect(harness.peer.frames.slice(1)).toEqual([
      { flags: 1, body: hex(ascii("a")) },
      { flags: 1, body: "" },
      { flags: 0, body: hex(sequence(300)) },
      { flags: 0, body: hex(ascii("single")) },
    ]);
    expect(hex(harness.peer.written.subarray(64 + 43))).toBe(
      hex(concat([messageBytes(["a", "", sequence(300)]), messageBytes(["single"])])),
    );
  });

  it("batches many queued messages into few writes", async () => {
    const harness = await openReady();
    await settle();
    const writesBefore = harness.peer.writeCount;
    const expected: Uint8Array[] = [];
    for (let i = 0; i < 100; i++) {
      const body = `message ${i}`;
      harness.pipe.write([Buffer.from(body)]);
      expected.push(messageBytes([body]));
    }
    await harness.peer.waitForFrames(101);
    await settle();
    expect(harness.peer.writeCount - writesBefore).toBeLessThanOrEqual(2);
    expect(hex(harness.peer.written.subarray(64 + 43))).toBe(hex(concat(expected)));
  });

  it("waits for the stream to drain when it pushes back, losing and reordering nothing", async () => {
    const harness = await openReady({ stream: { writableHighWaterMark: 64, slowWrites: true } });
    const expected: Uint8Array[] = [];
    // Three bursts: the later ones arrive while the first batch is still being written.
    for (let i = 0; i < 300; i++) {
      const frames = [`part ${i}`, "x".repeat(i % 50)];
      harness.pipe.write(frames.map((f) => Buffer.from(f)));
      expected.push(messageBytes(frames));
      if (i % 100 === 99) await new Promise((resolve) => setImmediate(resolve));
    }
    await harness.peer.waitForFrames(1 + 600);
    await settle();
    expect(harness.side.pipe.readableSize).toBe(0);
    expect(hex(harness.peer.written.subarray(64 + 43))).toBe(hex(concat(expected)));
    expect(harness.closedCalls).toEqual([]);
  });

  it("sends a large frame body without copying it into a batch", async () => {
    const harness = await openReady();
    const large = Buffer.from(sequence(100_000));
    harness.pipe.write([large]);
    await harness.peer.waitForFrames(2);
    expect(harness.peer.stream.writes).toContain(large);
    expect(harness.peer.sink.bodies[1]!.length).toBe(100_000);
    expect(Buffer.from(harness.peer.sink.bodies[1]!).equals(large)).toBe(true);
  });

  it("sends Subscription items to a 3.1 peer as SUBSCRIBE / CANCEL commands", async () => {
    const harness = await openReady();
    harness.pipe.forceWrite(new Subscription(true, Buffer.from("topic")));
    harness.pipe.forceWrite(new Subscription(false, Buffer.from("topic")));
    harness.pipe.forceWrite(new Subscription(true, Buffer.alloc(0))); // subscribe to everything
    await harness.peer.waitForFrames(4);
    expect(hex(harness.peer.written.subarray(64 + 43))).toBe(
      hex(concat([commandFrame("SUBSCRIBE", "topic"), commandFrame("CANCEL", "topic"), bytes(0x04, 0x0a, 0x09, "SUBSCRIBE")])),
    );
  });

  it("sends a subscription to a 3.1 peer with a long topic as a long command", async () => {
    const harness = await openReady();
    const topic = filled(246, 0x41);
    harness.pipe.forceWrite(new Subscription(true, Buffer.from(topic)));
    await harness.peer.waitForFrames(2);
    expect(hex(harness.peer.written.subarray(64 + 43))).toBe(
      hex(bytes(0x06, 0, 0, 0, 0, 0, 0, 0x01, 0x00, 0x09, "SUBSCRIBE", topic)),
    );
  });

  it("keeps a subscription command short up to a 245-octet topic (size 255), long from 246", async () => {
    const harness = await openReady();
    harness.pipe.forceWrite(new Subscription(true, Buffer.from(filled(245, 0x41))));
    harness.pipe.forceWrite(new Subscription(true, Buffer.from(filled(246, 0x42))));
    await harness.peer.waitForFrames(3);
    expect(hex(harness.peer.written.subarray(64 + 43))).toBe(
      hex(
        bytes(
          [0x04, 0xff, 0x09],
          "SUBSCRIBE",
          filled(245, 0x41),
          [0x06, 0, 0, 0, 0, 0, 0, 0x01, 0x00, 0x09],
          "SUBSCRIBE",
          filled(246, 0x42),
        ),
      ),
    );
  });

  it("sends Subscription items to a 3.0 peer as \\x01topic / \\x00topic data frames", async () => {
    const harness = await openReady({ minor: 0 });
    harness.pipe.forceWrite(new Subscription(true, Buffer.from("topic")));
    harness.pipe.forceWrite(new Subscription(false, Buffer.from("topic")));
    harness.pipe.forceWrite(new Subscription(true, Buffer.alloc(0)));
    await harness.peer.waitForFrames(4);
    expect(hex(harness.peer.written.subarray(64 + 43))).toBe(
      hex(bytes(0x00, 0x06, 0x01, "topic", 0x00, 0x06, 0x00, "topic", 0x00, 0x01, 0x01)),
    );
  });

  it("sends messages as they are, also one that looks like a subscription, to a 3.1 peer", async () => {
    const harness = await openReady();
    harness.pipe.write([Buffer.from("\x01topic", "latin1")]);
    harness.pipe.write([Buffer.from("\x02not a subscription", "latin1")]);
    harness.pipe.write([Buffer.from([0x01]), Buffer.from("two frames")]);
    harness.pipe.write([Buffer.alloc(0)]);
    await harness.peer.waitForFrames(6);
    expect(harness.peer.frames.slice(1)).toEqual([
      { flags: 0, body: hex(bytes(1, "topic")) },
      { flags: 0, body: hex(bytes(2, "not a subscription")) },
      { flags: 1, body: "01" },
      { flags: 0, body: hex(ascii("two frames")) },
      { flags: 0, body: "" },
    ]);
  });

  it("keeps messages and subscriptions in the order they were queued", async () => {
    const harness = await openReady();
    harness.pipe.write([Buffer.from("before")]);
    harness.pipe.forceWrite(new Subscription(true, Buffer.from("t")));
    harness.pipe.write([Buffer.from("after")]);
    await harness.peer.waitForFrames(4);
    expect(hex(harness.peer.written.subarray(64 + 43))).toBe(
      hex(concat([messageBytes(["before"]), commandFrame("SUBSCRIBE", "t"), messageBytes(["after"])])),
    );
  });
});

describe("ZMTP connection: closing", () => {
  it("close() reports once, destroys the stream and ignores the pipe from then on", async () => {
    const harness = await openReady();
    harness.connection.close(undefined);
    harness.connection.close(new Error("again"));
    await settle();
    expect(harness.closedCalls).toEqual([undefined]);
    expect(harness.connection.closed).toBe(true);
    expect(harness.peer.stream.destroyed).toBe(true);
    const written = harness.peer.written.length;
    // The side still passes the pipe's events on: the closed connection must take nothing from the pipe.
    harness.pipe.write([Buffer.from("after close")]);
    harness.connection.pipeReadable();
    harness.connection.pipeWritable();
    await settle();
    expect(harness.side.pipe.readableSize).toBe(1); // stays queued for a later connection
    expect(harness.peer.written.length).toBe(written);
    expect(harness.closedCalls.length).toBe(1);
  });

  it("the socket dropping the pipe ends the connection (the session's side closes it)", async () => {
    const harness = await openReady();
    harness.pipe.terminate();
    const error = await within(harness.closed, "handler.closed");
    expect(error).toBeUndefined();
    expect(harness.connection.closed).toBe(true);
    expect(harness.peer.stream.destroyed).toBe(true);
  });

  it("drainAndClose() writes what the pipe holds before closing", async () => {
    const harness = await openReady();
    for (let i = 0; i < 5; i++) harness.pipe.write([Buffer.from(`last ${i}`)]);
    await harness.connection.drainAndClose();
    expect(harness.closedCalls).toEqual([undefined]);
    expect(harness.peer.frames.slice(1).map((f) => Buffer.from(f.body.replaceAll(" ", ""), "hex").toString())).toEqual([
      "last 0",
      "last 1",
      "last 2",
      "last 3",
      "last 4",
    ]);
  });

  it("drainAndClose() waits for a congested stream to take the rest, losing nothing", async () => {
    const harness = await openReady({ stream: { writableHighWaterMark: 64, slowWrites: true } });
    const expected: Uint8Array[] = [];
    for (let i = 0; i < 200; i++) {
      const body = `linger ${i} ${"y".repeat(i % 40)}`;
      harness.pipe.write([Buffer.from(body)]);
      expected.push(messageBytes([body]));
    }
    await within(harness.connection.drainAndClose(), "drainAndClose", 5000);
    expect(harness.closedCalls).toEqual([undefined]);
    expect(harness.side.pipe.readableSize).toBe(0);
    expect(hex(harness.peer.written.subarray(64 + 43))).toBe(hex(concat(expected)));
  });
});
