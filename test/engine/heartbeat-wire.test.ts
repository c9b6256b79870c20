/**
 * Heartbeats over real tcp (RFC 37 §"PING and PONG"), against a hand-driven peer that completes the
 * handshake and then does exactly what the test says: zmtp's PINGs on the wire (with the TTL field), a
 * silent peer dropped (`disconnect`, then a reconnect when zmtp dialed), a peer that answers kept, no PING
 * ever to a ZMTP 3.0 peer, and the TTL in a peer's PING honoured. Whether zmtp connects or binds changes
 * nothing. Against libzmq: test/interop/heartbeat.test.ts.
 */
import { describe, expect, it } from "vitest";
import { Dealer, type DealerOptions } from "../../src/index.js";
import { bytes } from "../helpers/bytes.js";
import { socketTracker } from "../helpers/socket-tracker.js";
import { delay, waitUntil, within } from "../helpers/wait.js";
import { commandFrame } from "../helpers/wire.js";
import { useRawPeers, type RawPeer, type WireFrame } from "../spec/raw-peer.js";

const track = socketTracker();
const raw = useRawPeers();

type Mode = "connects" | "binds";
const MODES: readonly Mode[] = ["connects", "binds"];

/** Generous bound for what should take a few hundred ms, on a loaded 2-core machine. */
const WAIT_MS = 5000;

interface Setup {
  dealer: Dealer;
  peer: RawPeer;
  /** When each `handshake` and `disconnect` of the dealer came (performance.now()). */
  handshakes: number[];
  disconnects: number[];
  /** The next connection the dealer makes to our listener (when it connects). */
  nextAccepted: (() => Promise<RawPeer>) | undefined;
}

/** A zmtp Dealer and a raw peer on a tcp connection, zmtp dialing or accepting; the peer's greeting and READY (ZMTP 3.`minor`, ROUTER) sent. */
async function setup(mode: Mode, options: DealerOptions, minor = 1): Promise<Setup> {
  const dealer = track(new Dealer({ linger: 0, reconnectInterval: 50, ...options }));
  const handshakes: number[] = [];
  const disconnects: number[] = [];
  dealer.events.on("handshake", () => handshakes.push(performance.now()));
  dealer.events.on("disconnect", () => disconnects.push(performance.now()));
  let peer: RawPeer;
  let nextAccepted: (() => Promise<RawPeer>) | undefined;
  if (mode === "connects") {
    const server = await raw.listen();
    dealer.connect(server.endpoint);
    peer = await within(server.accepted(), "the dealer's connection", WAIT_MS);
    nextAccepted = server.accepted;
  } else {
    await dealer.bind("tcp://127.0.0.1:0");
    peer = await raw.dial(dealer.lastEndpoint!);
  }
  peer.handshake(minor, "ROUTER");
  return { dealer, peer, handshakes, disconnects, nextAccepted };
}

function isCommand(frame: WireFrame, name: string): boolean {
  return (frame.flags & 0x04) !== 0 && frame.body[0] === name.length && frame.body.subarray(1, 1 + name.length).toString("latin1") === name;
}

function pings(peer: RawPeer): WireFrame[] {
  return peer.frames.filter((f) => isCommand(f, "PING"));
}

/** The frame as it was on the wire (short frames only: flags, size, body). */
function wireBytes(frame: WireFrame): Buffer {
  return Buffer.concat([Buffer.from([frame.flags, frame.body.length]), frame.body]);
}

/** Makes the peer answer each PING the zmtp socket sends with `answer` (once per PING). */
function answerPings(peer: RawPeer, answer: () => void): void {
  let answered = 0;
  // Registered after the RawPeer's own listener: the frames of this chunk are parsed already.
  peer.socket.on("data", () => {
    for (const count = pings(peer).length; answered < count; answered++) answer();
  });
}

describe.each(MODES)("heartbeats over tcp, zmtp %s", (mode) => {
  it("PINGs a ZMTP 3.1 peer with its TTL in deciseconds, and drops the peer once it is silent past the timeout", async () => {
    const timeout = 200;
    const { peer, disconnects, nextAccepted } = await setup(mode, { heartbeatInterval: 50, heartbeatTimeout: timeout, heartbeatTimeToLive: 1200 });
    await peer.until((p) => pings(p).length >= 1, "the first PING");
    const firstPingSeen = performance.now();
    // RFC 37: COMMAND flag, size 7, "\x04PING", TTL 1200 ms = 12 deciseconds, big-endian, no context.
    expect(wireBytes(pings(peer)[0]!)).toEqual(Buffer.from(commandFrame("PING", [0x00, 0x0c])));
    expect(Buffer.from(commandFrame("PING", [0x00, 0x0c])).toString("hex")).toBe("0407" + "0450494e47" + "000c");

    await waitUntil(() => disconnects.length > 0, "the dealer's disconnect", WAIT_MS);
    // It waited for the timeout (measured from when the peer saw the PING, which was sent a little earlier).
    expect(disconnects[0]! - firstPingSeen).toBeGreaterThanOrEqual(timeout / 2);
    await peer.until((p) => p.closed, "the peer's socket to close");
    expect(disconnects).toHaveLength(1);
    if (nextAccepted !== undefined) {
      // The dealer dialed: the normal reconnect follows.
      const again = await within(nextAccepted(), "the dealer's reconnection", WAIT_MS);
      expect(again.closed).toBe(false);
    }
  });

  it.each([
    [
      "PONG",
      (peer: RawPeer) => {
        peer.sendCommand("PONG");
      },
    ],
    [
      "a message",
      (peer: RawPeer) => {
        peer.sendMessage(["alive"]);
      },
    ],
  ])("keeps a peer that answers each PING with %s, over many timeouts", async (_what, answer) => {
    // Without an answer the peer would be dropped 50 + 600 ms after the handshake, before the 15th PING.
    const { dealer, peer, disconnects } = await setup(mode, { heartbeatInterval: 50, heartbeatTimeout: 600 });
    answerPings(peer, () => {
      answer(peer);
    });
    await waitUntil(() => pings(peer).length >= 15, "15 PINGs", WAIT_MS);
    expect(disconnects).toEqual([]);
    expect(peer.closed).toBe(false);
    // And the connection still carries messages.
    peer.sendMessage(["still here"]);
    dealer.receiveTimeout = WAIT_MS;
    for (;;) {
      const [body] = await dealer.receive();
      if (String(body) === "still here") break;
    }
  });

  it("never PINGs a ZMTP 3.0 peer (it predates PING), and so never drops it for silence", async () => {
    const { dealer, peer, handshakes, disconnects } = await setup(mode, { heartbeatInterval: 20, heartbeatTimeout: 40 }, 0);
    await waitUntil(() => handshakes.length > 0 && peer.frames.length > 0, "the handshake (zmtp's READY)", WAIT_MS);
    // Let 25 intervals pass: a 3.1 peer would have had 25 PINGs, and been dropped after 60 ms.
    await delay(500);
    expect(peer.frames.filter((f) => (f.flags & 0x04) !== 0).map((f) => f.body.subarray(1, 1 + f.body[0]!).toString())).toEqual(["READY"]);
    expect(disconnects).toEqual([]);
    peer.sendMessage(["hello"]);
    dealer.receiveTimeout = WAIT_MS;
    expect(String((await dealer.receive())[0])).toBe("hello");
  });

  it("honours the TTL in the peer's PING (heartbeats off here): answers PONG, then drops the silent peer after ≈TTL", async () => {
    const { peer, handshakes, disconnects } = await setup(mode, {});
    await waitUntil(() => handshakes.length > 0, "the handshake", WAIT_MS);
    // TTL 3 deciseconds = 300 ms, context "ctx".
    const sentAt = performance.now();
    peer.write(commandFrame("PING", bytes(0x00, 0x03, "ctx")));
    await peer.until((p) => p.frames.some((f) => isCommand(f, "PONG")), "the PONG");
    expect(wireBytes(peer.frames.find((f) => isCommand(f, "PONG"))!)).toEqual(Buffer.from(commandFrame("PONG", "ctx")));
    await waitUntil(() => disconnects.length > 0, "the dealer's disconnect", WAIT_MS);
    expect(disconnects[0]! - sentAt).toBeGreaterThanOrEqual(300 - 10);
    await peer.until((p) => p.closed, "the peer's socket to close");
  });
});
