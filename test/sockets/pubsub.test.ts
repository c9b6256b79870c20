import { describe, expect, it } from "vitest";
import {
  Dealer,
  Publisher,
  Pull,
  Push,
  type Readable,
  type Socket,
  Subscriber,
  XPublisher,
  XSubscriber,
  type Writable,
  ZmqError,
} from "../../src/index.js";
import { Pipe } from "../../src/pipe/pipe.js";
import { collectUntil, describeSub, subMessage, subsUntil, untilFirst } from "./pubsub-helpers.js";
import { bindLoopback } from "../helpers/loopback.js";
import { socketTracker } from "../helpers/socket-tracker.js";
import { messageText } from "../helpers/text.js";
import { delay, waitUntil } from "../helpers/wait.js";
import { capturePipes } from "../helpers/capture-pipes.js";

const WAIT = 5000;

const track = socketTracker();

const pub = (opts: ConstructorParameters<typeof Publisher>[0] = {}): Publisher => track(new Publisher(opts));
const xpub = (opts: ConstructorParameters<typeof XPublisher>[0] = {}): XPublisher =>
  track(new XPublisher({ receiveTimeout: WAIT, ...opts }));
const sub = (opts: ConstructorParameters<typeof Subscriber>[0] = {}): Subscriber =>
  track(new Subscriber({ receiveTimeout: WAIT, ...opts }));
const xsub = (opts: ConstructorParameters<typeof XSubscriber>[0] = {}): XSubscriber =>
  track(new XSubscriber({ receiveTimeout: WAIT, ...opts }));


/** Sends `[topic + "sync"]` until the receiver has one: its subscription to `topic` is in force. */
async function sync(sender: Writable, receiver: Subscriber | XSubscriber, topic: string): Promise<void> {
  await untilFirst(
    receiver,
    () => sender.send(`${topic}sync`),
    (m) => messageText(m) === `${topic}sync`,
  );
}

describe("PUB/SUB filtering", () => {
  it("a SUB gets exactly the messages whose first frame starts with its subscriptions", async () => {
    const p = pub();
    const s = sub();
    s.subscribe("A", Buffer.from("C"));
    s.connect(await bindLoopback(p));
    await sync(p, s, "A");
    for (const m of ["A1", "B1", ["A2", "more"], "C1", "a3", "BA", "end?"]) await p.send(m);
    await p.send("Aend");
    expect(await collectUntil(s, "Aend")).toEqual(["A1", "A2|more", "C1", "Aend"]);
  });

  it("the PUB filters before sending: an XSUB (which does not filter) only gets what it subscribed to", async () => {
    const p = pub();
    const x = xsub();
    x.connect(await bindLoopback(p));
    await x.send(subMessage(true, "A"));
    await sync(p, x, "A");
    for (const m of ["B1", "A1", "X", "A2"]) await p.send(m);
    await p.send("Aend");
    expect(await collectUntil(x, "Aend")).toEqual(["A1", "A2", "Aend"]);
  });

  it("subscribe() with no argument subscribes to everything; unsubscribe() with none drops it", async () => {
    const p = pub();
    const s = sub();
    s.subscribe();
    s.connect(await bindLoopback(p));
    await sync(p, s, "");
    for (const m of ["x", "", "\u0000zero", ["multi", "part"]]) await p.send(m);
    await p.send("end");
    expect(await collectUntil(s, "end")).toEqual(["x", "", "\u0000zero", "multi|part", "end"]);
    s.subscribe("only");
    s.unsubscribe();
    await untilFirst(s, () => p.send("onlysync"));
    await p.send("other");
    await p.send("onlyend");
    expect(await collectUntil(s, "onlyend")).toEqual(["onlyend"]);
  });

  it("a PUB sends to every matching subscriber, each message once per subscriber", async () => {
    const p = pub();
    const endpoint = await bindLoopback(p);
    const subs = [sub(), sub(), sub()];
    subs[0]!.subscribe("A", "AB"); // overlapping prefixes: still one copy
    subs[1]!.subscribe("AB");
    subs[2]!.subscribe("B");
    for (const s of subs) s.connect(endpoint);
    await sync(p, subs[0]!, "AB");
    await sync(p, subs[1]!, "AB");
    await sync(p, subs[2]!, "B");
    for (const m of ["ABC", "A", "B", "C"]) await p.send(m);
    await p.send("ABend");
    await p.send("Bend");
    expect(await collectUntil(subs[0]!, "ABend")).toEqual(["ABC", "A", "ABend"]);
    expect(await collectUntil(subs[1]!, "ABend")).toEqual(["ABC", "ABend"]);
    expect(await collectUntil(subs[2]!, "Bend")).toEqual(["B", "Bend"]);
  });

  it("PUB has no receive() and SUB no send(), as in zeromq.js", () => {
    const p = pub();
    const s = sub();
    expect("receive" in p).toBe(false);
    expect("send" in s).toBe(false);
    expect(p.type).toBe(1);
    expect(s.type).toBe(2);
    expect(xpub().type).toBe(9);
    expect(xsub().type).toBe(10);
  });

  it("a PUB with no subscribers drops messages at once", async () => {
    const p = pub({ sendTimeout: 0 });
    await bindLoopback(p);
    for (let i = 0; i < 5000; i++) await p.send(`m${i}`);
    expect(p.writable).toBe(true);
  });
});

describe("subscriptions upstream", () => {
  it("a SUB subscribes on the first subscribe of a topic and cancels on the last unsubscribe", async () => {
    const x = xpub({ verbosity: "allSubsUnsubs" });
    const s = sub();
    s.connect(await bindLoopback(x));
    s.subscribe("A");
    s.subscribe("A", "B");
    s.unsubscribe("A");
    s.unsubscribe("Z"); // never subscribed: nothing goes upstream
    s.subscribe("fence1");
    expect(await subsUntil(x, "+fence1")).toEqual(["+A", "+B", "+fence1"]);
    s.unsubscribe("A");
    s.subscribe("fence2");
    expect(await subsUntil(x, "+fence2")).toEqual(["-A", "+fence2"]);
  });

  it("a SUB keeps receiving a topic until its last unsubscribe", async () => {
    const p = pub();
    const s = sub();
    s.subscribe("T", "T", "K");
    s.connect(await bindLoopback(p));
    await sync(p, s, "T");
    s.unsubscribe("T");
    await p.send("T1");
    await p.send("Kend");
    expect(await collectUntil(s, "Kend")).toEqual(["T1", "Kend"]);
    s.unsubscribe("T");
    // The cancel reaches the PUB asynchronously; locally the SUB drops T at once.
    await p.send("T2");
    await p.send("Kend");
    expect(await collectUntil(s, "Kend")).toEqual(["Kend"]);
  });

  it("subscriptions made before connecting, and to a binding SUB, reach the publisher", async () => {
    const s = sub();
    s.subscribe("early");
    const endpoint = await bindLoopback(s);
    const x = xpub();
    x.connect(endpoint);
    expect(messageText(await x.receive())).toBe("\u0001early");
    s.subscribe("late");
    expect(messageText(await x.receive())).toBe("\u0001late");
  });

  it("a SUB replays all its subscriptions when it reconnects to a new publisher", async () => {
    const first = pub();
    const endpoint = await bindLoopback(first);
    const s = sub({ reconnectInterval: 20 });
    s.subscribe("A", "B");
    s.connect(endpoint);
    await sync(first, s, "A");
    first.linger = 0;
    await first.closeAndWait();
    const x = xpub({ verbosity: "allSubs" });
    for (let attempt = 0; ; attempt++) {
      try {
        await x.bind(endpoint);
        break;
      } catch (err) {
        if ((err as ZmqError).code !== "EADDRINUSE" || attempt > 50) throw err;
        await delay(20);
      }
    }
    const seen = new Set<string>();
    while (!(seen.has("+A") && seen.has("+B"))) seen.add(describeSub(await x.receive()));
    expect([...seen].sort()).toEqual(["+A", "+B"]);
    await sync(x, s, "B");
  });

  it("a PUB forgets a reconnected peer's old subscriptions (the peer replays its own)", async () => {
    const first = xsub();
    const endpoint = await bindLoopback(first);
    const p = pub({ reconnectInterval: 20 });
    p.connect(endpoint);
    await first.send(subMessage(true, "A"));
    await sync(p, first, "A");
    first.linger = 0;
    await first.closeAndWait();
    // A new XSUB (no local filter) on the same endpoint subscribes only to B.
    const second = xsub();
    for (let attempt = 0; ; attempt++) {
      try {
        await second.bind(endpoint);
        break;
      } catch (err) {
        if ((err as ZmqError).code !== "EADDRINUSE" || attempt > 50) throw err;
        await delay(20);
      }
    }
    await second.send(subMessage(true, "B"));
    await sync(p, second, "B");
    await p.send("A1");
    await p.send("B1");
    expect(await collectUntil(second, "B1")).toEqual(["B1"]);
  });
});

describe("XPUB", () => {
  async function twoSubscribers(verbosity: "allSubs" | "allSubsUnsubs" | null): Promise<{
    x: XPublisher;
    s1: Subscriber;
    s2: Subscriber;
  }> {
    const x = xpub({ verbosity });
    const endpoint = await bindLoopback(x);
    const s1 = sub();
    const s2 = sub();
    s1.connect(endpoint);
    s2.connect(endpoint);
    return { x, s1, s2 };
  }

  it("passes only the first subscribe and the last unsubscribe of a topic by default", async () => {
    const { x, s1, s2 } = await twoSubscribers(null);
    s1.subscribe("T", "f1");
    expect(await subsUntil(x, "+f1")).toEqual(["+T", "+f1"]);
    s2.subscribe("T", "f2");
    expect(await subsUntil(x, "+f2")).toEqual(["+f2"]);
    s1.unsubscribe("T");
    s1.subscribe("f3");
    expect(await subsUntil(x, "+f3")).toEqual(["+f3"]);
    s2.unsubscribe("T");
    s2.subscribe("f4");
    expect(await subsUntil(x, "+f4")).toEqual(["-T", "+f4"]);
  });

  it('verbosity "allSubs" passes every subscribe but only the last unsubscribe', async () => {
    const { x, s1, s2 } = await twoSubscribers("allSubs");
    s1.subscribe("T", "f1");
    expect(await subsUntil(x, "+f1")).toEqual(["+T", "+f1"]);
    s2.subscribe("T", "f2");
    expect(await subsUntil(x, "+f2")).toEqual(["+T", "+f2"]);
    s1.unsubscribe("T");
    s1.subscribe("f3");
    expect(await subsUntil(x, "+f3")).toEqual(["+f3"]);
    s2.unsubscribe("T");
    s2.subscribe("f4");
    expect(await subsUntil(x, "+f4")).toEqual(["-T", "+f4"]);
  });

  it('verbosity "allSubsUnsubs" passes every subscribe and every unsubscribe', async () => {
    const { x, s1, s2 } = await twoSubscribers("allSubsUnsubs");
    s1.subscribe("T", "f1");
    expect(await subsUntil(x, "+f1")).toEqual(["+T", "+f1"]);
    s2.subscribe("T", "f2");
    expect(await subsUntil(x, "+f2")).toEqual(["+T", "+f2"]);
    s1.unsubscribe("T");
    s1.subscribe("f3");
    expect(await subsUntil(x, "+f3")).toEqual(["-T", "+f3"]);
    s2.unsubscribe("T");
    s2.subscribe("f4");
    expect(await subsUntil(x, "+f4")).toEqual(["-T", "+f4"]);
  });

  it("reports a departed subscriber's subscriptions as cancelled (the last ones)", async () => {
    const { x, s1, s2 } = await twoSubscribers(null);
    s1.subscribe("shared", "mine1");
    expect(await subsUntil(x, "+mine1")).toEqual(["+shared", "+mine1"]);
    s2.subscribe("shared", "mine2");
    expect(await subsUntil(x, "+mine2")).toEqual(["+mine2"]);
    s1.linger = 0;
    await s1.closeAndWait();
    expect(await subsUntil(x, "-mine1")).toEqual(["-mine1"]);
  });

  it("filters like a PUB and passes other upstream messages (from an XSUB) to the application", async () => {
    const x = xpub();
    const xs = xsub();
    xs.connect(await bindLoopback(x));
    await xs.send(subMessage(true, "A"));
    expect(messageText(await x.receive())).toBe("\u0001A");
    await xs.send(["hello", "upstream"]);
    expect(messageText(await x.receive())).toBe("hello|upstream");
    await x.send("B1");
    await x.send("A1");
    expect(messageText(await xs.receive())).toBe("A1");
  });

  it("manual: subscriptions are only passed up; the application grants them per subscriber", async () => {
    const x = xpub({ manual: true });
    const endpoint = await bindLoopback(x);
    expect(() => {
      x.subscribe("nobody yet");
    }).not.toThrow();
    const s1 = sub();
    s1.subscribe("A");
    s1.connect(endpoint);
    expect(messageText(await x.receive())).toBe("\u0001A");
    // Not applied: a message on A does not reach s1 until granted. Grant a fence topic first, then A.
    x.subscribe("s1fence");
    s1.subscribe("s1fence");
    expect(messageText(await x.receive())).toBe("\u0001s1fence");
    await sync(x, s1, "s1fence");
    await x.send("A-not-granted");
    await x.send("s1fence-end");
    expect(await collectUntil(s1, "s1fence-end")).toEqual(["s1fence-end"]);

    x.subscribe("A"); // acts on s1: the subscriber of the last message received
    const s2 = sub();
    s2.subscribe("A", "s2fence");
    s2.connect(endpoint);
    const s2subs = [messageText(await x.receive()), messageText(await x.receive())].sort();
    expect(s2subs).toEqual(["\u0001A", "\u0001s2fence"]);
    x.subscribe("s2fence"); // s2 gets only its fence, not A
    await sync(x, s2, "s2fence");
    await x.send("A1");
    await x.send("s2fence-end");
    expect(await collectUntil(s2, "s2fence-end")).toEqual(["s2fence-end"]);
    expect(await collectUntil(s1, "A1")).toEqual(["A1"]);

    x.unsubscribe("s2fence");
    await x.send("s2fence-gone");
    // Every subscription message goes up in manual mode, and a departure cancels what it asked for.
    s2.linger = 0;
    await s2.closeAndWait();
    const gone = [messageText(await x.receive()), messageText(await x.receive())].sort();
    expect(gone).toEqual(["\u0000A", "\u0000s2fence"]);
  });

  it("subscribe() and unsubscribe() need manual mode (EINVAL)", () => {
    const x = xpub();
    expect(() => {
      x.subscribe("A");
    }).toThrow(expect.objectContaining({ code: "EINVAL" }) as Error);
    expect(() => {
      x.unsubscribe();
    }).toThrow(ZmqError);
  });

  it("sends its welcome message to each subscriber as it connects", async () => {
    const x = xpub({ welcomeMessage: "WELCOME" });
    const endpoint = await bindLoopback(x);
    for (let i = 0; i < 2; i++) {
      const s = sub();
      s.subscribe("WELCOME");
      s.connect(endpoint);
      expect(messageText(await s.receive())).toBe("WELCOME");
    }
    expect(messageText(await x.receive())).toBe("\u0001WELCOME");
  });

  it("noDrop: at a subscriber's high-water mark send() waits, or fails with EAGAIN when sendTimeout is 0", async () => {
    const hwm = 20;
    const x = xpub({ noDrop: true, sendHighWaterMark: hwm, sendTimeout: 0 });
    const pipes = capturePipes(x);
    const s = sub({ receiveHighWaterMark: hwm });
    s.subscribe("");
    s.connect(await bindLoopback(x));
    expect(messageText(await x.receive())).toBe("\u0001");
    const payload = Buffer.alloc(1024, 0x61);
    let failed: unknown;
    let sent = 0;
    let max = 0;
    for (let i = 0; i < 200_000 && failed === undefined; i++) {
      try {
        await x.send(payload);
        sent++;
      } catch (err) {
        failed = err;
      }
      if (i % 256 === 0) await new Promise(setImmediate);
      max = Math.max(max, pipes[0]!.writtenSize);
    }
    expect(max).toBeLessThanOrEqual(hwm);
    expect(failed).toMatchObject({ code: "EAGAIN" });
    expect(pipes[0]!.writtenSize).toBe(hwm);
    // With sendTimeout -1 the send waits; it completes once the subscriber reads.
    x.sendTimeout = -1;
    let done = false;
    const waiting = x.send("last").then(() => (done = true));
    await delay(20);
    expect(done).toBe(false);
    let received = 0;
    while (!done) {
      await s.receive();
      received++;
    }
    await waiting;
    expect(received).toBeGreaterThan(0);
    expect(sent).toBeGreaterThan(0);
  });
});

describe("XSUB", () => {
  it("counts subscriptions: forwards every subscribe, and a cancel only when it is the last", async () => {
    const x = xpub({ verbosity: "allSubsUnsubs" });
    const xs = xsub();
    xs.connect(await bindLoopback(x));
    await xs.send(subMessage(true, "A"));
    await xs.send(subMessage(true, "A"));
    await xs.send(subMessage(false, "A"));
    await xs.send(subMessage(false, "never"));
    await xs.send(subMessage(true, "f1"));
    expect(await subsUntil(x, "+f1")).toEqual(["+A", "+A", "+f1"]);
    await x.send("A1");
    expect(messageText(await xs.receive())).toBe("A1");
    await xs.send(subMessage(false, "A"));
    await xs.send(subMessage(true, "f2"));
    expect(await subsUntil(x, "+f2")).toEqual(["-A", "+f2"]);
  });

  it("receives everything the publisher sends it, unfiltered, fair-queued from several publishers", async () => {
    const p1 = pub();
    const p2 = pub();
    const xs = xsub();
    xs.connect(await bindLoopback(p1));
    xs.connect(await bindLoopback(p2));
    await xs.send(subMessage(true, ""));
    await sync(p1, xs, "p1");
    await sync(p2, xs, "p2");
    for (let i = 0; i < 5; i++) {
      await p1.send(`p1-${i}`);
      await p2.send(`p2-${i}`);
    }
    await p1.send("p1-end");
    await p2.send("p2-end");
    const got: string[] = [];
    while (!(got.includes("p1-end") && got.includes("p2-end"))) {
      const m = messageText(await xs.receive());
      if (!m.includes("sync")) got.push(m);
    }
    expect(got.filter((m) => m.startsWith("p1"))).toEqual(["p1-0", "p1-1", "p1-2", "p1-3", "p1-4", "p1-end"]);
    expect(got.filter((m) => m.startsWith("p2"))).toEqual(["p2-0", "p2-1", "p2-2", "p2-3", "p2-4", "p2-end"]);
  });

  it("replays its subscriptions to each new publisher", async () => {
    const xs = xsub();
    await xs.send(subMessage(true, "A"));
    await xs.send(subMessage(true, "B"));
    await xs.send(subMessage(false, "B"));
    const x1 = xpub();
    const x2 = xpub();
    xs.connect(await bindLoopback(x1));
    xs.connect(await bindLoopback(x2));
    expect(messageText(await x1.receive())).toBe("\u0001A");
    expect(messageText(await x2.receive())).toBe("\u0001A");
  });
});

describe("options", () => {
  it("conflate: the pipe's inbound queue keeps only the newest message", () => {
    const [socketEnd, engineEnd] = Pipe.forSocket(10, 1, true);
    let readable = 0;
    socketEnd.attach({
      pipeReadable: () => readable++,
      pipeWritable: () => undefined,
      pipeTerminated: () => undefined,
      pipeReconnected: () => undefined,
    });
    for (let i = 0; i < 5; i++) engineEnd.forceWrite([Buffer.from(`m${i}`)]);
    expect(readable).toBe(1);
    expect(socketEnd.readableSize).toBe(1);
    expect(engineEnd.writable).toBe(true);
    expect(messageText(socketEnd.readMessage()!)).toBe("m4");
    engineEnd.forceWrite([Buffer.from("m5")]);
    expect(readable).toBe(2);
    expect(messageText(socketEnd.readMessage()!)).toBe("m5");
    // Without the flag nothing changes.
    const [plain, plainEngine] = Pipe.forSocket(10, 2);
    for (let i = 0; i < 3; i++) plainEngine.forceWrite([Buffer.from(`m${i}`)]);
    expect(plain.readableSize).toBe(3);
    expect(plainEngine.writable).toBe(false);
  });

  it("conflate on a SUB: a reader that falls behind gets only the newest message", async () => {
    const p = pub();
    const s = sub({ conflate: true });
    const pipes = capturePipes(s);
    s.subscribe("");
    s.connect(await bindLoopback(p));
    await sync(p, s, "");
    for (let i = 0; i < 1000; i++) await p.send(`m${i}`);
    await waitUntil(() => (pipes[0]!.peek() as Buffer[] | undefined)?.[0]?.toString() === "m999", "m999 to arrive", WAIT);
    expect(pipes[0]!.readableSize).toBe(1);
    expect(messageText(await s.receive())).toBe("m999");
    s.receiveTimeout = 0;
    await expect(s.receive()).rejects.toMatchObject({ code: "EAGAIN" });
  });

  it("conflate on Pull and Dealer", async () => {
    const pairs: [() => Socket & Readable, () => Socket & Writable][] = [
      [() => new Pull({ conflate: true }), () => new Push()],
      [() => new Dealer({ conflate: true }), () => new Dealer()],
    ];
    for (const [makeReceiver, makeSender] of pairs) {
      const receiver = track(makeReceiver());
      const pipes = capturePipes(receiver);
      const push = track(makeSender());
      push.connect(await bindLoopback(receiver));
      await waitUntil(() => pipes.length === 1, "the connection", WAIT);
      for (let i = 0; i < 100; i++) await push.send(`m${i}`);
      await waitUntil(() => (pipes[0]!.peek() as Buffer[] | undefined)?.[0]?.toString() === "m99", "m99 to arrive", WAIT);
      expect(messageText(await receiver.receive())).toBe("m99");
    }
  });

  it("invertMatching: a PUB sends what does not match, and a SUB receives what does not match", async () => {
    const p = pub({ invertMatching: true });
    const s = sub({ invertMatching: true });
    s.subscribe("A");
    s.connect(await bindLoopback(p));
    // Until the subscription arrives the PUB sends everything; the SUB drops A locally anyway.
    await untilFirst(s, () => p.send("sync"));
    for (const m of ["A1", "B1", "AB", "C1"]) await p.send(m);
    await p.send("end");
    expect(await collectUntil(s, "end")).toEqual(["B1", "C1", "end"]);
  });

  it("invertMatching on the PUB side alone: an XSUB gets what its subscriptions do not match", async () => {
    const p = pub({ invertMatching: true });
    const xs = xsub();
    const xsEnd = await bindLoopback(xs);
    await xs.send(subMessage(true, "A"));
    p.connect(xsEnd);
    await untilFirst(xs, () => p.send("connected"));
    // Probe then fence: once no "A" message arrives before the fence, the subscription is in force.
    for (let i = 0; i < 250; i++) {
      await p.send("Aprobe");
      await p.send(`fence${i}`);
      const got = await collectUntil(xs, `fence${i}`, (m) => m === "connected");
      if (got.length === 1) break;
    }
    for (const m of ["A1", "B1", "A2", "C1"]) await p.send(m);
    await p.send("end");
    expect(await collectUntil(xs, "end", (m) => m === "connected")).toEqual(["B1", "C1", "end"]);
  });
});

describe("high-water marks", () => {
  it("a subscriber that never reads: the PUB never blocks and its queue stays within its mark", async () => {
    const hwm = 10;
    const p = pub({ sendHighWaterMark: hwm, sendTimeout: 0 });
    const pipes = capturePipes(p);
    const s = sub({ receiveHighWaterMark: hwm });
    s.subscribe("");
    s.connect(await bindLoopback(p));
    await sync(p, s, "");
    const payload = Buffer.alloc(512, 0x62);
    let max = 0;
    for (let i = 0; i < 200_000; i++) {
      await p.send(payload); // sendTimeout 0: a blocking PUB would fail here with EAGAIN
      const size = pipes[0]!.writtenSize;
      if (size > max) max = size;
      if (i % 512 === 0) await new Promise(setImmediate);
    }
    expect(max).toBeLessThanOrEqual(hwm);
    // The subscriber's connection pushed back, so messages were dropped at the mark, not queued.
    expect(max).toBe(hwm);
    expect(p.writable).toBe(true);
  });

  it("drops per subscriber: a slow one loses what passes its mark, the others still get everything", async () => {
    const endpoint = `inproc://pubsub-slow-${process.pid}`;
    const p = pub({ sendHighWaterMark: 5, sendTimeout: 0 });
    await p.bind(endpoint);
    // inproc: each subscriber's queue holds the PUB's mark plus its own, exactly.
    const slow = sub({ receiveHighWaterMark: 5 });
    const fast = sub({ receiveHighWaterMark: 2000 });
    slow.subscribe("data", "slow-sync");
    fast.subscribe("data", "fast-sync");
    slow.connect(endpoint);
    fast.connect(endpoint);
    await sync(p, slow, "slow-");
    await sync(p, fast, "fast-");
    for (const s of [slow, fast]) {
      s.receiveTimeout = 0;
      for (;;) {
        const extra = await s.receive().catch(() => undefined);
        if (extra === undefined) break;
        expect(messageText(extra)).toMatch(/sync$/);
      }
    }
    for (let i = 0; i < 1000; i++) await p.send(["data", String(i)]); // sendTimeout 0: never waits
    expect(p.writable).toBe(true);
    const atSlow: string[] = [];
    for (let i = 0; i < 10; i++) atSlow.push(messageText(await slow.receive()));
    expect(atSlow).toEqual(Array.from({ length: 10 }, (_, i) => `data|${i}`));
    await expect(slow.receive()).rejects.toMatchObject({ code: "EAGAIN" });
    for (let i = 0; i < 1000; i++) expect(messageText(await fast.receive())).toBe(`data|${i}`);
    await expect(fast.receive()).rejects.toMatchObject({ code: "EAGAIN" });
  });

  it("subscriptions are never lost at the high-water mark", async () => {
    const x = xpub({ verbosity: "allSubs" });
    const s = sub({ sendHighWaterMark: 1 });
    const topics = Array.from({ length: 100 }, (_, i) => `t${i}|`);
    s.subscribe(...topics.slice(0, 50));
    s.connect(await bindLoopback(x));
    expect(describeSub(await x.receive())).toMatch(/^\+t\d+\|$/);
    s.subscribe(...topics.slice(50)); // while connected, many at once past the mark of 1
    const seen = [];
    for (let i = 1; i < 100; i++) seen.push(describeSub(await x.receive()));
    expect(new Set(seen).size).toBe(99);
    s.subscribe("fence");
    expect(await subsUntil(x, "+fence")).toEqual(["+fence"]);
  });
});

describe("many subscribers", () => {
  it("20 subscribers × 50 topics: each receives exactly its topics", { timeout: 30_000 }, async () => {
    const p = pub();
    const endpoint = await bindLoopback(p);
    const topic = (t: number): string => `topic-${String(t).padStart(3, "0")}:`;
    const TOPICS = 500;
    const subs = Array.from({ length: 20 }, (_, i) => {
      const s = sub();
      const mine = Array.from({ length: 50 }, (_, j) => (i * 25 + j * 7) % TOPICS);
      s.subscribe(...mine.map(topic), `sync-${i}`, "end");
      s.connect(endpoint);
      return { s, mine: new Set(mine), i };
    });
    const synced = new Set<number>();
    const syncing = Promise.all(
      subs.map(async ({ s, i }) => {
        for (;;) {
          if (messageText(await s.receive()) === `sync-${i}`) break;
        }
        synced.add(i);
      }),
    );
    for (let attempt = 0; attempt < 250 && synced.size < subs.length; attempt++) {
      for (const { i } of subs) if (!synced.has(i)) await p.send(`sync-${i}`);
      await delay(20);
    }
    await syncing;
    for (let t = 0; t < TOPICS; t++) await p.send([topic(t), `body ${t}`]);
    await p.send("end");
    for (const { s, mine } of subs) {
      const got = await collectUntil(s, "end", (m) => m.startsWith("sync-"));
      const expected = [...Array(TOPICS).keys()].filter((t) => mine.has(t)).map((t) => `${topic(t)}|body ${t}`);
      expect(got).toEqual([...expected, "end"]);
    }
  });
});
