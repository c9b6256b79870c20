/**
 * The protocol side of a ZMTP 1.0/2.0 peer (shared/wire-reference.md §5.2), one connection at a time over
 * real tcp (`startZmtpConnection` on one end of a loopback pair, a hand-written peer on the other): only the
 * NULL mechanism serves such a peer (PLAIN, CURVE or any other refuses it, as libzmq does with ZAP on); its
 * first frame is its identity; what the socket learns of it (PeerInfo) is not checked; the handshake timer
 * runs until the identity is in (libzmq#4106); its command frames are dropped; and a peer breaking its
 * framing is closed with a typed error. Socket-level behaviour against libzmq is in legacy-peers.test.ts.
 */
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startZmtpConnection } from "../../src/engine/zmtp-connection.js";
import { HandshakeError, ProtocolError, ZmqError } from "../../src/errors.js";
import type { CommandWriter, Mechanism } from "../../src/mechanism/mechanism.js";
import { NullMechanism } from "../../src/mechanism/null-mechanism.js";
import { Subscription } from "../../src/pipe/pipe-item.js";
import { ascii, bytes, concat, hex } from "../helpers/bytes.js";
import { RawLegacyPeer } from "../helpers/legacy-peer.js";
import { SOCKET_TYPE_NUMBER, legacyGreetingBytes, signatureBytes, v1FrameBytes, v2FrameBytes, v2MessageBytes } from "../helpers/legacy-wire.js";
import { openProtocolEnd, type ProtocolEnd } from "../helpers/protocol-end.js";
import { frameTexts } from "../helpers/text.js";
import { delay, waitUntil } from "../helpers/wait.js";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

interface Setup {
  end: ProtocolEnd;
  peer: RawLegacyPeer;
  /** Every PeerInfo the protocol asked the socket to check. */
  checked: unknown[];
}

/** A zmtp connection of socket `type` on one end of a loopback tcp pair, a raw peer on the other. */
async function connect(
  type: string,
  options: { mechanism?: Mechanism; handshakeInterval?: number; maxMessageSize?: number; routingId?: string } = {},
): Promise<Setup> {
  const listener = net.createServer();
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  const accepted = new Promise<net.Socket>((resolve) => listener.once("connection", resolve));
  const client = net.connect({ host: "127.0.0.1", port: (listener.address() as net.AddressInfo).port });
  const peer = new RawLegacyPeer(client);
  await new Promise<void>((resolve) => client.once("connect", resolve));
  const server = await accepted;
  listener.close();
  server.setNoDelay(true); // as the tcp transport sets it: our small greeting writes go out at once
  const checked: unknown[] = [];
  const end = openProtocolEnd(
    type,
    (protocol, handler) =>
      startZmtpConnection(
        server,
        {
          ...protocol,
          checkPeer: (info) => {
            checked.push(info);
            return protocol.checkPeer(info);
          },
          maxMessageSize: options.maxMessageSize ?? -1,
          socketTypeNumber: SOCKET_TYPE_NUMBER[type as keyof typeof SOCKET_TYPE_NUMBER],
          routingId: ascii(options.routingId ?? ""),
        },
        handler,
      ),
    options.mechanism,
    options.handshakeInterval ?? 0,
  );
  cleanups.push(() => {
    end.connection.close(undefined);
    client.destroy();
    server.destroy();
  });
  return { end, peer, checked };
}

/** NULL's handshake under another name, as PLAIN or CURVE would greet. */
function mechanismNamed(name: string): Mechanism {
  const inner = new NullMechanism([["Socket-Type", ascii("PULL")]]);
  return {
    name,
    asServer: false,
    start: (out: CommandWriter) => {
      inner.start(out);
    },
    onCommand: (command, out) => inner.onCommand(command, out),
    get peerMetadata() {
      return inner.peerMetadata;
    },
  };
}

const closedWith = async (end: ProtocolEnd): Promise<Error | undefined> => {
  await waitUntil(() => end.closed.length > 0, "the connection to close", 3000);
  return end.closed[0];
};

describe("a socket whose mechanism is not NULL never talks to an older peer", () => {
  it.each(["PLAIN", "CURVE"])("%s: a ZMTP 2.0 peer gets signature, major and socket type, then a close (ProtocolError)", async (name) => {
    const { end, peer } = await connect("PULL", { mechanism: mechanismNamed(name) });
    peer.send(concat([legacyGreetingBytes(1, SOCKET_TYPE_NUMBER.PUSH), v2FrameBytes(0, "")]));
    const error = await closedWith(end);
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error).toMatchObject({ code: "ERR_ZMTP_MECHANISM_MISMATCH", errno: 71 });
    expect(error!.message).toMatch(/ZMTP 2\.0/);
    await peer.closed;
    // What libzmq sends before it refuses: no identity frame.
    expect(hex(peer.received)).toBe(hex(concat([signatureBytes(0), bytes(3, SOCKET_TYPE_NUMBER.PULL)])));
    expect(end.peer).toBeUndefined();
  });

  it("refuses an unversioned peer after the signature alone, and a revision 0 peer likewise", async () => {
    const unversioned = await connect("PULL", { mechanism: mechanismNamed("PLAIN") });
    unversioned.peer.send(bytes(0x01, 0x00));
    expect(await closedWith(unversioned.end)).toMatchObject({ code: "ERR_ZMTP_MECHANISM_MISMATCH" });
    expect(unversioned.end.closed[0]!.message).toMatch(/unversioned ZMTP 1\.0/);
    await unversioned.peer.closed;
    expect(hex(unversioned.peer.received)).toBe(hex(signatureBytes(0)));

    const revision0 = await connect("PULL", { mechanism: mechanismNamed("CURVE") });
    revision0.peer.send(concat([legacyGreetingBytes(0, SOCKET_TYPE_NUMBER.PUSH), v1FrameBytes(0, "")]));
    expect(await closedWith(revision0.end)).toMatchObject({ code: "ERR_ZMTP_MECHANISM_MISMATCH" });
  });
});

describe("the peer as the socket sees it", () => {
  it("a ZMTP 2.0 peer: its socket type by name, its identity, not ZMTP 3.1, and no check (libzmq checks none)", async () => {
    // A PUB is no valid peer for a PULL: a 3.x PUB would be refused, a 2.0 one is taken as libzmq takes it.
    const { end, peer, checked } = await connect("PULL", { routingId: "me" });
    peer.send(concat([legacyGreetingBytes(1, SOCKET_TYPE_NUMBER.PUB, 4), v2FrameBytes(0, "them"), v2MessageBytes(["m"])]));
    await waitUntil(() => end.socketEnd.readableSize === 1, "the message");
    expect(end.peer).toMatchObject({ socketType: "PUB", zmtp31: false });
    expect(end.peer!.identity!.toString()).toBe("them");
    expect(end.peer!.metadata.size).toBe(0);
    expect(checked).toEqual([]);
    expect(frameTexts(end.socketEnd.readMessage()!)).toEqual(["m"]);
    // Our signature announced "me" (length 2 + 1), and our identity frame carried it.
    const ours = concat([signatureBytes(2), bytes(3, SOCKET_TYPE_NUMBER.PULL), v2FrameBytes(0, "me")]);
    await peer.waitForBytes(ours.length);
    expect(hex(peer.received)).toBe(hex(ours));
  });

  it("an unversioned peer: no socket type, and an empty identity is none (RFC 13: anonymous)", async () => {
    const { end, peer } = await connect("PULL");
    peer.send(bytes(0x01, 0x00, 0x02, 0x00, "x"));
    await waitUntil(() => end.socketEnd.readableSize === 1, "the message");
    expect(end.peer).toMatchObject({ socketType: "", identity: undefined, zmtp31: false });
  });

  it("a PUB gets the phantom subscribe-all from an unversioned peer only, before any of its messages", async () => {
    const unversioned = await connect("PUB");
    unversioned.peer.send(bytes(0x01, 0x00, 0x03, 0x00, 1, "t"));
    await waitUntil(() => unversioned.end.socketEnd.readableSize === 2, "two subscriptions");
    const first = unversioned.end.socketEnd.read();
    const second = unversioned.end.socketEnd.read();
    expect(first).toBeInstanceOf(Subscription);
    expect(first).toMatchObject({ subscribe: true, topic: Buffer.alloc(0) });
    expect(second).toMatchObject({ subscribe: true, topic: Buffer.from("t") });

    const versioned = await connect("PUB");
    versioned.peer.send(concat([legacyGreetingBytes(1, SOCKET_TYPE_NUMBER.SUB), v2FrameBytes(0, ""), v2FrameBytes(0, bytes(1, "t"))]));
    await waitUntil(() => versioned.end.socketEnd.readableSize === 1, "its subscription");
    expect(versioned.end.socketEnd.read()).toMatchObject({ subscribe: true, topic: Buffer.from("t") });
  });
});

describe("the handshake timer and an older peer", () => {
  it("times out a peer whose greeting is in but whose identity frame never comes (ETIMEDOUT)", async () => {
    const { end, peer } = await connect("PULL", { handshakeInterval: 50 });
    peer.send(legacyGreetingBytes(1, SOCKET_TYPE_NUMBER.PUSH));
    const error = await closedWith(end);
    expect(error).toBeInstanceOf(HandshakeError);
    expect(error).toMatchObject({ code: "ETIMEDOUT" });
  });

  it("stops once the identity is in: the peer stays for long past the interval (libzmq#4106, fixed in 4.3.4)", async () => {
    const { end, peer } = await connect("PULL", { handshakeInterval: 30 });
    peer.send(concat([legacyGreetingBytes(1, SOCKET_TYPE_NUMBER.PUSH), v2FrameBytes(0, "")]));
    await waitUntil(() => end.peer !== undefined, "the peer");
    await delay(120);
    expect(end.closed).toEqual([]);
    peer.send(v2MessageBytes(["late"]));
    await waitUntil(() => end.socketEnd.readableSize === 1, "a message after the interval");
  });
});

describe("traffic from a ZMTP 2.0 peer", () => {
  it("drops its command frames, unanswered, even inside a multipart message", async () => {
    const { end, peer } = await connect("PULL");
    peer.send(
      concat([
        legacyGreetingBytes(1, SOCKET_TYPE_NUMBER.PUSH),
        v2FrameBytes(0, ""),
        v2FrameBytes(0x04, bytes(4, "PING", 0, 0)),
        v2FrameBytes(0x01, "a"),
        v2FrameBytes(0x04, bytes(9, "SUBSCRIBE", "x")),
        v2FrameBytes(0x00, "b"),
      ]),
    );
    await waitUntil(() => end.socketEnd.readableSize === 1, "the message");
    expect(frameTexts(end.socketEnd.readMessage()!)).toEqual(["a", "b"]);
    await peer.waitForBytes(14, "greeting (12) and identity (2)");
    await delay(30);
    expect(peer.received.length).toBe(14); // no PONG
  });

  it.each([
    ["a frame over maxMessageSize (EMSGSIZE)", "EMSGSIZE", concat([legacyGreetingBytes(1, 8), v2FrameBytes(0, ""), v2FrameBytes(0, new Uint8Array(11))])],
    ["a ZMTP 1.0 frame of length 0 (EPROTO)", "ERR_ZMTP_UNSPECIFIED", bytes(0x01, 0x00, 0x00)],
    ["an identity frame over maxMessageSize", "EMSGSIZE", concat([legacyGreetingBytes(0, 8), v1FrameBytes(0, new Uint8Array(11))])],
  ])("closes on %s with a typed error", async (_label, code, attack) => {
    const { end, peer } = await connect("PULL", { maxMessageSize: 10 });
    peer.send(attack);
    const error = await closedWith(end);
    expect(error).toBeInstanceOf(ZmqError);
    expect(error).toMatchObject({ code });
    await peer.closed;
  });
});
