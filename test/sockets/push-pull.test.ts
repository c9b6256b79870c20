import { describe, expect, it } from "vitest";
import { Pull, Push } from "../../src/index.js";
import { socketTracker } from "../helpers/socket-tracker.js";
import { delay, waitUntil } from "../helpers/wait.js";
import { bindLoopback } from "../helpers/loopback.js";
import { frameText, frameTexts } from "../helpers/text.js";
import { capturePipes } from "../helpers/capture-pipes.js";

const track = socketTracker();

/** Resolves true if `promise` settles within `ms`. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await delay(ms);
  return settled;
}

/** Sends "warm" until every pull has a message waiting: then all connections are up. */
async function warmUp(push: Push, pulls: Pull[]): Promise<void> {
  for (let i = 0; i < 400 && !pulls.every((p) => p.readable); i++) {
    await push.send("warm");
    await delay(5);
  }
  expect(pulls.every((p) => p.readable)).toBe(true);
}

/** The next message that is not a warm-up message. */
async function receiveTagged(pull: Pull): Promise<string> {
  for (;;) {
    const [frame] = await pull.receive();
    const text = frameText(frame!);
    if (text !== "warm") return text;
  }
}

describe("PUSH", () => {
  it("round-robins across two PULLs", async () => {
    const push = track(new Push());
    const a = track(new Pull());
    const b = track(new Pull());
    push.connect(await bindLoopback(a));
    push.connect(await bindLoopback(b));
    await warmUp(push, [a, b]);

    const count = 10;
    for (let i = 0; i < count; i++) await push.send(`m${i}`);
    const gotA: number[] = [];
    const gotB: number[] = [];
    for (let i = 0; i < count / 2; i++) gotA.push(Number((await receiveTagged(a)).slice(1)));
    for (let i = 0; i < count / 2; i++) gotB.push(Number((await receiveTagged(b)).slice(1)));
    // Strict alternation: each PULL gets every other message, in order.
    expect([...gotA, ...gotB].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(new Set(gotA.map((n) => n % 2)).size).toBe(1);
    expect(new Set(gotB.map((n) => n % 2)).size).toBe(1);
    expect(gotA).toEqual([...gotA].sort((x, y) => x - y));
    expect(gotB).toEqual([...gotB].sort((x, y) => x - y));
  });

  it("waits for a peer before sending (the send stays pending)", async () => {
    const push = track(new Push());
    const pending = push.send("early");
    expect(await settlesWithin(pending, 30)).toBe(false);
    const pull = track(new Pull());
    push.connect(await bindLoopback(pull));
    await pending;
    expect((await pull.receive())[0]!.toString()).toBe("early");
  });

  it("with sendHighWaterMark 1, delivers messages queued before the connection exactly once", async () => {
    const push = track(new Push({ sendHighWaterMark: 1 }));
    const pull = track(new Pull());
    const endpoint = await bindLoopback(pull);
    push.connect(endpoint);
    // The first fills the one-message queue, the others wait in send() until the connection drains it.
    const sends = [push.send("one"), push.send("two"), push.send("three")];
    await Promise.all(sends);
    pull.receiveTimeout = 200;
    const got: string[] = [];
    for (let i = 0; i < 3; i++) got.push((await pull.receive())[0]!.toString());
    expect(got).toEqual(["one", "two", "three"]);
    // Nothing was sent twice.
    await expect(pull.receive()).rejects.toMatchObject({ code: "EAGAIN" });
  });

  it("fails at once with EAGAIN when there is no peer and sendTimeout is 0", async () => {
    const push = track(new Push({ sendTimeout: 0 }));
    await expect(push.send("x")).rejects.toMatchObject({ code: "EAGAIN" });
  });

  describe("at the high-water mark", () => {
    const payload = Buffer.alloc(1024 * 1024, 7);

    /**
     * Fills the path PUSH → kernel → PULL until sends stop succeeding (the peer does not read): returns
     * how many were accepted, and how long each failed attempt waited.
     */
    async function saturate(push: Push): Promise<{ accepted: number; waits: number[] }> {
      push.sendTimeout = 50;
      let accepted = 0;
      const waits: number[] = [];
      let failures = 0;
      while (failures < 3) {
        expect(accepted).toBeLessThan(500);
        const started = Date.now();
        try {
          await push.send(payload);
          accepted++;
          failures = 0;
        } catch (err) {
          expect(err).toMatchObject({ code: "EAGAIN" });
          waits.push(Date.now() - started);
          failures++;
        }
      }
      return { accepted, waits };
    }

    async function setup(): Promise<{ push: Push; pull: Pull }> {
      const pull = track(new Pull({ receiveHighWaterMark: 2 }));
      const push = track(new Push({ sendHighWaterMark: 2 }));
      push.connect(await bindLoopback(pull));
      return { push, pull };
    }

    it("sendTimeout > 0: rejects with EAGAIN after waiting", async () => {
      const { push } = await setup();
      const { accepted, waits } = await saturate(push);
      expect(accepted).toBeGreaterThan(0);
      expect(waits).toHaveLength(3);
      for (const w of waits) expect(w).toBeGreaterThanOrEqual(40);
    });

    it("sendTimeout 0: rejects with EAGAIN at once", async () => {
      const { push } = await setup();
      await saturate(push);
      push.sendTimeout = 0;
      await expect(push.send(payload)).rejects.toMatchObject({ code: "EAGAIN" });
      await expect(push.send(payload)).rejects.toMatchObject({ code: "EAGAIN" });
    });

    it("a send stays pending until the peer reads, then resolves", async () => {
      const { push, pull } = await setup();
      const { accepted } = await saturate(push);
      push.sendTimeout = -1;
      let resolved = false;
      const blocked = push.send(Buffer.from("last")).then(() => (resolved = true));
      await delay(100);
      expect(resolved).toBe(false);
      for (let i = 0; i < accepted; i++) {
        const msg = await pull.receive();
        expect(msg[0]!.length).toBe(payload.length);
      }
      const last = await pull.receive();
      expect(last[0]!.toString()).toBe("last");
      await blocked;
      expect(resolved).toBe(true);
    });
  });
});

describe("high-water marks (inproc, where the two marks add up exactly)", () => {
  let counter = 0;
  const inproc = (): string => `inproc://push-pull-hwm-${process.pid}-${++counter}`;

  it("count whole messages, not frames or bytes: 1000 + 1000 by default, then EAGAIN", async () => {
    const pull = track(new Pull({ receiveTimeout: 2000 }));
    const push = track(new Push({ sendTimeout: 0 }));
    expect([push.sendHighWaterMark, pull.receiveHighWaterMark]).toEqual([1000, 1000]);
    const endpoint = inproc();
    await pull.bind(endpoint);
    push.connect(endpoint);
    const big = Buffer.alloc(64 * 1024, 0x42);
    let accepted = 0;
    let refused: unknown;
    for (let i = 0; i < 2100 && refused === undefined; i++) {
      try {
        // Five frames, 64 KiB each: a mark in frames (or bytes) would stop far earlier.
        await push.send([String(i), big, big, big, big]);
        accepted++;
      } catch (err) {
        refused = err;
      }
    }
    expect(accepted).toBe(2000);
    expect(refused).toMatchObject({ code: "EAGAIN" });
    for (let i = 0; i < 2000; i++) {
      const message = await pull.receive();
      expect(message.length).toBe(5);
      expect(message[0]!.toString()).toBe(String(i));
    }
    // Drained: the PUSH may send again.
    await push.send("after");
    expect(frameTexts(await pull.receive())).toEqual(["after"]);
  });

  it("PUSH round-robins over the peers that have room: a full one is skipped, nothing waits", async () => {
    const endpoints = [inproc(), inproc()];
    const stuck = track(new Pull({ receiveHighWaterMark: 1, receiveTimeout: 2000 }));
    const reader = track(new Pull({ receiveHighWaterMark: 100, receiveTimeout: 2000 }));
    await stuck.bind(endpoints[0]!);
    await reader.bind(endpoints[1]!);
    const push = track(new Push({ sendHighWaterMark: 1, sendTimeout: 0 }));
    push.connect(endpoints[0]!);
    push.connect(endpoints[1]!);
    // sendTimeout 0: any send that had to wait for the stuck peer would fail with EAGAIN.
    for (let i = 0; i < 20; i++) await push.send(String(i));
    const atStuck = [String((await stuck.receive())[0]), String((await stuck.receive())[0])];
    expect(atStuck).toEqual(["0", "2"]);
    stuck.receiveTimeout = 0;
    await expect(stuck.receive()).rejects.toMatchObject({ code: "EAGAIN" });
    const atReader: string[] = [];
    for (let i = 0; i < 18; i++) atReader.push(String((await reader.receive())[0]));
    expect(atReader).toEqual(["1", ...Array.from({ length: 17 }, (_, i) => String(i + 3))]);
  });
});

describe("a peer's queue on the binding side", () => {
  it("is discarded when the peer disconnects: a new peer gets only what is sent after", async () => {
    const push = track(new Push({ sendHighWaterMark: 4 }));
    const pipes = capturePipes(push);
    const endpoint = await bindLoopback(push);
    const first = track(new Pull({ receiveHighWaterMark: 1, receiveTimeout: 2000 }));
    first.connect(endpoint);
    await push.send("warm");
    expect(String((await first.receive())[0])).toBe("warm");
    // The first PULL stops reading: fill its queue on the PUSH's side (and the kernel's buffers).
    const payload = Buffer.alloc(256 * 1024, 0x6f);
    push.sendTimeout = 50;
    let failures = 0;
    for (let i = 0; i < 500 && failures < 2; i++) {
      try {
        await push.send(["old", payload]);
        failures = 0;
      } catch (err) {
        expect(err).toMatchObject({ code: "EAGAIN" });
        failures++;
      }
    }
    expect(failures).toBe(2);
    expect(pipes).toHaveLength(1);
    first.linger = 0;
    await first.closeAndWait();
    // Until the PUSH has seen the connection end, a send may still go to it (and be lost with it).
    await waitUntil(() => pipes[0]!.terminated, "the PUSH to see its peer go", 5000);
    expect(pipes[0]!.writtenSize).toBe(0);

    const second = track(new Pull({ receiveTimeout: 2000 }));
    second.connect(endpoint);
    push.sendTimeout = 2000;
    await push.send("fresh");
    await push.send("end");
    expect(String((await second.receive())[0])).toBe("fresh");
    expect(String((await second.receive())[0])).toBe("end");
  });
});

describe("PULL", () => {
  it("receives from a PUSH in order", async () => {
    const pull = track(new Pull());
    const push = track(new Push());
    push.connect(await bindLoopback(pull));
    for (let i = 0; i < 100; i++) await push.send(String(i));
    for (let i = 0; i < 100; i++) expect((await pull.receive())[0]!.toString()).toBe(String(i));
  });

  it("fair-queues from two PUSHes", async () => {
    const pull = track(new Pull());
    const endpoint = await bindLoopback(pull);
    const a = track(new Push());
    const b = track(new Push());
    a.connect(endpoint);
    b.connect(endpoint);
    // Both connections up: one message from each.
    await a.send("hello");
    await b.send("hello");
    await pull.receive();
    await pull.receive();

    const n = 10;
    for (let i = 0; i < n; i++) {
      await a.send(`a${i}`);
      await b.send(`b${i}`);
    }
    // Let both batches arrive before reading anything.
    await delay(150);
    const order: string[] = [];
    for (let i = 0; i < 2 * n; i++) order.push((await pull.receive())[0]!.toString());
    for (let i = 1; i < order.length; i++) expect(order[i]![0]).not.toBe(order[i - 1]![0]);
    expect(order.filter((s) => s.startsWith("a"))).toEqual(Array.from({ length: n }, (_, i) => `a${i}`));
    expect(order.filter((s) => s.startsWith("b"))).toEqual(Array.from({ length: n }, (_, i) => `b${i}`));
  });

  it("has no send(), and PUSH no receive(), as in zeromq.js", () => {
    const pull = track(new Pull());
    const push = track(new Push());
    expect("send" in pull).toBe(false);
    expect("receive" in push).toBe(false);
    expect(Symbol.asyncIterator in push).toBe(false);
  });
});
