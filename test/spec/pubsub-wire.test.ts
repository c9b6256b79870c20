/**
 * RFC 29 (PUB/SUB) and RFC 37 §"SUBSCRIBE / CANCEL" at the socket level, against a hand-driven peer on a
 * real tcp connection: a zmtp PUB accepts subscriptions in both forms (the 3.1 commands, and the 3.0
 * `\x01topic` / `\x00topic` messages, which libzmq 4.2.0–4.3.2 send even after announcing 3.1) and filters
 * by them; a zmtp SUB sends the form its peer's announced version expects.
 */
import { describe, expect, it } from "vitest";
import { Publisher, Subscriber, XPublisher } from "../../src/index.js";
import { socketTracker } from "../helpers/socket-tracker.js";
import { bindLoopback } from "../helpers/loopback.js";
import { delay } from "../helpers/wait.js";
import { RawPeer, subscriptionBody, useRawPeers } from "./raw-peer.js";

const track = socketTracker();
const { dial, listen } = useRawPeers();

/** Publishes `${topic}sync` until the raw subscriber has one: its subscription is in force at the PUB. */
async function sync(pub: Publisher, peer: RawPeer, topic: string): Promise<void> {
  for (let i = 0; i < 200 && !peer.messages.includes(`${topic}sync`); i++) {
    await pub.send(`${topic}sync`);
    await delay(10);
  }
  expect(peer.messages).toContain(`${topic}sync`);
}

/** What the raw subscriber received (sync traffic left out), once `end` is among it. */
async function receivedUntil(peer: RawPeer, end: string): Promise<string[]> {
  await peer.until((p) => p.messages.includes(end), `${end} at the raw subscriber`);
  return peer.messages.filter((m) => !m.endsWith("sync"));
}

type Form = "3.0 messages" | "3.1 commands" | "3.0 messages after announcing 3.1";

const FORMS: readonly { form: Form; minor: number }[] = [
  { form: "3.0 messages", minor: 0 },
  { form: "3.1 commands", minor: 1 },
  { form: "3.0 messages after announcing 3.1", minor: 1 },
];

function subscribe(peer: RawPeer, form: Form, topic: string): void {
  if (form === "3.1 commands") peer.sendCommand("SUBSCRIBE", topic);
  else peer.sendMessage([subscriptionBody(true, topic)]);
}

function cancel(peer: RawPeer, form: Form, topic: string): void {
  if (form === "3.1 commands") peer.sendCommand("CANCEL", topic);
  else peer.sendMessage([subscriptionBody(false, topic)]);
}

describe("a zmtp PUB takes subscriptions from a raw SUB peer", () => {
  describe.each(FORMS)("as $form", ({ form, minor }) => {
    it("filters by them before sending, and stops a topic on CANCEL", async () => {
      const pub = track(new Publisher());
      const peer = await dial(await bindLoopback(pub));
      peer.handshake(minor, "SUB");
      subscribe(peer, form, "A");
      subscribe(peer, form, "C");
      await sync(pub, peer, "A");
      await sync(pub, peer, "C");
      for (const m of ["A1", "B1", "C1", "a1", ""]) await pub.send(m);
      await pub.send(["A2", "more"]);
      await pub.send("Aend");
      expect(await receivedUntil(peer, "Aend")).toEqual(["A1", "C1", "A2|more", "Aend"]);

      cancel(peer, form, "A");
      // Once an "A" probe no longer arrives before its "C" fence, the cancel is in force.
      let clean = false;
      for (let i = 0; i < 200 && !clean; i++) {
        const before = peer.messages.length;
        await pub.send("Aprobe");
        await pub.send(`Cfence${i}`);
        await peer.until((p) => p.messages.includes(`Cfence${i}`), `Cfence${i}`);
        clean = peer.messages.slice(before).join(",") === `Cfence${i}`;
      }
      expect(clean).toBe(true);
      await pub.send("A3");
      await pub.send("C3");
      await peer.until((p) => p.messages.includes("C3"), "C3");
      expect(peer.messages.at(-1)).toBe("C3");
      expect(peer.messages).not.toContain("A3");
    });
  });

  it("an empty subscription matches everything, the empty message included", async () => {
    const pub = track(new Publisher());
    const peer = await dial(await bindLoopback(pub));
    peer.handshake(1, "SUB");
    peer.sendCommand("SUBSCRIBE");
    await sync(pub, peer, "");
    for (const m of ["x", "", "\u0000"]) await pub.send(m);
    await pub.send("end");
    expect(await receivedUntil(peer, "end")).toEqual(["x", "", "\u0000", "end"]);
  });
});

describe("a zmtp XPUB shows every subscription in the 3.0 form", () => {
  const title = "SUBSCRIBE / CANCEL commands and messages from a ZMTP 3.%i peer arrive as \\x01topic / \\x00topic";
  it.each([0, 1])(title, async (minor) => {
    const x = track(new XPublisher({ receiveTimeout: 2000 }));
    const peer = await dial(await bindLoopback(x));
    peer.handshake(minor, "SUB");
    peer.sendCommand("SUBSCRIBE", "cmd");
    peer.sendMessage([subscriptionBody(true, "msg")]);
    peer.sendCommand("CANCEL", "cmd");
    peer.sendMessage([subscriptionBody(false, "msg")]);
    const got: string[] = [];
    for (let i = 0; i < 4; i++) got.push((await x.receive()).map((f) => f.toString("latin1")).join("|"));
    expect(got).toEqual(["\u0001cmd", "\u0001msg", "\u0000cmd", "\u0000msg"]);
  });
});

describe("a zmtp SUB sends the subscription form its peer's version expects", () => {
  it("to a ZMTP 3.1 publisher: SUBSCRIBE and CANCEL commands, nothing as a message", async () => {
    const { endpoint, accepted } = await listen();
    const s = track(new Subscriber());
    s.subscribe("early");
    s.connect(endpoint);
    const peer = await accepted();
    peer.handshake(1, "XPUB");
    await peer.until((p) => p.commands.includes("SUBSCRIBE early"), "SUBSCRIBE early");
    s.subscribe("late");
    s.unsubscribe("early");
    await peer.until((p) => p.commands.includes("CANCEL early"), "CANCEL early");
    expect(peer.commands.slice(1)).toEqual(["SUBSCRIBE early", "SUBSCRIBE late", "CANCEL early"]);
    expect(peer.commands[0]).toMatch(/^READY /);
    expect(peer.messages).toEqual([]);
  });

  it("to a ZMTP 3.1 publisher: a topic of 246 octets or more travels in a long command frame", async () => {
    const { endpoint, accepted } = await listen();
    const s = track(new Subscriber());
    s.connect(endpoint);
    const peer = await accepted();
    peer.handshake(1, "XPUB");
    await peer.until((p) => p.commands.length === 1, "the SUB's READY");
    const long = "L".repeat(300);
    s.subscribe("short", long);
    await peer.until((p) => p.commands.length === 3, "two SUBSCRIBE commands");
    expect(peer.commands.slice(1)).toEqual(["SUBSCRIBE short", `SUBSCRIBE ${long}`]);
    const flags = peer.frames.slice(-2).map((f) => f.flags);
    expect(flags).toEqual([0x04, 0x06]); // COMMAND, then COMMAND | LONG
  });

  it("to a ZMTP 3.0 publisher: \\x01topic and \\x00topic messages, no commands but READY", async () => {
    const { endpoint, accepted } = await listen();
    const s = track(new Subscriber());
    s.subscribe("early");
    s.connect(endpoint);
    const peer = await accepted();
    peer.handshake(0, "XPUB");
    await peer.until((p) => p.messages.length >= 1, "the first subscription");
    s.subscribe("late");
    s.unsubscribe("early");
    await peer.until((p) => p.messages.length >= 3, "three subscription messages");
    expect(peer.messages).toEqual(["\u0001early", "\u0001late", "\u0000early"]);
    expect(peer.commands).toHaveLength(1);
    expect(peer.commands[0]).toMatch(/^READY /);
  });
});
