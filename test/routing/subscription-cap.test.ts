/**
 * maxSubscriptionsPerPeer (zmtp's addition): past the cap a subscriber's further SUBSCRIBEs are ignored
 * (not reported by an XPUB either), a CANCEL makes room, what it holds keeps flowing, and each subscriber
 * has a cap of its own. Run with zmtp subscribers and with libzmq's (zeromq.js) in both directions.
 */
import { afterEach, describe, expect, it } from "vitest";
import * as zmq from "zeromq";
import { Publisher, Subscriber, XPublisher, XSubscriber } from "../../src/index.js";
import { errorCode, thrownBy } from "../helpers/errors.js";
import { bindLoopback } from "../helpers/loopback.js";
import { socketTracker } from "../helpers/socket-tracker.js";
import { describeSub, subsUntil, untilFirst, type Receiver } from "../sockets/pubsub-helpers.js";

const track = socketTracker();
const natives: zmq.Socket[] = [];
afterEach(() => {
  for (const socket of natives.splice(0)) socket.close();
});

function nativeSub(): zmq.Subscriber {
  const sub = new zmq.Subscriber({ linger: 0, receiveTimeout: 5000 });
  natives.push(sub);
  return sub;
}

/** Messages until `end` (included), as text. */
async function textsUntil(receiver: Receiver, end: string): Promise<string[]> {
  const out: string[] = [];
  for (;;) {
    const text = (await receiver.receive())[0]!.toString();
    out.push(text);
    if (text === end) return out;
  }
}

/**
 * The subscriber, at a cap of 2, asked for A, B, C (C ignored), then dropped B and asked for "sync":
 * once "sync" flows, all of that has been applied. Then only A's messages (and sync's) get through.
 */
async function checkCappedAt2(pub: Publisher, receiver: Receiver): Promise<void> {
  await untilFirst(receiver, () => pub.send("sync"), (m) => m[0]!.toString() === "sync");
  for (const text of ["A1", "B1", "C1", "A2", "sync-end"]) await pub.send(text);
  expect(await textsUntil(receiver, "sync-end")).toEqual(["A1", "A2", "sync-end"]);
}

describe("maxSubscriptionsPerPeer", () => {
  it("defaults to -1 (no limit), takes -1 and up, and is refused outside with EINVAL or TypeError", () => {
    const pub = track(new Publisher());
    const xpub = track(new XPublisher({ maxSubscriptionsPerPeer: 5 }));
    expect(pub.maxSubscriptionsPerPeer).toBe(-1);
    expect(xpub.maxSubscriptionsPerPeer).toBe(5);
    pub.maxSubscriptionsPerPeer = 0;
    expect(pub.maxSubscriptionsPerPeer).toBe(0);
    for (const bad of [-2, 1.5, 2 ** 31]) {
      expect(errorCode(thrownBy(() => (pub.maxSubscriptionsPerPeer = bad)))).toBe("EINVAL");
      expect(errorCode(thrownBy(() => new Publisher({ maxSubscriptionsPerPeer: bad })))).toBe("EINVAL");
    }
    expect(thrownBy(() => ((xpub as unknown as Record<string, unknown>).maxSubscriptionsPerPeer = "10"))).toBeInstanceOf(TypeError);
  });

  it("zmtp SUB: SUBSCRIBEs past the cap are ignored until a CANCEL makes room; each peer has its own cap", async () => {
    const pub = track(new Publisher({ maxSubscriptionsPerPeer: 2 }));
    const endpoint = await bindLoopback(pub);
    const subs = [track(new Subscriber({ receiveTimeout: 5000 })), track(new Subscriber({ receiveTimeout: 5000 }))];
    for (const sub of subs) {
      sub.connect(endpoint);
      sub.subscribe("A", "B", "C");
      sub.unsubscribe("B");
      sub.subscribe("sync");
    }
    for (const sub of subs) await checkCappedAt2(pub, sub);
  });

  it("libzmq SUB connecting to a zmtp Publisher that binds", async () => {
    const pub = track(new Publisher({ maxSubscriptionsPerPeer: 2 }));
    const endpoint = await bindLoopback(pub);
    const sub = nativeSub();
    sub.connect(endpoint);
    sub.subscribe("A", "B", "C");
    sub.unsubscribe("B");
    sub.subscribe("sync");
    await checkCappedAt2(pub, sub);
  });

  it("libzmq SUB binding, a zmtp Publisher connecting", async () => {
    const sub = nativeSub();
    sub.subscribe("A", "B", "C");
    const endpoint = await bindLoopback(sub);
    const pub = track(new Publisher({ maxSubscriptionsPerPeer: 2 }));
    pub.connect(endpoint);
    // libzmq replays A, B, C on the connection (its trie's order): A and B are admitted.
    await untilFirst(sub, () => pub.send("A0"), (m) => m[0]!.toString() === "A0");
    sub.unsubscribe("B");
    sub.subscribe("sync");
    await checkCappedAt2(pub, sub);
  });

  it("XPUB reports only the subscriptions it admitted (a proxy forwards nothing it will not serve)", async () => {
    const xpub = track(new XPublisher({ maxSubscriptionsPerPeer: 2, receiveTimeout: 5000 }));
    const endpoint = await bindLoopback(xpub);
    const sub = nativeSub();
    sub.connect(endpoint);
    sub.subscribe("A", "B", "C");
    sub.unsubscribe("B");
    sub.subscribe("fence");
    expect(await subsUntil(xpub, "+fence")).toEqual(["+A", "+B", "-B", "+fence"]);
  });

  it("XPUB verbose: a subscriber at the cap repeating a topic it holds is still heard", async () => {
    const xpub = track(new XPublisher({ maxSubscriptionsPerPeer: 2, verbosity: "allSubs", receiveTimeout: 5000 }));
    const endpoint = await bindLoopback(xpub);
    const xsub = track(new XSubscriber());
    xsub.connect(endpoint);
    for (const text of ["\x01A", "\x01B", "\x01C", "\x01A", "\x00B", "\x01fence"]) await xsub.send(Buffer.from(text, "latin1"));
    expect(await subsUntil(xpub, "+fence")).toEqual(["+A", "+B", "+A", "-B", "+fence"]);
  });

  it("XPUB manual: the cap bounds what each subscriber may ask for; the application's own calls are not capped", async () => {
    const xpub = track(new XPublisher({ manual: true, maxSubscriptionsPerPeer: 2, receiveTimeout: 5000 }));
    const endpoint = await bindLoopback(xpub);
    const sub = nativeSub();
    sub.connect(endpoint);
    sub.subscribe("A", "B", "C", "sync");
    const heard = [describeSub(await xpub.receive()), describeSub(await xpub.receive())];
    expect(heard).toEqual(["+A", "+B"]);
    // The application grants what it likes, beyond the cap, to the subscriber it last heard from.
    xpub.subscribe("A", "C", "sync");
    await untilFirst(sub, () => xpub.send("sync"), (m) => m[0]!.toString() === "sync");
    for (const text of ["A1", "B1", "C1", "sync-end"]) await xpub.send(text);
    expect(await textsUntil(sub, "sync-end")).toEqual(["A1", "C1", "sync-end"]);
    sub.unsubscribe("B");
    sub.subscribe("D");
    expect([describeSub(await xpub.receive()), describeSub(await xpub.receive())]).toEqual(["-B", "+D"]);
  });
});
