/**
 * ZMTP 1.0 and 2.0 peers served as libzmq 4.x serves them (shared/wire-reference.md §5; RFC 13, RFC 15;
 * zmtp issue 15 item 4). A hand-written peer of each revision — unversioned 1.0, versioned revision 0,
 * revision 1 (ZMTP 2.0) — talks over real tcp to a socket that binds or connects, and every case runs twice:
 * against zmtp and against libzmq (zeromq.js), with the same expected octets, so zmtp is shown to send
 * exactly what libzmq sends at each stage. Covered: the staged greeting (our signature carries the routing
 * id's size + 1), the identity frames, messages both ways in each framing (multipart, long frames), ROUTER
 * keeping a 2.0 peer's identity, subscriptions as data frames, and PUB/XPUB's phantom subscription for an
 * unversioned peer. Engine-level rules (refusal under a non-NULL mechanism, the timer, typed errors) are in
 * legacy-handshake.test.ts.
 */
import { afterEach, describe, expect, it } from "vitest";
import * as zmq from "zeromq";
import * as zmtp from "../../src/index.js";
import { bytes, concat, hex, sequence } from "../helpers/bytes.js";
import { useLegacyPeers, type RawLegacyPeer } from "../helpers/legacy-peer.js";
import { SOCKET_TYPE_NUMBER, legacyGreetingBytes, signatureBytes, v1MessageBytes, v2FrameBytes, v2MessageBytes } from "../helpers/legacy-wire.js";
import { delay, waitUntil, within } from "../helpers/wait.js";

type Impl = "zmtp" | "libzmq";
const IMPLS: readonly Impl[] = ["zmtp", "libzmq"];

interface Closable {
  linger: number;
  close(): void;
  /** zmtp only: settles once every connection is gone. */
  closeAndWait?: () => Promise<void>;
}
const open: Closable[] = [];
afterEach(async () => {
  const sockets = open.splice(0);
  for (const socket of sockets) socket.linger = 0;
  const closing: Promise<void>[] = [];
  for (const socket of sockets) {
    if (socket.closeAndWait === undefined) socket.close();
    else closing.push(socket.closeAndWait());
  }
  await Promise.all(closing);
});

const { dial, listen } = useLegacyPeers();

/** A socket of `impl` from the matching constructor of zmtp or zeromq.js (same names, same options). */
function make<Z, L>(impl: Impl, ctors: [new (options: object) => Z, new (options: object) => L], options: object = {}): Z | L {
  const socket = impl === "zmtp" ? new ctors[0](options) : new ctors[1](options);
  open.push(socket as Closable);
  return socket;
}

interface Bindable {
  bind(endpoint: string): Promise<void>;
  readonly lastEndpoint: string | null;
}

async function bound(impl: Impl, socket: Bindable): Promise<string> {
  await socket.bind(impl === "zmtp" ? "tcp://127.0.0.1:0" : "tcp://127.0.0.1:*");
  return socket.lastEndpoint!;
}

/** Lets time pass, to show that nothing more arrives (never a synchronisation). */
const quiet = (): Promise<void> => delay(40);

const text = (message: Buffer[]): string[] => message.map((frame) => frame.toString("latin1"));

/** The octets after the greeting and identity exchange so far, for a peer that has all of them. */
async function expectExactly(peer: RawLegacyPeer, expected: Uint8Array, label: string): Promise<void> {
  await peer.waitForBytes(expected.length, label);
  await quiet();
  expect(hex(peer.received), label).toBe(hex(expected));
}

describe.each(IMPLS)("%s, binding, serves a versioned older peer in libzmq's stages", (impl) => {
  it.each([
    [1, 2],
    [0, 1],
  ] as const)("revision %i (ZMTP %i.0 framing): signature, 3, socket type, identity; then multipart and long frames", async (revision, version) => {
    const pull = make(impl, [zmtp.Pull, zmq.Pull]);
    const peer = await dial(await bound(impl, pull));
    const identity = version === 2 ? bytes(0x00, 0x00) : bytes(0x01, 0x00);
    // Our signature at once: 0xFF, uint64 routing id size + 1 (no routing id: 1), 0x7F.
    await expectExactly(peer, signatureBytes(0), "the signature alone");
    peer.send(signatureBytes(0));
    await expectExactly(peer, concat([signatureBytes(0), bytes(3)]), "the major version once our signature is in");
    peer.send([revision]);
    // To a revision 0/1 peer: our socket type (PULL = 7) instead of the rest of a 3.x greeting.
    await expectExactly(peer, concat([signatureBytes(0), bytes(3, 7)]), "our socket type, and no identity yet");
    peer.send([SOCKET_TYPE_NUMBER.PUSH]);
    await expectExactly(peer, concat([signatureBytes(0), bytes(3, 7), identity]), "our (empty) identity frame");
    const long = sequence(300);
    const messages = version === 2 ? v2MessageBytes : v1MessageBytes;
    peer.send(concat([identity, messages(["a", long, ""]), messages(["b"])]));
    expect(text(await within(pull.receive(), "the multipart message"))).toEqual(["a", Buffer.from(long).toString("latin1"), ""]);
    expect(text(await within(pull.receive(), "the second message"))).toEqual(["b"]);
  });
});

describe.each(IMPLS)("%s, binding, serves an unversioned ZMTP 1.0 peer", (impl) => {
  it("sends its signature as the header of its identity frame, then only the routing id; frames both ways", async () => {
    const dealer = make(impl, [zmtp.Dealer, zmq.Dealer], { routingId: "abc" });
    const peer = await dial(await bound(impl, dealer));
    await expectExactly(peer, signatureBytes(3), "the signature, with routing id size + 1 = 4");
    // A 1.0 peer opens with its identity frame: length 6 (flags + "hello"), flags 0.
    peer.send(bytes(0x06, 0x00, "hello"));
    // No major version: our 10 octets were a long frame header (length 4, flags 0x7F); its body follows.
    await expectExactly(peer, concat([signatureBytes(3), bytes("abc")]), "the identity frame's body");
    await dealer.send(["m1", "m2"]);
    expect(await peer.waitForMessages(1, 13, 1)).toEqual([["m1", "m2"]]);
    expect(hex(peer.received.subarray(13))).toBe(hex(bytes(0x03, 0x01, "m1", 0x03, 0x00, "m2")));
    const long = sequence(254); // a length of 255: the long form
    peer.send(v1MessageBytes(["x", long]));
    expect(text(await within(dealer.receive(), "the peer's message"))).toEqual(["x", Buffer.from(long).toString("latin1")]);
  });
});

describe.each(IMPLS)("%s, connecting, serves an older peer that accepted it", (impl) => {
  it("ZMTP 2.0: the same stages from the connecting side, then messages", async () => {
    const server = await listen();
    const push = make(impl, [zmtp.Push, zmq.Push]);
    push.connect(server.endpoint);
    const peer = await server.accepted();
    await expectExactly(peer, signatureBytes(0), "the signature alone");
    peer.send(concat([signatureBytes(0), bytes(1)]));
    await expectExactly(peer, concat([signatureBytes(0), bytes(3, SOCKET_TYPE_NUMBER.PUSH)]), "major version and socket type");
    peer.send(concat([bytes(SOCKET_TYPE_NUMBER.PULL), v2FrameBytes(0x00, "pull-id")]));
    await expectExactly(peer, concat([signatureBytes(0), bytes(3, 8, 0x00, 0x00)]), "our identity frame");
    await push.send(["hello", sequence(256)]);
    const [message] = await peer.waitForMessages(2, 14, 1);
    expect(message).toEqual(["hello", Buffer.from(sequence(256)).toString("latin1")]);
  });

  it("unversioned ZMTP 1.0: the routing id's body after the signature, then ZMTP 1.0 frames", async () => {
    const server = await listen();
    const dealer = make(impl, [zmtp.Dealer, zmq.Dealer], { routingId: "xyz" });
    dealer.connect(server.endpoint);
    const peer = await server.accepted();
    peer.send(bytes(0x01, 0x00, 0x04, 0x00, "hey")); // anonymous identity, then a message
    await expectExactly(peer, concat([signatureBytes(3), bytes("xyz")]), "signature and identity body");
    expect(text(await within(dealer.receive(), "the peer's message"))).toEqual(["hey"]);
    await dealer.send("back");
    expect(await peer.waitForMessages(1, 13, 1)).toEqual([["back"]]);
  });
});

describe.each(IMPLS)("%s ROUTER and a ZMTP 2.0 peer", (impl) => {
  it("routes by the identity frame the peer sent, and by a generated id for an empty one", async () => {
    const router = make(impl, [zmtp.Router, zmq.Router]);
    const endpoint = await bound(impl, router);
    const named = await dial(endpoint);
    named.send(concat([legacyGreetingBytes(1, SOCKET_TYPE_NUMBER.DEALER, 6), v2FrameBytes(0, "peer-A"), v2MessageBytes(["hi"])]));
    expect(text(await within(router.receive(), "the named peer's message"))).toEqual(["peer-A", "hi"]);
    await router.send(["peer-A", "back"]);
    expect(await named.waitForMessages(2, 12, 2)).toEqual([[""], ["back"]]); // our identity, then the reply

    const anonymous = await dial(endpoint);
    anonymous.send(concat([legacyGreetingBytes(1, SOCKET_TYPE_NUMBER.DEALER), v2FrameBytes(0, ""), v2MessageBytes(["anon"])]));
    const [id, body] = await within(router.receive(), "the anonymous peer's message");
    expect(body!.toString()).toBe("anon");
    // libzmq's generated id: a zero octet, then a 32-bit counter.
    expect(id!.length).toBe(5);
    expect(id![0]).toBe(0);
    await router.send([id!, "to-anon"]);
    expect(await anonymous.waitForMessages(2, 12, 2)).toEqual([[""], ["to-anon"]]);
  });
});

describe.each(IMPLS)("%s publish-subscribe with older peers: subscriptions are data frames", (impl) => {
  it("PUB delivers to a ZMTP 2.0 SUB only what its `\\x01topic` data frame asked for", async () => {
    const pub = make(impl, [zmtp.Publisher, zmq.Publisher]);
    const peer = await dial(await bound(impl, pub));
    peer.send(concat([legacyGreetingBytes(1, SOCKET_TYPE_NUMBER.SUB), v2FrameBytes(0, ""), v2FrameBytes(0, bytes(1, "A"))]));
    // The subscription reaches the publisher asynchronously: publish until one message gets through.
    let sent = 0;
    await waitUntil(
      () => {
        if (peer.messages(2, 14).length === 0) void pub.send(["A", String(sent++)]).catch(() => undefined);
        return peer.messages(2, 14).length > 0;
      },
      "a message through the subscription",
      3000,
    );
    await pub.send(["B", "filtered"]);
    await pub.send(["A", "last"]);
    await waitUntil(() => peer.messages(2, 14).some((m) => m[1] === "last"), "the last message");
    const topics = peer.messages(2, 14).map((m) => m[0]);
    expect(topics.every((topic) => topic === "A")).toBe(true);
  });

  it("SUB sends its subscriptions to a ZMTP 2.0 PUB as `\\x01topic` / `\\x00topic` data frames, and filters", async () => {
    const server = await listen();
    const sub = make(impl, [zmtp.Subscriber, zmq.Subscriber]);
    sub.subscribe("early");
    sub.connect(server.endpoint);
    const peer = await server.accepted();
    peer.send(concat([legacyGreetingBytes(1, SOCKET_TYPE_NUMBER.PUB), v2FrameBytes(0, "")]));
    // Greeting (12) and our identity (2), then the subscription made before the connection.
    await expectExactly(peer, concat([signatureBytes(0), bytes(3, 2, 0x00, 0x00), v2FrameBytes(0, bytes(1, "early"))]), "the replayed subscription");
    sub.subscribe("topic");
    sub.unsubscribe("early");
    await expectExactly(
      peer,
      concat([signatureBytes(0), bytes(3, 2, 0x00, 0x00), v2FrameBytes(0, bytes(1, "early")), v2FrameBytes(0, bytes(1, "topic")), v2FrameBytes(0, bytes(0, "early"))]),
      "subscribe and cancel as data frames",
    );
    peer.send(concat([v2MessageBytes(["early-1"]), v2MessageBytes(["other"]), v2MessageBytes(["topic-1"])]));
    expect(text(await within(sub.receive(), "the subscribed message"))).toEqual(["topic-1"]);
  });

  it("XPUB gets libzmq's phantom subscribe-all from an unversioned peer, and none from a 2.0 peer", async () => {
    const xpub = make(impl, [zmtp.XPublisher, zmq.XPublisher]);
    const endpoint = await bound(impl, xpub);
    const unversioned = await dial(endpoint);
    unversioned.send(bytes(0x01, 0x00)); // an anonymous identity: a 0MQ 2.x SUB, which never subscribes
    expect(hex((await within(xpub.receive(), "the phantom subscription"))[0]!)).toBe("01");
    await xpub.send("to-all");
    expect(await unversioned.waitForMessages(1, 10, 1)).toEqual([["to-all"]]);

    const versioned = await dial(endpoint);
    versioned.send(concat([legacyGreetingBytes(1, SOCKET_TYPE_NUMBER.SUB), v2FrameBytes(0, ""), v2FrameBytes(0, bytes(1, "z"))]));
    // The first thing from the 2.0 peer is its own subscription, not a phantom one.
    expect(hex((await within(xpub.receive(), "the 2.0 peer's subscription"))[0]!)).toBe(hex(bytes(1, "z")));
  });
});

describe.each(IMPLS)("%s keeps older peers without heartbeats, and drops only a peer that breaks its framing", (impl) => {
  it("sends no PING to a ZMTP 2.0 peer even with heartbeats on, and keeps it", async () => {
    const pull = make(impl, [zmtp.Pull, zmq.Pull], { heartbeatInterval: 20, heartbeatTimeout: 40 });
    const peer = await dial(await bound(impl, pull));
    peer.send(concat([legacyGreetingBytes(1, SOCKET_TYPE_NUMBER.PUSH), v2FrameBytes(0, "")]));
    await expectExactly(peer, concat([signatureBytes(0), bytes(3, 7, 0x00, 0x00)]), "greeting and identity");
    await delay(150); // several intervals and timeouts
    expect(peer.received.length).toBe(14);
    expect(peer.isClosed).toBe(false);
    peer.send(v2MessageBytes(["still here"]));
    expect(text(await within(pull.receive(), "a message after the quiet"))).toEqual(["still here"]);
  });

  it.each([
    ["ZMTP 2.0, a frame over maxMessageSize", concat([legacyGreetingBytes(1, SOCKET_TYPE_NUMBER.PUSH), v2FrameBytes(0, ""), v2FrameBytes(0, sequence(101))])],
    ["unversioned ZMTP 1.0, a frame of length 0", bytes(0x01, 0x00, 0x02, 0x00, "x", 0x00, 0x00)],
    ["revision 0, a frame over maxMessageSize", concat([legacyGreetingBytes(0, SOCKET_TYPE_NUMBER.PUSH), bytes(0x01, 0x00, 0xff, 0, 0, 0, 0, 0, 0, 0, 0x66, 0x00)])],
  ])("%s: closes that connection only", async (_label, attack) => {
    const pull = make(impl, [zmtp.Pull, zmq.Pull], { maxMessageSize: 100 });
    const endpoint = await bound(impl, pull);
    const bad = await dial(endpoint);
    bad.send(attack);
    await within(bad.closed, "the bad peer's connection to close");
    const good = await dial(endpoint);
    good.send(concat([legacyGreetingBytes(1, SOCKET_TYPE_NUMBER.PUSH), v2FrameBytes(0, ""), v2MessageBytes(["fine"])]));
    let got = text(await within(pull.receive(), "the good peer's message"));
    // The unversioned attacker's legal message before its violation may come first.
    if (got[0] === "x") got = text(await within(pull.receive(), "the good peer's message"));
    expect(got).toEqual(["fine"]);
  });
});
