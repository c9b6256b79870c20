/**
 * As libzmq: disconnect() and unbind() stop routing to the endpoint's peers at once; linger governs only
 * what was already queued to them. After disconnect(A) a PUSH sends every new message to its other peers,
 * whatever the linger.
 */
import { describe, expect, it } from "vitest";
import { Pull, Push } from "../../src/index.js";
import { within } from "../helpers/wait.js";

async function twoPeers(linger: number): Promise<{ push: Push; a: Pull; b: Pull }> {
  const a = new Pull({ linger: 0, receiveTimeout: 300 });
  const b = new Pull({ linger: 0, receiveTimeout: 300 });
  await a.bind("tcp://127.0.0.1:0");
  await b.bind("tcp://127.0.0.1:0");
  const push = new Push({ linger });
  push.connect(a.lastEndpoint!);
  push.connect(b.lastEndpoint!);
  // Both connected: a round of sends reaches both.
  for (let i = 0; i < 2; i++) await push.send("warm");
  await within(Promise.all([a.receive(), b.receive()]), "warm-up");
  return { push, a, b };
}

async function drain(pull: Pull): Promise<string[]> {
  const out: string[] = [];
  for (;;) {
    const m = await pull.receive().catch(() => undefined);
    if (m === undefined) return out;
    out.push(String(m[0]));
  }
}

describe("routing right after disconnect()", () => {
  for (const linger of [0, 200, -1]) {
    it(`linger ${linger}: every message sent after disconnect(A) goes to B`, async () => {
      const { push, a, b } = await twoPeers(linger);
      push.disconnect(a.lastEndpoint!);
      for (let i = 0; i < 10; i++) await push.send(`after-${i}`);
      const [toA, toB] = await Promise.all([drain(a), drain(b)]);
      expect(toA).toEqual([]);
      expect(toB).toEqual(Array.from({ length: 10 }, (_, i) => `after-${i}`));
      push.linger = 0;
      await Promise.all([push.closeAndWait(), a.closeAndWait(), b.closeAndWait()]);
    });
  }
});
