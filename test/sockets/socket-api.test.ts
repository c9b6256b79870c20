import { describe, expect, it } from "vitest";
import { Dealer, Pair, Pull, Push, Reply, Request, Router, ZmqError, type Socket } from "../../src/index.js";
import { socketTracker } from "../helpers/socket-tracker.js";
import { frameTexts } from "../helpers/text.js";
import { delay } from "../helpers/wait.js";

const track = socketTracker();

async function pushPull(pushOptions = {}, pullOptions = {}): Promise<{ push: Push; pull: Pull }> {
  const pull = track(new Pull(pullOptions));
  const push = track(new Push(pushOptions));
  await pull.bind("tcp://127.0.0.1:0");
  push.connect(pull.lastEndpoint!);
  return { push, pull };
}

describe("socket type numbers", () => {
  it("match libzmq's", () => {
    const types: [Socket, number][] = [
      [track(new Pair()), 0],
      [track(new Request()), 3],
      [track(new Reply()), 4],
      [track(new Dealer()), 5],
      [track(new Router()), 6],
      [track(new Pull()), 7],
      [track(new Push()), 8],
    ];
    for (const [socket, number] of types) expect(socket.type).toBe(number);
  });
});

describe("options", () => {
  it("have libzmq's defaults", () => {
    const s = track(new Dealer());
    expect(s.sendHighWaterMark).toBe(1000);
    expect(s.receiveHighWaterMark).toBe(1000);
    expect(s.sendTimeout).toBe(-1);
    expect(s.receiveTimeout).toBe(-1);
    expect(s.linger).toBe(-1);
    expect(s.routingId).toBeNull();
    expect(s.reconnectInterval).toBe(100);
    expect(s.reconnectMaxInterval).toBe(0);
    expect(s.immediate).toBe(false);
  });

  it("can be set in the constructor", () => {
    const s = track(
      new Dealer({
        sendHighWaterMark: 5,
        receiveHighWaterMark: 6,
        sendTimeout: 7,
        receiveTimeout: 8,
        linger: 9,
        routingId: "me",
        reconnectInterval: 10,
        reconnectMaxInterval: 11,
        immediate: true,
      }),
    );
    expect(s.sendHighWaterMark).toBe(5);
    expect(s.receiveHighWaterMark).toBe(6);
    expect(s.sendTimeout).toBe(7);
    expect(s.receiveTimeout).toBe(8);
    expect(s.linger).toBe(9);
    expect(s.routingId).toBe("me");
    expect(s.reconnectInterval).toBe(10);
    expect(s.reconnectMaxInterval).toBe(11);
    expect(s.immediate).toBe(true);
  });

  it("can be set as properties, and take effect", async () => {
    const pull = track(new Pull());
    pull.receiveTimeout = 0;
    expect(pull.receiveTimeout).toBe(0);
    await expect(pull.receive()).rejects.toMatchObject({ code: "EAGAIN" });
    const push = track(new Push());
    push.sendTimeout = 0;
    push.sendHighWaterMark = 3;
    expect(push.sendHighWaterMark).toBe(3);
    await expect(push.send("x")).rejects.toMatchObject({ code: "EAGAIN" });
    const req = track(new Request());
    req.relaxed = true;
    req.correlate = true;
    expect(req.relaxed && req.correlate).toBe(true);
  });

  it("socket-type options are accepted by their constructors", () => {
    const router = track(new Router({ mandatory: true, handover: true, linger: 0 }));
    expect(router.mandatory).toBe(true);
    expect(router.handover).toBe(true);
    expect(router.linger).toBe(0);
    const req = track(new Request({ relaxed: true, correlate: true }));
    expect(req.relaxed).toBe(true);
    expect(req.correlate).toBe(true);
  });
});

describe("send() and receive()", () => {
  it("accept strings, buffers, typed arrays, numbers and null as frames", async () => {
    const { push, pull } = await pushPull();
    await push.send(["s", Buffer.from("b"), new Uint8Array([0x75]), 42, null, new Uint16Array([0x6968]).buffer]);
    const msg = await pull.receive();
    expect(msg.every((f) => Buffer.isBuffer(f))).toBe(true);
    expect(frameTexts(msg)).toEqual(["s", "b", "u", "42", "", "hi"]);
    await push.send("single");
    expect(frameTexts(await pull.receive())).toEqual(["single"]);
  });

  it("deliver multipart messages whole, in order, whatever their shape", async () => {
    const { push, pull } = await pushPull();
    const big = Buffer.alloc(300_000, 0x61);
    const shapes: (string | Buffer)[][] = [
      ["a", "b", "c"],
      [""],
      ["", "", ""],
      ["head", big, "tail"],
      Array.from({ length: 100 }, (_, i) => String(i)),
      ["last"],
    ];
    for (const shape of shapes) await push.send(shape);
    for (const shape of shapes) {
      const msg = await pull.receive();
      expect(msg.length).toBe(shape.length);
      expect(msg.map((f) => f.toString())).toEqual(shape.map((f) => f.toString()));
    }
  });

  it("keep multipart messages atomic when several senders interleave", async () => {
    const pull = track(new Pull());
    await pull.bind("tcp://127.0.0.1:0");
    const pushes = [track(new Push()), track(new Push()), track(new Push())];
    for (const p of pushes) p.connect(pull.lastEndpoint!);
    const perSender = 50;
    await Promise.all(
      pushes.map(async (p, s) => {
        for (let i = 0; i < perSender; i++) await p.send([`s${s}`, `m${i}`, Buffer.alloc(i * 100), "end"]);
      }),
    );
    const next = [0, 0, 0];
    for (let n = 0; n < perSender * pushes.length; n++) {
      const [sender, seq, filler, end, ...rest] = await pull.receive();
      const s = Number(sender!.toString().slice(1));
      expect(seq!.toString()).toBe(`m${next[s]}`);
      expect(filler!.length).toBe(next[s]! * 100);
      expect(end!.toString()).toBe("end");
      expect(rest).toEqual([]);
      next[s]!++;
    }
    expect(next).toEqual([perSender, perSender, perSender]);
  });

  it("serve many pending receive() calls in call order", async () => {
    const { push, pull } = await pushPull();
    const receives = Array.from({ length: 50 }, () => pull.receive());
    const order: number[] = [];
    for (const [i, r] of receives.entries()) void r.then(() => order.push(i));
    for (let i = 0; i < 50; i++) await push.send(String(i));
    const got = await Promise.all(receives);
    expect(got.map((m) => Number(m[0]!.toString()))).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(order).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it("serve many pending send() calls in call order", async () => {
    const push = track(new Push({ sendHighWaterMark: 5 }));
    // No peer yet: every send waits.
    const sends = Array.from({ length: 40 }, (_, i) => push.send(String(i)));
    const order: number[] = [];
    for (const [i, s] of sends.entries()) void s.then(() => order.push(i));
    await delay(20);
    expect(order).toEqual([]);
    const pull = track(new Pull());
    await pull.bind("tcp://127.0.0.1:0");
    push.connect(pull.lastEndpoint!);
    const received: number[] = [];
    for (let i = 0; i < 40; i++) received.push(Number((await pull.receive())[0]!.toString()));
    await Promise.all(sends);
    expect(received).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(order).toEqual(Array.from({ length: 40 }, (_, i) => i));
  });

  it("receiveTimeout rejects with EAGAIN and loses nothing", async () => {
    const { push, pull } = await pushPull({}, { receiveTimeout: 50 });
    const started = Date.now();
    const err: unknown = await pull.receive().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZmqError);
    expect(err).toMatchObject({ code: "EAGAIN" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(40);
    await push.send("after");
    pull.receiveTimeout = -1;
    expect(frameTexts(await pull.receive())).toEqual(["after"]);
  });

  it("receiveTimeout 0 rejects at once when nothing is queued", async () => {
    const pull = track(new Pull({ receiveTimeout: 0 }));
    await expect(pull.receive()).rejects.toMatchObject({ code: "EAGAIN" });
  });

  it("a timed-out receive does not disturb the ones queued after it", async () => {
    const { push, pull } = await pushPull();
    pull.receiveTimeout = 30;
    const first = pull.receive();
    pull.receiveTimeout = -1;
    const second = pull.receive();
    await expect(first).rejects.toMatchObject({ code: "EAGAIN" });
    await push.send("for-second");
    expect(frameTexts(await second)).toEqual(["for-second"]);
  });

  it("readable says whether receive() would resolve at once, also after the queue drains", async () => {
    const pull = track(new Pull({ receiveTimeout: 0 }));
    const push = track(new Push({ sendTimeout: 0, sendHighWaterMark: 1 }));
    const endpoint = `inproc://readable-${process.pid}`;
    await pull.bind(endpoint);
    expect(pull.readable).toBe(false);
    push.connect(endpoint);
    await push.send("one");
    expect(pull.readable).toBe(true);
    expect(frameTexts(await pull.receive())).toEqual(["one"]);
    expect(pull.readable).toBe(false);
    await expect(pull.receive()).rejects.toMatchObject({ code: "EAGAIN" });
    await push.send("two");
    expect(pull.readable).toBe(true);
  });

  it("yields messages through for await", async () => {
    const { push, pull } = await pushPull();
    for (let i = 0; i < 3; i++) await push.send(["n", String(i)]);
    const got: string[][] = [];
    for await (const msg of pull) {
      got.push(frameTexts(msg));
      if (got.length === 3) break;
    }
    expect(got).toEqual([
      ["n", "0"],
      ["n", "1"],
      ["n", "2"],
    ]);
  });
});

describe("send/receive on the wrong socket type", () => {
  it("a PULL has no send() and a PUSH no receive(): calling them from JavaScript is a TypeError", () => {
    const pull = track(new Pull()) as unknown as { send: (m: string) => unknown };
    const push = track(new Push()) as unknown as { receive: () => unknown };
    expect(() => pull.send("x")).toThrow(TypeError);
    expect(() => push.receive()).toThrow(TypeError);
  });
});

describe("close()", () => {
  it("marks the socket closed; close is idempotent", async () => {
    const s = track(new Dealer());
    expect(s.closed).toBe(false);
    s.close();
    expect(s.closed).toBe(true);
    await s.closeAndWait();
    expect(s.closed).toBe(true);
  });

  it("afterwards send and receive reject with EBADF", async () => {
    const s = track(new Dealer());
    s.close();
    const sendErr: unknown = await s.send("x").catch((e: unknown) => e);
    expect(sendErr).toBeInstanceOf(ZmqError);
    expect(sendErr).toMatchObject({ code: "EBADF" });
    await expect(s.receive()).rejects.toMatchObject({ code: "EBADF" });
  });

  it("afterwards bind, unbind, connect and disconnect fail with EBADF", async () => {
    const s = track(new Dealer());
    s.close();
    await expect(s.bind("tcp://127.0.0.1:0")).rejects.toMatchObject({ code: "EBADF" });
    await expect(s.unbind("tcp://127.0.0.1:1")).rejects.toMatchObject({ code: "EBADF" });
    expect(() => {
      s.connect("tcp://127.0.0.1:1");
    }).toThrow(expect.objectContaining({ code: "EBADF" }) as Error);
    expect(() => {
      s.disconnect("tcp://127.0.0.1:1");
    }).toThrow(expect.objectContaining({ code: "EBADF" }) as Error);
  });

  it("rejects pending receives with EAGAIN", async () => {
    const pull = track(new Pull());
    const pending = [pull.receive(), pull.receive(), pull.receive()];
    pull.close();
    for (const p of pending) await expect(p).rejects.toMatchObject({ code: "EAGAIN" });
  });

  it("rejects pending sends with EAGAIN", async () => {
    const push = track(new Push());
    const pending = [push.send("a"), push.send("b")];
    push.linger = 0;
    push.close();
    for (const p of pending) await expect(p).rejects.toMatchObject({ code: "EAGAIN" });
  });

  it("ends a for await loop cleanly", async () => {
    const { push, pull } = await pushPull();
    const got: string[] = [];
    const loop = (async () => {
      for await (const msg of pull) got.push(msg[0]!.toString());
      return "done";
    })();
    for (let i = 0; i < 3; i++) await push.send(String(i));
    for (let i = 0; i < 200 && got.length < 3; i++) await delay(5);
    expect(got).toEqual(["0", "1", "2"]);
    pull.close();
    await expect(loop).resolves.toBe("done");
  });

  it("a for await loop over a closed socket ends at once", async () => {
    const pull = track(new Pull());
    pull.close();
    let iterations = 0;
    for await (const _msg of pull) iterations++;
    expect(iterations).toBe(0);
  });

  it("with linger, close() delivers what is queued before the connection ends", async () => {
    const { push, pull } = await pushPull();
    await push.send("warm");
    expect(frameTexts(await pull.receive())).toEqual(["warm"]);
    for (let i = 0; i < 100; i++) await push.send(String(i));
    push.linger = 1000;
    await push.closeAndWait();
    for (let i = 0; i < 100; i++) expect(frameTexts(await pull.receive())).toEqual([String(i)]);
  });
});

describe("send() of something that is not a frame", () => {
  it.each([
    ["undefined", undefined],
    ["a symbol", Symbol("s")],
    ["a plain object", {}],
    ["an array holding undefined", [undefined]],
  ])("rejects %s with a TypeError that says what a frame may be", async (_label, value) => {
    const push = track(new Push());
    await expect(push.send(value as never)).rejects.toThrow(
      expect.objectContaining({ name: "TypeError", message: expect.stringMatching(/must be a string, Buffer/) as string }),
    );
  });
});
