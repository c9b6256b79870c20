/**
 * Red team, connection lifetime: peers that vanish mid-frame, mid-multipart and mid-handshake (graceful
 * FIN and reset), a tcp proxy that cuts a live zmtp connection at seeded byte offsets, a peer that keeps
 * restarting, and 200 connections coming and going at once. What arrives must be whole messages, in
 * order, never a torn multipart; what a graceful peer finished sending must all arrive.
 */
import net from "node:net";
import { describe, expect, it } from "vitest";
import { Pull, Push } from "../../src/index.js";
import { concat, randomInt, seededRandom } from "../helpers/bytes.js";
import { capturePipes } from "../helpers/capture-pipes.js";
import { socketTracker } from "../helpers/socket-tracker.js";
import { delay, settle, waitUntil, within } from "../helpers/wait.js";
import { frameBytes, messageBytes } from "../helpers/wire.js";
import { handshake } from "./attacks.js";
import { closeAll, hangsUpWithin, inBatches, portOf, useCrashGuard, useRawClients } from "./fault-kit.js";

const track = socketTracker();
const rawClient = useRawClients();
useCrashGuard();

/** A 3-part message whose parts check each other: [seq, body, seq again]; body size varies with seq. */
function checkedMessage(seq: number): string[] {
  return [String(seq), "b".repeat((seq * 37) % 700), `end-${seq}`];
}

function checkWhole(message: Buffer[]): number {
  expect(message.length).toBe(3);
  const seq = Number(message[0]!.toString());
  expect(message.map(String)).toEqual(checkedMessage(seq));
  return seq;
}

/** Reads from `pull` until `last` arrives (or `ms` pass), checking each message; returns the sequence. */
async function drainUntil(pull: Pull, last: number, ms = 5000): Promise<number[]> {
  const seen: number[] = [];
  const deadline = Date.now() + ms;
  while (seen.at(-1) !== last) {
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`message ${last} never came; last seen ${seen.at(-1)}`);
    seen.push(checkWhole(await within(pull.receive(), `message up to ${last}`, left)));
  }
  return seen;
}

function expectIncreasing(seq: readonly number[]): void {
  for (let i = 1; i < seq.length; i++) expect(seq[i]!, `order at ${i}: ${seq[i - 1]} then ${seq[i]}`).toBeGreaterThan(seq[i - 1]!);
}

describe("a raw peer that vanishes", () => {
  it("graceful end after 2,000 messages and half a multipart: a slow reader gets all 2,000, in order, nothing torn", async () => {
    const pull = track(new Pull({ receiveHighWaterMark: 10 }));
    await pull.bind("tcp://127.0.0.1:0");
    const client = await rawClient(pull.lastEndpoint!);
    const stream = concat([
      handshake("PUSH"),
      ...Array.from({ length: 2000 }, (_, i) => messageBytes(checkedMessage(i))),
      frameBytes(0x01, "torn-1"),
      frameBytes(0x01, "torn-2"),
    ]);
    client.socket.end(stream);
    await within(new Promise((resolve) => client.socket.once("finish", resolve)), "client finished writing");
    // The reader starts late, after the peer has gone.
    await delay(50);
    const seen = await drainUntil(pull, 1999);
    expect(seen).toEqual(Array.from({ length: 2000 }, (_, i) => i));
    pull.receiveTimeout = 100;
    await expect(pull.receive()).rejects.toMatchObject({ code: "EAGAIN" });
  });

  it("reset (RST) mid-frame: whole messages only, in order, then the socket goes on", async () => {
    const pull = track(new Pull());
    await pull.bind("tcp://127.0.0.1:0");
    const random = seededRandom(0xdead);
    for (let round = 0; round < 8; round++) {
      const client = await rawClient(pull.lastEndpoint!);
      const full = concat([handshake("PUSH"), ...Array.from({ length: 200 }, (_, i) => messageBytes(checkedMessage(i)))]);
      const cut = 64 + randomInt(random, full.length - 64);
      client.socket.write(full.subarray(0, cut));
      await delay(5);
      client.socket.resetAndDestroy();
      await settle();
      pull.receiveTimeout = 50;
      const seen: number[] = [];
      for (;;) {
        const message = await pull.receive().catch(() => undefined);
        if (message === undefined) break;
        seen.push(checkWhole(message));
      }
      // A prefix of what was sent, in order (a reset may lose what the kernel still held).
      expect(seen).toEqual(seen.map((_, i) => i));
    }
    const push = track(new Push());
    push.connect(pull.lastEndpoint!);
    pull.receiveTimeout = -1;
    await push.send(checkedMessage(7));
    expect(checkWhole(await within(pull.receive(), "good message"))).toBe(7);
  });

  it("a peer killed at every octet of its greeting and handshake costs nothing", async () => {
    const pull = track(new Pull());
    await pull.bind("tcp://127.0.0.1:0");
    const push = track(new Push());
    push.connect(pull.lastEndpoint!);
    const hs = handshake("PUSH");
    const offsets = Array.from({ length: hs.length + 1 }, (_, i) => i);
    let sent = 0;
    await inBatches(offsets, 10, async (offset) => {
      const client = await rawClient(pull.lastEndpoint!);
      if (offset > 0) client.socket.write(hs.subarray(0, offset));
      await settle(2);
      if (offset % 2 === 0) client.socket.destroy();
      else client.socket.resetAndDestroy();
      await push.send(checkedMessage(sent++));
    });
    const seen = await drainUntil(pull, sent - 1);
    expect(seen).toEqual(Array.from({ length: sent }, (_, i) => i));
  });
});

/** A tcp proxy to `target` that destroys each connection after it has forwarded `budget()` octets. */
async function cuttingProxy(target: string, budget: () => number): Promise<{ endpoint: string; cuts: () => number; close: () => Promise<void> }> {
  let cuts = 0;
  const pairs = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect({ host: "127.0.0.1", port: portOf(target) });
    pairs.add(client);
    pairs.add(upstream);
    let left = budget();
    const kill = (): void => {
      cuts++;
      client.destroy();
      upstream.destroy();
    };
    client.on("data", (chunk: Buffer) => {
      if (chunk.length >= left) {
        upstream.write(chunk.subarray(0, left), kill);
        left = 0;
        client.pause();
        return;
      }
      left -= chunk.length;
      upstream.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => client.write(chunk));
    for (const s of [client, upstream]) {
      s.on("error", () => {});
      s.on("close", () => {
        client.destroy();
        upstream.destroy();
        pairs.delete(s);
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `tcp://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    cuts: () => cuts,
    close: async () => {
      for (const s of pairs) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe("a live zmtp connection cut at random octets", () => {
  it("PUSH → proxy → PULL, cut 6 times mid-stream: whole messages, strictly in order, the end of the run arrives", async () => {
    const pull = track(new Pull());
    await pull.bind("tcp://127.0.0.1:0");
    const random = seededRandom(0xc0ffee);
    let connections = 0;
    const proxy = await cuttingProxy(pull.lastEndpoint!, () => (connections++ < 6 ? 100 + randomInt(random, 30_000) : Infinity));
    try {
      const push = track(new Push({ reconnectInterval: 10 }));
      push.connect(proxy.endpoint);
      const total = 3000;
      // Messages already written into a connection that is then cut are lost (as with libzmq), so the
      // tail of the run may die with the last cut: the sender goes on past `total`, more slowly, until
      // the reader has seen a message from the end of the run, which must then come through the last,
      // uncut connection.
      let reading = true;
      const sending = (async () => {
        for (let i = 0; reading; i++) {
          await push.send(checkedMessage(i));
          if (i % 100 === 0 || i >= total) await delay(i >= total ? 20 : 2);
        }
      })();
      const seen: number[] = [];
      const deadline = Date.now() + 8000;
      try {
        while ((seen.at(-1) ?? -1) < total - 1) {
          seen.push(checkWhole(await within(pull.receive(), `a message from ${total - 1} on`, deadline - Date.now())));
        }
      } finally {
        reading = false;
      }
      await sending;
      expectIncreasing(seen);
      expect(proxy.cuts()).toBeGreaterThanOrEqual(6);
    } finally {
      await proxy.close();
    }
  });
});

describe("a peer that keeps restarting", () => {
  it("PUSH connected to a PULL that is closed and bound again 5 times: ordered, whole, the queue survives", async () => {
    const first = new Pull({ linger: 0 });
    await first.bind("tcp://127.0.0.1:0");
    const endpoint = first.lastEndpoint!;
    const push = track(new Push({ reconnectInterval: 10 }));
    push.connect(endpoint);
    let next = 0;
    const seen: number[] = [];
    let pull = first;
    for (let life = 0; life < 6; life++) {
      for (let i = 0; i < 50; i++) await push.send(checkedMessage(next++));
      seen.push(...(await drainUntil(pull, next - 1)));
      // Queue more while the peer is going down and while it is away.
      const going = pull.closeAndWait();
      for (let i = 0; i < 20; i++) await push.send(checkedMessage(next++));
      await going;
      if (life === 5) break;
      await delay(20);
      for (let i = 0; i < 20; i++) await push.send(checkedMessage(next++));
      pull = new Pull({ linger: 0 });
      await pull.bind(endpoint);
    }
    expectIncreasing(seen);
    await closeAll(pull);
  });
});

describe("many connections at once", () => {
  it("200 PUSH sockets connect, send and close while 100 raw clients come and go: all 200 messages arrive", async () => {
    const pull = track(new Pull());
    await pull.bind("tcp://127.0.0.1:0");
    const endpoint = pull.lastEndpoint!;
    const random = seededRandom(200);
    const hs = handshake("PUSH");
    const got = new Set<string>();
    const reading = (async () => {
      while (got.size < 200) got.add(String((await pull.receive())[0]));
    })();
    await Promise.all([
      inBatches(Array.from({ length: 200 }, (_, i) => i), 50, async (i) => {
        const push = new Push({ linger: -1 });
        push.connect(endpoint);
        await push.send(`m${i}`);
        // Closed straight after sending: linger -1 delivers the message all the same.
        await within(push.closeAndWait(), `push ${i} to close after sending`);
      }),
      inBatches(Array.from({ length: 100 }, (_, i) => i), 20, async () => {
        const client = await rawClient(endpoint);
        client.socket.write(hs.subarray(0, randomInt(random, hs.length + 1)));
        await hangsUpWithin(client, randomInt(random, 5));
        client.socket.destroy();
      }),
    ]);
    await within(reading, "all 200 messages", 5000);
    expect([...got].sort()).toEqual(Array.from({ length: 200 }, (_, i) => `m${i}`).sort());
  });

  it("connect/disconnect the same endpoint 200 times, then a last connect: messages arrive, nothing leaks", async () => {
    const pull = track(new Pull());
    await pull.bind("tcp://127.0.0.1:0");
    const endpoint = pull.lastEndpoint!;
    const pipes = capturePipes(pull);
    const push = track(new Push({ linger: 0 }));
    for (let i = 0; i < 200; i++) {
      push.connect(endpoint);
      if (i % 3 === 0) await settle(1);
      push.disconnect(endpoint);
    }
    // Sending at once: the departed dialers' pipes are out of the load balancer already.
    push.connect(endpoint);
    for (let i = 0; i < 10; i++) await push.send(checkedMessage(i));
    expect(await drainUntil(pull, 9)).toEqual(Array.from({ length: 10 }, (_, i) => i));
    // Every connection but the last is gone on the PULL side too.
    await waitUntil(() => pipes.filter((p) => !p.terminated).length === 1, "one live pipe at the PULL");
    expect(() => { push.disconnect("tcp://127.0.0.1:1"); }).toThrow(expect.objectContaining({ code: "ENOENT" }));
  });
});
