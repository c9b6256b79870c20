/**
 * v5-style PUB/SUB and XPUB/XSUB programs against libzmq, each side binding: subscribe()/unsubscribe()
 * filters, subscriptions reaching a libzmq publisher, and a v5 xsub→xpub forwarder between a libzmq pub and
 * sub. Synchronised on subscriptions seen by a libzmq XPUB, never on sleeps. Ported from zeromq.js's
 * test/unit/compat/socket-pub-sub-test.ts and socket-xpub-xsub-test.ts.
 */
import { describe, expect, it } from "vitest";
import * as zmq from "zeromq";
import * as v5 from "../../src/v5-compat/index.js";
import { within } from "../helpers/wait.js";
import { bindV5, nextMessages, texts, useV5Sockets, WAIT_MS } from "./v5-helpers.js";

const { v5socket, track } = useV5Sockets();

const subscription = (frame: Buffer): string => `${frame[0] === 1 ? "+" : "-"}${frame.subarray(1).toString()}`;

/** The next `n` subscription messages a libzmq XPUB receives, as "+topic" / "-topic". */
async function subscriptions(xpub: zmq.XPublisher, n: number): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < n; i++) seen.push(subscription((await within(xpub.receive(), `subscription ${i}`, WAIT_MS))[0]!));
  return seen;
}

const NEWS = ["js is cool", "ruby is meh", "py is pretty cool", "luna is cool too"];

describe("v5-compat pub-sub against libzmq", () => {
  it("v5 sub binds with filters, a libzmq publisher connects: only matching messages arrive", async () => {
    const sub = v5socket("sub");
    sub.subscribe("js");
    sub.subscribe(Buffer.from("luna"));
    const endpoint = await bindV5(sub, "tcp://127.0.0.1:0");
    const pub = track(new zmq.XPublisher({ linger: 0 }));
    pub.connect(endpoint);
    expect((await subscriptions(pub, 2)).sort()).toEqual(["+js", "+luna"]);
    const got = nextMessages(sub, 2);
    for (const news of NEWS) await pub.send(news);
    expect((await got).map(texts)).toEqual([["js is cool"], ["luna is cool too"]]);
  });

  it("a libzmq publisher binds, v5 sub connects; unsubscribe() reaches it; multipart messages keep their frames", async () => {
    const pub = track(new zmq.XPublisher({ linger: 0 }));
    await pub.bind("tcp://127.0.0.1:*");
    const sub = v5socket("sub");
    sub.connect(pub.lastEndpoint!);
    sub.subscribe("");
    expect(await subscriptions(pub, 1)).toEqual(["+"]);
    const got = nextMessages(sub, 3);
    await pub.send("foo");
    await pub.send(["bar", "baz"]);
    await pub.send(Buffer.from("qux"));
    expect((await got).map(texts)).toEqual([["foo"], ["bar", "baz"], ["qux"]]);
    sub.unsubscribe("");
    expect(await subscriptions(pub, 1)).toEqual(["-"]);
  });

  it("v5 pub binds, a libzmq sub connects: what the sub subscribed to arrives", async () => {
    const pub = v5socket("pub");
    const endpoint = await bindV5(pub, "tcp://127.0.0.1:0");
    const sub = track(new zmq.Subscriber({ linger: 0, receiveTimeout: WAIT_MS }));
    sub.subscribe("a");
    sub.connect(endpoint);
    // A publisher cannot know when a subscription has arrived: publish a probe until one gets through.
    const probe = setInterval(() => pub.send("a-probe"), 10);
    try {
      expect(texts(await sub.receive())).toEqual(["a-probe"]);
    } finally {
      clearInterval(probe);
    }
    pub.send("a1");
    pub.send("b1");
    pub.send(["a2", "more"]);
    const real: string[][] = [];
    while (real.length < 2) {
      const message = texts(await sub.receive());
      if (message[0] !== "a-probe") real.push(message);
    }
    expect(real).toEqual([["a1"], ["a2", "more"]]);
  });

  it("a v5 xsub→xpub forwarder between a libzmq pub and a libzmq sub: subscriptions up, messages down", async () => {
    const xsub = v5socket("xsub");
    const xpub = v5socket("xpub");
    xsub.on("message", (...frames: Buffer[]) => xpub.send(frames));
    xpub.on("message", (...frames: Buffer[]) => xsub.send(frames));
    const upstream = track(new zmq.XPublisher({ linger: 0 }));
    await upstream.bind("tcp://127.0.0.1:*");
    xsub.connect(upstream.lastEndpoint!);
    const endpoint = await bindV5(xpub, "tcp://127.0.0.1:0");
    const sub = track(new zmq.Subscriber({ linger: 0, receiveTimeout: WAIT_MS }));
    sub.subscribe("js");
    sub.subscribe("luna");
    sub.connect(endpoint);
    expect((await subscriptions(upstream, 2)).sort()).toEqual(["+js", "+luna"]);
    for (const news of NEWS) await upstream.send(news);
    expect(texts(await sub.receive())).toEqual(["js is cool"]);
    expect(texts(await sub.receive())).toEqual(["luna is cool too"]);
    sub.unsubscribe("luna");
    expect(await subscriptions(upstream, 1)).toEqual(["-luna"]);
  });

  it("subscribe() and unsubscribe() belong to sub sockets (EINVAL elsewhere), and a sub cannot send (ENOTSUP)", () => {
    const pub = v5socket("pub");
    expect(() => pub.subscribe("x")).toThrow(expect.objectContaining({ code: "EINVAL" }) as Error);
    const sub = v5socket("sub");
    expect(() => sub.send("x")).toThrow(expect.objectContaining({ code: "ENOTSUP" }) as Error);
    expect(sub.getsockopt(v5.ZMQ_TYPE)).toBe(v5.ZMQ_SUB);
  });
});
