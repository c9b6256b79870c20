/**
 * What each socket type puts in its READY, and which peers its handshake accepts (shared/conformance.md,
 * "Handshake commands"; RFC 37 §"The NULL Security Mechanism", RFC 28–31 valid pairs). Every case runs a
 * real ZMTP connection, started as the socket's sessions start it (the composition root's PortHost over the
 * socket's own options: mechanism with its READY, peer check), against a scripted peer that speaks
 * hand-written bytes: the assertions are on the octets the socket writes and on what the socket is told.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { EngineConnection } from "../../src/engine/engine-connection.js";
import { ProtocolError } from "../../src/errors.js";
import {
  Dealer,
  Pair,
  Publisher,
  Pull,
  Push,
  Reply,
  Request,
  Router,
  Subscriber,
  XPublisher,
  XSubscriber,
  type Socket,
} from "../../src/index.js";
import { Pipe, type PeerInfo } from "../../src/pipe/pipe.js";
import { PortHost } from "../../src/root/port-host.js";
import { EngineSide } from "../../src/session/engine-side.js";
import { bytes, concat, hex } from "../helpers/bytes.js";
import { errorCode } from "../helpers/errors.js";
import { ScriptedPeer } from "../helpers/scripted-peer.js";
import { portOf } from "../helpers/socket-port.js";
import { settle, waitUntil, within } from "../helpers/wait.js";
import { commandBody, frameBytes, greetingBytes, metadataBytes, readyFrame } from "../helpers/wire.js";

const FACTORIES: Record<string, () => Socket> = {
  PAIR: () => new Pair(),
  PUB: () => new Publisher(),
  SUB: () => new Subscriber(),
  REQ: () => new Request(),
  REP: () => new Reply(),
  DEALER: () => new Dealer(),
  ROUTER: () => new Router(),
  PULL: () => new Pull(),
  PUSH: () => new Push(),
  XPUB: () => new XPublisher(),
  XSUB: () => new XSubscriber(),
};
const TYPES = Object.keys(FACTORIES);

/** The valid pairs, written down from conformance.md (not read from src/sockets/socket-types.ts). */
const VALID_PAIRS = [
  ["REQ", "REP"],
  ["REQ", "ROUTER"],
  ["DEALER", "REP"],
  ["DEALER", "ROUTER"],
  ["DEALER", "DEALER"],
  ["ROUTER", "ROUTER"],
  ["PUB", "SUB"],
  ["PUB", "XSUB"],
  ["XPUB", "SUB"],
  ["XPUB", "XSUB"],
  ["PUSH", "PULL"],
  ["PAIR", "PAIR"],
] as const;

function isValidPair(a: string, b: string): boolean {
  return VALID_PAIRS.some(([x, y]) => (x === a && y === b) || (x === b && y === a));
}

const sockets: Socket[] = [];
const connections: EngineConnection[] = [];
afterEach(async () => {
  for (const connection of connections.splice(0)) connection.close(undefined);
  await Promise.all(sockets.splice(0).map((s) => s.closeAndWait()));
});

interface Run {
  peer: ScriptedPeer;
  readyCalls: PeerInfo[];
  closedCalls: (Error | undefined)[];
  closed: Promise<Error | undefined>;
}

/** A connection carrying `socket`'s own options, started as its sessions start one, over a scripted peer. */
function connect(socket: Socket): Run {
  sockets.push(socket);
  const peer = new ScriptedPeer();
  const readyCalls: PeerInfo[] = [];
  const closedCalls: (Error | undefined)[] = [];
  let resolveClosed: (error: Error | undefined) => void = () => undefined;
  const closed = new Promise<Error | undefined>((resolve) => {
    resolveClosed = resolve;
  });
  const connection = new PortHost(portOf(socket)).startConnection(peer.stream, {
    ready: (conn, info) => {
      readyCalls.push(info);
      const [, engineEnd] = Pipe.forSocket(10, 10);
      new EngineSide(engineEnd, () => undefined).connection = conn;
      return engineEnd;
    },
    closed: (_connection, error) => {
      closedCalls.push(error);
      resolveClosed(error);
    },
  });
  connections.push(connection);
  return { peer, readyCalls, closedCalls, closed };
}

/** The READY a socket of type `type` must send: Socket-Type always, Identity only from REQ, DEALER, ROUTER. */
function expectedReady(type: string, identity = ""): Uint8Array {
  const properties: [string, string][] = [["Socket-Type", type]];
  if (type === "REQ" || type === "DEALER" || type === "ROUTER") properties.push(["Identity", identity]);
  return readyFrame(properties);
}

describe("READY as each socket type sends it", () => {
  it.each(TYPES)("%s: greeting, then a READY with exactly the libzmq spellings", async (type) => {
    const run = connect(FACTORIES[type]!());
    run.peer.send(greetingBytes());
    await run.peer.waitForFrames(1);
    await settle();
    // Our greeting's padding carries libzmq's routing id size + 1 (no routing id: 1).
    expect(hex(run.peer.written)).toBe(hex(concat([greetingBytes({ padding: [0, 0, 0, 0, 0, 0, 0, 1] }), expectedReady(type)])));
  });

  it.each(["REQ", "DEALER", "ROUTER"])("%s with a routingId sends it as Identity", async (type) => {
    const socket = FACTORIES[type]!();
    socket.routingId = "peer-7";
    const run = connect(socket);
    run.peer.send(greetingBytes());
    await run.peer.waitForFrames(1);
    expect(hex(run.peer.written.subarray(64))).toBe(hex(expectedReady(type, "peer-7")));
  });

  it("the DEALER READY is the 43-octet conformance vector", async () => {
    const run = connect(new Dealer());
    run.peer.send(greetingBytes());
    await run.peer.waitForFrames(1);
    expect(hex(run.peer.written.subarray(64))).toBe(
      hex(bytes(0x04, 0x29, 0x05, "READY", 0x0b, "Socket-Type", 0, 0, 0, 6, "DEALER", 0x08, "Identity", 0, 0, 0, 0)),
    );
  });
});

describe("valid pairs: every socket type against every peer type", () => {
  describe.each(TYPES)("local %s", (local) => {
    it.each(TYPES)(`peer %s`, async (remote) => {
      const run = connect(FACTORIES[local]!());
      run.peer.send(concat([greetingBytes(), readyFrame([["Socket-Type", remote]])]));
      if (isValidPair(local, remote)) {
        await waitUntil(() => run.readyCalls.length === 1 || run.closedCalls.length > 0, "handshake outcome");
        expect(run.closedCalls).toEqual([]);
        expect(run.readyCalls[0]!.socketType).toBe(remote);
        await settle();
        expect(run.peer.frames.length).toBe(1); // our READY, no ERROR
      } else {
        const error = await within(run.closed, "handler.closed");
        expect(error).toBeInstanceOf(ProtocolError);
        expect(errorCode(error)).toBe("ERR_ZMTP_INVALID_METADATA");
        expect(run.readyCalls).toEqual([]);
        // READY, then ERROR with a 1-octet reason length, then the stream ends.
        await run.peer.waitForFrames(2);
        const errorFrame = run.peer.frames[1]!;
        expect(errorFrame.flags).toBe(4);
        const body = Buffer.from(errorFrame.body.replaceAll(" ", ""), "hex");
        expect(body.subarray(0, 6).toString("latin1")).toBe("\x05ERROR");
        expect(body[6]).toBe(body.length - 7);
        expect(body.subarray(7).toString("latin1")).toContain(remote);
        expect(run.peer.frames.length).toBe(2);
      }
    });
  });
});

describe("peer socket type checks", () => {
  it("refuses a READY without Socket-Type with ERROR", async () => {
    const run = connect(new Pull());
    run.peer.send(concat([greetingBytes(), readyFrame([["Identity", "x"]])]));
    const error = await within(run.closed, "handler.closed");
    expect(error).toBeInstanceOf(ProtocolError);
    expect(errorCode(error)).toBe("ERR_ZMTP_INVALID_METADATA");
    await run.peer.waitForFrames(2);
    expect(run.peer.frames[1]!.body.startsWith(hex(bytes(0x05, "ERROR")))).toBe(true);
    expect(run.readyCalls).toEqual([]);
  });

  it("matches the Socket-Type value exactly (libzmq does): `push` is not PUSH", async () => {
    const run = connect(new Pull());
    run.peer.send(concat([greetingBytes(), readyFrame([["Socket-Type", "push"]])]));
    const error = await within(run.closed, "handler.closed");
    expect(error).toBeInstanceOf(ProtocolError);
    expect(errorCode(error)).toBe("ERR_ZMTP_INVALID_METADATA");
    expect(run.readyCalls).toEqual([]);
    await run.peer.waitForFrames(2);
    expect(run.peer.frames[1]!.body.startsWith(hex(bytes(0x05, "ERROR")))).toBe(true);
  });

  it("accepts the property name in any case, ignores unknown properties", async () => {
    const run = connect(new Pull());
    run.peer.send(
      concat([
        greetingBytes(),
        readyFrame([
          ["X-Application", "anything"],
          ["SOCKET-TYPE", "PUSH"],
          ["Resource", "/x"],
        ]),
      ]),
    );
    await waitUntil(() => run.readyCalls.length === 1, "handler.ready");
    expect(run.readyCalls[0]!.socketType).toBe("PUSH");
    expect(run.closedCalls).toEqual([]);
  });

  it("a READY whose metadata has a stray trailing octet closes the connection without ERROR or ready", async () => {
    const run = connect(new Pull());
    const body = concat([commandBody("READY", metadataBytes([["Socket-Type", "PUSH"]])), bytes(0x01)]);
    run.peer.send(concat([greetingBytes(), frameBytes(0x04, body)]));
    const error = await within(run.closed, "handler.closed");
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error).toMatchObject({ code: "ERR_ZMTP_INVALID_METADATA", errno: 71 });
    expect(run.readyCalls).toEqual([]);
    await settle();
    expect(run.peer.frames.length).toBe(1); // our READY, no ERROR
  });
});
