/**
 * The batch path (zmtp's addition to zeromq.js's API): `trySend` / `tryReceive` queue or take a message only
 * when no wait is needed, `sendMany` / `receiveMany` move many messages per await. Order is kept with the
 * ordinary calls: a try-call never overtakes a waiting `send()` / `receive()`, and a `receiveMany()` takes
 * what arrives before any `receive()` queued after it. Over tcp, against libzmq, in both directions.
 */
import * as zmq from "zeromq";
import { describe, expect, it } from "vitest";
import { Dealer, Pull, Push, Reply, Request, Router } from "../../src/index.js";
import { errorCode, thrownBy } from "../helpers/errors.js";
import { socketTracker } from "../helpers/socket-tracker.js";
import { frameText, frameTexts } from "../helpers/text.js";
import { waitUntil } from "../helpers/wait.js";

const track = socketTracker();
let names = 0;

/** A PUSH→PULL pair over inproc with the given marks (inproc: the marks add up to one queue). */
async function inprocPair(sendHighWaterMark = 1000, receiveHighWaterMark = 1000): Promise<[Push, Pull]> {
  const push = track(new Push({ sendHighWaterMark }));
  const pull = track(new Pull({ receiveHighWaterMark }));
  const endpoint = `inproc://batch-${++names}`;
  await pull.bind(endpoint);
  push.connect(endpoint);
  return [push, pull];
}

/** The code of the ZmqError `fn` throws. */
const codeThrownBy = (fn: () => unknown): string | undefined => errorCode(thrownBy(fn));

const texts = (messages: Buffer[][]): string[] => messages.map((m) => frameTexts(m).join("|"));

describe("trySend", () => {
  it("queues while the marks leave room, then answers false and queues nothing", async () => {
    const [push, pull] = await inprocPair(2, 2);
    const accepted: boolean[] = [];
    for (let i = 0; i < 6; i++) accepted.push(push.trySend(`m${i}`));
    expect(accepted).toEqual([true, true, true, true, false, false]);
    expect(push.writable).toBe(false);
    expect(texts(await pull.receiveMany())).toEqual(["m0", "m1", "m2", "m3"]);
    await waitUntil(() => push.writable, "the PUSH to be writable again", 10_000);
    expect(push.trySend("m4")).toBe(true);
    expect(frameText((await pull.receive())[0]!)).toBe("m4");
  });

  it("never overtakes a send() that waits at the mark", async () => {
    const [push, pull] = await inprocPair(1, 1);
    expect(push.trySend("a")).toBe(true);
    expect(push.trySend("b")).toBe(true);
    const waiting = push.send("c");
    expect(push.trySend("d")).toBe(false);
    expect(texts(await pull.receiveMany())).toEqual(["a", "b"]);
    await waiting;
    expect(frameText((await pull.receive())[0]!)).toBe("c");
  });

  it("throws what send() rejects with", async () => {
    const req = track(new Request());
    await req.bind(`inproc://batch-${++names}`);
    expect(codeThrownBy(() => req.trySend([]))).toBe("EINVAL");
    const router = track(new Router({ mandatory: true }));
    expect(codeThrownBy(() => router.trySend(["nobody", "x"]))).toBe("EHOSTUNREACH");
    req.close();
    expect(codeThrownBy(() => req.trySend("x"))).toBe("EBADF");
  });

  it("keeps REQ's state machine: a second request before the reply is EFSM", async () => {
    const rep = track(new Reply());
    const req = track(new Request());
    const endpoint = `inproc://batch-${++names}`;
    await rep.bind(endpoint);
    req.connect(endpoint);
    expect(req.trySend("q")).toBe(true);
    expect(codeThrownBy(() => req.trySend("q2"))).toBe("EFSM");
    expect(frameText((await rep.receive())[0]!)).toBe("q");
  });
});

describe("tryReceive", () => {
  it("takes what has arrived, in order, and answers undefined when nothing has", async () => {
    const [push, pull] = await inprocPair();
    expect(pull.tryReceive()).toBeUndefined();
    await push.sendMany(["a", ["b", "c"]]);
    expect(frameTexts(pull.tryReceive()!)).toEqual(["a"]);
    expect(frameTexts(pull.tryReceive()!)).toEqual(["b", "c"]);
    expect(pull.tryReceive()).toBeUndefined();
  });

  it("never overtakes a receive() that waits", async () => {
    const [push, pull] = await inprocPair();
    const waiting = pull.receive();
    expect(pull.tryReceive()).toBeUndefined();
    await push.send("x");
    expect(frameText((await waiting)[0]!)).toBe("x");
  });

  it("leaves REQ able to receive its reply later when nothing has arrived yet", async () => {
    const rep = track(new Reply());
    const req = track(new Request());
    const endpoint = `inproc://batch-${++names}`;
    await rep.bind(endpoint);
    req.connect(endpoint);
    expect(codeThrownBy(() => req.tryReceive())).toBe("EFSM");
    await req.send("q");
    expect(req.tryReceive()).toBeUndefined();
    await rep.send((await rep.receive())[0]!);
    expect(frameTexts(await req.receive())).toEqual(["q"]);
  });
});

describe("sendMany", () => {
  it("queues more than the marks hold, in order, resolving once the last is queued", async () => {
    const [push, pull] = await inprocPair(3, 3);
    const messages = Array.from({ length: 50 }, (_, i) => `m${i}`);
    const sent = push.sendMany(messages);
    const got: string[] = [];
    while (got.length < 50) got.push(...texts(await pull.receiveMany(7)));
    await sent;
    expect(got).toEqual(messages);
  });

  it("rejects at the first message that fails, keeping the ones before it", async () => {
    const [push, pull] = await inprocPair();
    await expect(push.sendMany(["a", [], "c"])).rejects.toMatchObject({ code: "EINVAL" });
    expect(texts(await pull.receiveMany())).toEqual(["a"]);
  });
});

describe("receiveMany", () => {
  it("resolves to what has arrived, at most max", async () => {
    const [push, pull] = await inprocPair();
    await push.sendMany(["a", "b", "c", "d", "e"]);
    expect(texts(await pull.receiveMany(2))).toEqual(["a", "b"]);
    expect(texts(await pull.receiveMany())).toEqual(["c", "d", "e"]);
  });

  it("waits for the first message, then takes all that came with it before a later receive()", async () => {
    const [push, pull] = await inprocPair();
    const batch = pull.receiveMany();
    const later = pull.receive();
    await push.sendMany(["a", "b", "c"]);
    expect(texts(await batch)).toEqual(["a", "b", "c"]);
    await push.send("d");
    expect(frameText((await later)[0]!)).toBe("d");
  });

  it("takes one message at a time on REP (receives alternate with sends)", async () => {
    const router = track(new Dealer());
    const rep = track(new Reply());
    const endpoint = `inproc://batch-${++names}`;
    await rep.bind(endpoint);
    router.connect(endpoint);
    await router.sendMany([["", "q1"], ["", "q2"]]);
    await waitUntil(() => rep.readable, "the REP to have a request", 10_000);
    expect(texts(await rep.receiveMany())).toEqual(["q1"]);
  });

  it("checks max, and times out as receive() does", async () => {
    const [, pull] = await inprocPair();
    await expect(pull.receiveMany(0)).rejects.toMatchObject({ code: "EINVAL" });
    pull.receiveTimeout = 0;
    await expect(pull.receiveMany()).rejects.toMatchObject({ code: "EAGAIN" });
    pull.receiveTimeout = 20;
    await expect(pull.receiveMany()).rejects.toMatchObject({ code: "EAGAIN" });
  });
});

describe("the batch path against libzmq over tcp", () => {
  const count = 20_000;
  const body = (i: number): string => `message ${i}`;

  it("zmtp sendMany → libzmq PULL (zmtp binds)", async () => {
    const push = track(new Push());
    const pull = new zmq.Pull({ linger: 0 });
    try {
      await push.bind("tcp://127.0.0.1:*");
      pull.connect(push.lastEndpoint!);
      const messages = Array.from({ length: count }, (_, i) => body(i));
      const sent = push.sendMany(messages);
      for (let i = 0; i < count; i++) expect(frameText((await pull.receive())[0]!)).toBe(body(i));
      await sent;
    } finally {
      pull.close();
    }
  });

  it("libzmq PUSH → zmtp receiveMany (libzmq binds)", async () => {
    const push = new zmq.Push({ linger: 0 });
    const pull = track(new Pull());
    try {
      await push.bind("tcp://127.0.0.1:*");
      pull.connect(push.lastEndpoint!);
      const sending = (async () => {
        for (let i = 0; i < count; i++) await push.send(body(i));
      })();
      let next = 0;
      let batches = 0;
      while (next < count) {
        for (const message of await pull.receiveMany(4096)) expect(frameText(message[0]!)).toBe(body(next++));
        batches++;
      }
      await sending;
      expect(next).toBe(count);
      expect(batches).toBeLessThan(count);
    } finally {
      push.close();
    }
  });
});
