/**
 * What a running Proxy forwards, zmtp sockets on every side: the guide's three proxies (ROUTER ↔ DEALER
 * request broker, XSUB ↔ XPUB forwarder with subscriptions going upstream, PULL ↔ PUSH streamer), multipart
 * messages kept whole, back-pressure (the proxy goes at the slower side's pace and buffers nothing of its
 * own), libzmq's statistics (messages and bytes in and out per side) and the capture socket.
 */
import { describe, expect, it } from "vitest";
import { Dealer, Proxy, Publisher, Pull, Push, Reply, Request, Router, Subscriber, XPublisher, XSubscriber } from "../../src/index.js";
import { bindLoopback } from "../helpers/loopback.js";
import { socketTracker } from "../helpers/socket-tracker.js";
import { frameTexts, messageText } from "../helpers/text.js";
import { delay, settle, waitUntil, within } from "../helpers/wait.js";
import { useIpcDir, WAIT_MS } from "../interop/helpers.js";
import { bindEndpoint, useProxies } from "./proxy-helpers.js";

const track = socketTracker();
const start = useProxies();
const ipcPath = useIpcDir();

describe("ROUTER ↔ DEALER (the guide's msgqueue broker)", () => {
  it("three REQ clients, two REP workers over tcp: every request answered, to the client that asked", async () => {
    const proxy = new Proxy(track(new Router()), track(new Dealer()));
    const front = await bindLoopback(proxy.frontEnd);
    const back = await bindLoopback(proxy.backEnd);
    const running = start(proxy);

    const reps = [track(new Reply()), track(new Reply())];
    const workers = reps.map((rep, w) => {
      rep.connect(back);
      return (async () => {
        for await (const [request] of rep) await rep.send([`${request!.toString()} by worker`, String(w)]);
      })();
    });
    const perClient = 50;
    const answered = await Promise.all(
      [0, 1, 2].map(async (c) => {
        const req = track(new Request({ receiveTimeout: WAIT_MS }));
        req.connect(front);
        const replies: string[] = [];
        for (let i = 0; i < perClient; i++) {
          await req.send(`c${c} r${i}`);
          replies.push(frameTexts(await req.receive())[0]!);
        }
        return replies;
      }),
    );
    for (let c = 0; c < 3; c++) {
      expect(answered[c]).toEqual(Array.from({ length: perClient }, (_, i) => `c${c} r${i} by worker`));
    }
    expect(await running.stop()).toBeUndefined();
    for (const rep of reps) rep.close();
    await within(Promise.all(workers), "the workers' loops to end as their sockets close");
  });
});

describe("XSUB ↔ XPUB (the guide's forwarder)", () => {
  it("a downstream subscription reaches the upstream publisher, its cancel too; messages flow filtered", async () => {
    // Upstream is an XPublisher so that the test sees the subscription messages that reach it.
    const upstream = track(new XPublisher());
    const proxy = new Proxy(track(new XSubscriber()), track(new XPublisher()));
    proxy.frontEnd.connect(await bindLoopback(upstream));
    const feed = await bindLoopback(proxy.backEnd);
    const running = start(proxy);

    const subscriber = track(new Subscriber());
    subscriber.connect(feed);
    subscriber.subscribe("A");
    expect(messageText(await within(upstream.receive(), "the subscription upstream"))).toBe("\u0001A");

    await upstream.send("B skipped");
    await upstream.send("A one");
    expect(frameTexts(await subscriber.receive())).toEqual(["A one"]);

    subscriber.unsubscribe("A");
    expect(messageText(await within(upstream.receive(), "the cancel upstream"))).toBe("\u0000A");
    await waitUntil(() => proxy.statistics.frontEnd.messagesOut === 2, "both subscription messages counted out");
    expect(proxy.statistics.backEnd.messagesIn).toBe(2);
    expect(proxy.statistics.frontEnd.messagesIn).toBe(1); // "B skipped" was filtered upstream
    expect(await running.stop()).toBeUndefined();
  });

  it("two subscribers through the proxy, a Publisher upstream: each gets its topics only", async () => {
    const upstream = track(new Publisher());
    const proxy = new Proxy(track(new XSubscriber()), track(new XPublisher()));
    proxy.frontEnd.connect(await bindLoopback(upstream));
    const feed = await bindLoopback(proxy.backEnd);
    start(proxy);
    const [a, b] = [track(new Subscriber()), track(new Subscriber())];
    for (const s of [a, b]) s.connect(feed);
    a.subscribe("A");
    b.subscribe("B");
    // The publisher drops what it sends before a subscription reached it: publish until both have one.
    for (let i = 0; i < 400 && !(a.readable && b.readable); i++) {
      await upstream.send(["A", "probe"]);
      await upstream.send(["B", "probe"]);
      await delay(5);
    }
    await upstream.send(["A", "last"]);
    await upstream.send(["B", "last"]);
    for (const [s, topic] of [[a, "A"], [b, "B"]] as const) {
      let message: string[];
      do {
        message = frameTexts(await within(s.receive(), `topic ${topic}`));
        expect(message[0]).toBe(topic);
      } while (message[1] !== "last");
    }
  });
});

describe("PULL ↔ PUSH (the guide's streamer)", () => {
  it("10,000 messages, multipart ones whole, in order, over ipc", { timeout: 30_000 }, async () => {
    const proxy = new Proxy(track(new Pull()), track(new Push()));
    await proxy.frontEnd.bind(bindEndpoint("ipc", ipcPath));
    await proxy.backEnd.bind(bindEndpoint("ipc", ipcPath));
    const producer = track(new Push());
    const consumer = track(new Pull({ receiveTimeout: WAIT_MS }));
    producer.connect(proxy.frontEnd.lastEndpoint!);
    consumer.connect(proxy.backEnd.lastEndpoint!);
    start(proxy);
    const n = 10_000;
    const sending = (async () => {
      for (let i = 0; i < n; i++) await producer.send(i % 3 === 0 ? [`m${i}`, "", "tail"] : `m${i}`);
    })();
    for (let i = 0; i < n; i++) {
      const got = frameTexts(await consumer.receive());
      const want = i % 3 === 0 ? [`m${i}`, "", "tail"] : [`m${i}`];
      if (got.join("|") !== want.join("|")) expect(got).toEqual(want);
    }
    await sending;
  });

  it("back-pressure: with nobody reading downstream, the proxy takes a bounded number and the producer waits", async () => {
    const hwm = 10;
    const proxy = new Proxy(track(new Pull({ receiveHighWaterMark: hwm })), track(new Push({ sendHighWaterMark: hwm })));
    await proxy.frontEnd.bind(bindEndpoint("inproc", ipcPath));
    await proxy.backEnd.bind(bindEndpoint("inproc", ipcPath));
    const producer = track(new Push({ sendHighWaterMark: hwm }));
    const consumer = track(new Pull({ receiveHighWaterMark: hwm, receiveTimeout: WAIT_MS }));
    producer.connect(proxy.frontEnd.lastEndpoint!);
    consumer.connect(proxy.backEnd.lastEndpoint!);
    start(proxy);
    const n = 1000;
    let sent = 0;
    const sending = (async () => {
      for (let i = 0; i < n; i++) {
        await producer.send(`m${i}`);
        sent++;
      }
    })();
    await waitUntil(() => !producer.writable, "the producer to wait at its high-water mark");
    await settle(50);
    // Every queue is bounded by its marks (two pipes of `hwm` each way), and the proxy holds at most one.
    const bound = 6 * hwm + 1;
    expect(proxy.statistics.frontEnd.messagesIn).toBeLessThanOrEqual(bound);
    expect(sent).toBeLessThan(bound);
    expect(sent).toBeLessThan(n);
    for (let i = 0; i < n; i++) expect(frameTexts(await consumer.receive())).toEqual([`m${i}`]);
    await sending;
  });
});

describe("statistics (libzmq's STATISTICS: messages and bytes, in and out, per side)", () => {
  it("count a multipart message once and its bytes as the sum of its frames, both ways", async () => {
    const proxy = new Proxy(track(new Router()), track(new Dealer()));
    await proxy.frontEnd.bind(bindEndpoint("inproc", ipcPath));
    await proxy.backEnd.bind(bindEndpoint("inproc", ipcPath));
    expect(proxy.statistics).toEqual({
      frontEnd: { messagesIn: 0, framesIn: 0, bytesIn: 0, messagesOut: 0, framesOut: 0, bytesOut: 0 },
      backEnd: { messagesIn: 0, framesIn: 0, bytesIn: 0, messagesOut: 0, framesOut: 0, bytesOut: 0 },
    });
    const client = track(new Dealer({ routingId: "client", receiveTimeout: WAIT_MS })); // 6 bytes of routing id on the Router
    const worker = track(new Dealer({ receiveTimeout: WAIT_MS }));
    client.connect(proxy.frontEnd.lastEndpoint!);
    worker.connect(proxy.backEnd.lastEndpoint!);
    const running = start(proxy);

    // Two requests: [client, "abc"] = 9 bytes; [client, "", "hello", "x"] = 12 bytes.
    await client.send("abc");
    await client.send(["", "hello", "x"]);
    const first = await worker.receive();
    const second = await worker.receive();
    expect(frameTexts(second)).toEqual(["client", "", "hello", "x"]);
    // One reply of 6 + 10 bytes.
    await worker.send([first[0]!, "0123456789"]);
    expect(frameTexts(await client.receive())).toEqual(["0123456789"]);
    await waitUntil(() => proxy.statistics.frontEnd.messagesOut === 1, "the reply counted out");

    expect(proxy.statistics).toEqual({
      // Frames: 2 + 4 requests in at the front, out at the back; the reply's 2 back in, 2 out at the front.
      frontEnd: { messagesIn: 2, framesIn: 6, bytesIn: 21, messagesOut: 1, framesOut: 2, bytesOut: 16 },
      backEnd: { messagesIn: 1, framesIn: 2, bytesIn: 16, messagesOut: 2, framesOut: 6, bytesOut: 21 },
    });
    await running.stop();
    // Still there once the proxy has ended, and a snapshot: changing it changes nothing.
    const after = proxy.statistics;
    expect(after.frontEnd.messagesIn).toBe(2);
    (after.frontEnd as { messagesIn: number }).messagesIn = 99;
    expect(proxy.statistics.frontEnd.messagesIn).toBe(2);
  });
});

describe("capture socket (libzmq's zmq_proxy third argument)", () => {
  it("gets every message forwarded, both directions, whole and in order; its counts are not in the statistics", async () => {
    const capture = track(new Push());
    const tap = track(new Pull());
    await capture.bind(bindEndpoint("inproc", ipcPath));
    tap.connect(capture.lastEndpoint!);
    const proxy = new Proxy(track(new Router()), track(new Dealer()), { capture });
    await proxy.frontEnd.bind(bindEndpoint("tcp", ipcPath));
    await proxy.backEnd.bind(bindEndpoint("tcp", ipcPath));
    const req = track(new Request({ routingId: "req", receiveTimeout: WAIT_MS }));
    const rep = track(new Reply({ receiveTimeout: WAIT_MS }));
    req.connect(proxy.frontEnd.lastEndpoint!);
    rep.connect(proxy.backEnd.lastEndpoint!);
    const running = start(proxy);

    for (const text of ["one", "two"]) {
      await req.send([text, "more"]);
      const request = await rep.receive();
      await rep.send([...request, "answered"]);
      expect(frameTexts(await req.receive())).toEqual([text, "more", "answered"]);
    }
    const captured: string[] = [];
    for (let i = 0; i < 4; i++) captured.push(messageText(await within(tap.receive(), "a captured message")));
    expect(captured).toEqual(["req||one|more", "req||one|more|answered", "req||two|more", "req||two|more|answered"]);
    expect(tap.readable).toBe(false);
    expect(proxy.statistics.frontEnd.messagesIn).toBe(2);
    expect(await running.stop()).toBeUndefined();
    expect(capture.closed).toBe(false);
  });
});
