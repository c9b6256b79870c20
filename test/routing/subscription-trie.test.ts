import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Pipe } from "../../src/pipe/pipe.js";
import { PipeSubscriptions } from "../../src/routing/pipe-subscriptions.js";
import { SubscriptionTrie } from "../../src/routing/subscription-trie.js";
import { fuzz } from "../helpers/fuzz-runs.js";
import { prefixArbitrary } from "./prefix-arbitrary.js";

const b = (s: string): Buffer => Buffer.from(s, "latin1");
const latin1 = (bytes: Uint8Array): string => Buffer.from(bytes).toString("latin1");

function topicsOf(trie: SubscriptionTrie): string[] {
  const out: string[] = [];
  trie.forEach((t) => out.push(t.toString("latin1")));
  return out.sort();
}

describe("SubscriptionTrie", () => {
  it("matches on a prefix of the data, byte for byte", () => {
    const trie = new SubscriptionTrie();
    expect(trie.add(b("NASDAQ"))).toBe(true);
    expect(trie.match(b("NASDAQ:AAPL 1"))).toBe(true);
    expect(trie.match(b("NASDAQ"))).toBe(true);
    expect(trie.match(b("NASDA"))).toBe(false);
    expect(trie.match(b("NYSE"))).toBe(false);
    expect(trie.match(b(""))).toBe(false);
    expect(trie.match(b("nasdaq"))).toBe(false);
  });

  it("starts empty and matches nothing", () => {
    const trie = new SubscriptionTrie();
    expect(trie.size).toBe(0);
    expect(trie.match(b("anything"))).toBe(false);
    expect(trie.match(b(""))).toBe(false);
  });

  it("the empty prefix matches everything, the empty message included", () => {
    const trie = new SubscriptionTrie();
    expect(trie.add(b(""))).toBe(true);
    expect(trie.match(b(""))).toBe(true);
    expect(trie.match(Buffer.from([0, 255]))).toBe(true);
    expect(topicsOf(trie)).toEqual([""]);
    expect(trie.remove(b(""))).toBe(true);
    expect(trie.match(b("x"))).toBe(false);
  });

  it("is counted: the same prefix added twice needs two removes", () => {
    const trie = new SubscriptionTrie();
    expect(trie.add(b("A"))).toBe(true);
    expect(trie.add(b("A"))).toBe(false);
    expect(trie.count(b("A"))).toBe(2);
    expect(trie.size).toBe(1);
    expect(trie.remove(b("A"))).toBe(false);
    expect(trie.match(b("A1"))).toBe(true);
    expect(trie.remove(b("A"))).toBe(true);
    expect(trie.match(b("A1"))).toBe(false);
    expect(trie.size).toBe(0);
  });

  it("removing what is not there answers false and changes nothing", () => {
    const trie = new SubscriptionTrie();
    trie.add(b("AB"));
    expect(trie.remove(b("A"))).toBe(false);
    expect(trie.remove(b("ABC"))).toBe(false);
    expect(trie.remove(b("X"))).toBe(false);
    expect(trie.match(b("ABC"))).toBe(true);
    expect(trie.count(b("AB"))).toBe(1);
  });

  it("keeps nested prefixes apart", () => {
    const trie = new SubscriptionTrie();
    trie.add(b("A"));
    trie.add(b("ABC"));
    trie.add(b("AB"));
    expect(topicsOf(trie)).toEqual(["A", "AB", "ABC"]);
    expect(trie.remove(b("A"))).toBe(true);
    expect(trie.match(b("AX"))).toBe(false);
    expect(trie.match(b("ABX"))).toBe(true);
    expect(trie.remove(b("AB"))).toBe(true);
    expect(trie.match(b("ABX"))).toBe(false);
    expect(trie.match(b("ABCX"))).toBe(true);
    expect(topicsOf(trie)).toEqual(["ABC"]);
  });

  it("handles every byte value and long prefixes", () => {
    const trie = new SubscriptionTrie();
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const long = Buffer.alloc(1000, 0xab);
    trie.add(all);
    trie.add(long);
    expect(trie.match(Buffer.concat([all, b("tail")]))).toBe(true);
    expect(trie.match(all.subarray(0, 255))).toBe(false);
    expect(trie.match(Buffer.alloc(1001, 0xab))).toBe(true);
    expect(trie.match(Buffer.alloc(999, 0xab))).toBe(false);
  });

  it("forEach gives each distinct prefix once, as a copy of what was added", () => {
    const trie = new SubscriptionTrie();
    const source = b("topic");
    trie.add(source);
    trie.add(source);
    trie.add(b("other"));
    source[0] = 0x58; // mutating the caller's buffer must not change the subscription
    expect(topicsOf(trie)).toEqual(["other", "topic"]);
    expect(trie.match(b("topic!"))).toBe(true);
  });

  it("agrees with a naive model over random operations", () => {
    const trie = new SubscriptionTrie();
    const model = new Map<string, number>();
    let seed = 12345;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    const word = (): string => "ab".repeat(3).slice(0, rand(5)) + "xyz".slice(0, rand(3));
    for (let step = 0; step < 5000; step++) {
      const t = word();
      if (rand(2) === 0) {
        const isNew = trie.add(b(t));
        expect(isNew).toBe(!model.has(t));
        model.set(t, (model.get(t) ?? 0) + 1);
      } else {
        const last = trie.remove(b(t));
        const n = model.get(t) ?? 0;
        expect(last).toBe(n === 1);
        if (n === 1) model.delete(t);
        else if (n > 1) model.set(t, n - 1);
      }
      const data = word() + word();
      expect(trie.match(b(data))).toBe([...model.keys()].some((k) => data.startsWith(k)));
    }
    expect(topicsOf(trie)).toEqual([...model.keys()].sort());
    expect(trie.size).toBe(model.size);
  });

  it("agrees with a counted set of prefixes over random operations on shared and long prefixes (fast-check)", () => {
    const op = fc.record({ add: fc.boolean(), prefix: prefixArbitrary, probe: prefixArbitrary });
    fuzz(
      fc.property(fc.array(op, { maxLength: 50, size: "max" }), (ops) => {
        const trie = new SubscriptionTrie();
        const model = new Map<string, number>();
        for (const { add, prefix, probe } of ops) {
          const key = latin1(prefix);
          const count = model.get(key) ?? 0;
          if (add) {
            expect(trie.add(prefix)).toBe(count === 0);
            model.set(key, count + 1);
          } else {
            expect(trie.remove(prefix)).toBe(count === 1);
            if (count === 1) model.delete(key);
            else if (count > 1) model.set(key, count - 1);
          }
          const data = latin1(probe);
          expect(trie.match(probe)).toBe([...model.keys()].some((k) => data.startsWith(k)));
        }
        expect(topicsOf(trie)).toEqual([...model.keys()].sort());
        for (const [key, count] of model) expect(trie.count(b(key))).toBe(count);
        expect(trie.size).toBe(model.size);
      }),
      0.25,
    );
  });
});

describe("PipeSubscriptions", () => {
  const pipes = (n: number): Pipe[] => Array.from({ length: n }, () => Pipe.forSocket(10, 10)[0]);

  function matching(subs: PipeSubscriptions, data: string): Set<Pipe> {
    const out = new Set<Pipe>();
    subs.match(b(data), (p) => out.add(p));
    return out;
  }

  it("maps a prefix to the set of pipes subscribed to it", () => {
    const [p1, p2, p3] = pipes(3) as [Pipe, Pipe, Pipe];
    const subs = new PipeSubscriptions();
    expect(subs.add(b("A"), p1)).toBe(true);
    expect(subs.add(b("A"), p2)).toBe(false);
    expect(subs.add(b("AB"), p3)).toBe(true);
    expect(matching(subs, "ABC")).toEqual(new Set([p1, p2, p3]));
    expect(matching(subs, "AX")).toEqual(new Set([p1, p2]));
    expect(matching(subs, "B")).toEqual(new Set());
  });

  it("the same prefix twice from the same pipe is idempotent", () => {
    const [p1, p2] = pipes(2) as [Pipe, Pipe];
    const subs = new PipeSubscriptions();
    expect(subs.add(b("T"), p1)).toBe(true);
    expect(subs.add(b("T"), p1)).toBe(false);
    expect(subs.prefixesOf(p1).map(String)).toEqual(["T"]);
    expect(subs.add(b("T"), p2)).toBe(false);
    expect(subs.remove(b("T"), p1)).toBe("remaining");
    expect(subs.remove(b("T"), p1)).toBe("notFound");
    expect(matching(subs, "T")).toEqual(new Set([p2]));
    expect(subs.remove(b("T"), p2)).toBe("last");
    expect(matching(subs, "T")).toEqual(new Set());
    expect(subs.has(p1)).toBe(false);
    expect(subs.has(p2)).toBe(false);
  });

  it("the empty prefix matches every message for that pipe", () => {
    const [p1, p2] = pipes(2) as [Pipe, Pipe];
    const subs = new PipeSubscriptions();
    subs.add(b(""), p1);
    subs.add(b("Z"), p2);
    expect(matching(subs, "")).toEqual(new Set([p1]));
    expect(matching(subs, "Zebra")).toEqual(new Set([p1, p2]));
  });

  it("removes every subscription of a departing pipe, saying which were the last", () => {
    const [p1, p2] = pipes(2) as [Pipe, Pipe];
    const subs = new PipeSubscriptions();
    subs.add(b("A"), p1);
    subs.add(b("B"), p1);
    subs.add(b(""), p1);
    subs.add(b("B"), p2);
    const heard: [string, boolean][] = [];
    subs.removePipe(p1, (topic, last) => heard.push([topic.toString(), last]));
    expect(heard.sort()).toEqual([
      ["", true],
      ["A", true],
      ["B", false],
    ]);
    expect(subs.has(p1)).toBe(false);
    expect(matching(subs, "A")).toEqual(new Set());
    expect(matching(subs, "B")).toEqual(new Set([p2]));
    subs.removePipe(p1, () => {
      throw new Error("nothing left to remove");
    });
  });

  it("removing a prefix the pipe does not hold is notFound", () => {
    const [p1, p2] = pipes(2) as [Pipe, Pipe];
    const subs = new PipeSubscriptions();
    subs.add(b("AB"), p1);
    expect(subs.remove(b("AB"), p2)).toBe("notFound");
    expect(subs.remove(b("A"), p1)).toBe("notFound");
    expect(subs.remove(b("ABC"), p1)).toBe("notFound");
    expect(matching(subs, "ABC")).toEqual(new Set([p1]));
  });

  it("agrees with a model of prefix → pipes over random operations, departures included (fast-check)", () => {
    const all = pipes(3);
    const op = fc.oneof(
      { weight: 5, arbitrary: fc.record({ kind: fc.constant("add" as const), prefix: prefixArbitrary, pipe: fc.nat(2) }) },
      { weight: 4, arbitrary: fc.record({ kind: fc.constant("remove" as const), prefix: prefixArbitrary, pipe: fc.nat(2) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant("removePipe" as const), prefix: prefixArbitrary, pipe: fc.nat(2) }) },
    );
    fuzz(
      fc.property(fc.array(fc.tuple(op, prefixArbitrary), { maxLength: 50, size: "max" }), (steps) => {
        const subs = new PipeSubscriptions();
        const model = new Map<string, Set<Pipe>>();
        for (const [{ kind, prefix, pipe: index }, probe] of steps) {
          const pipe = all[index]!;
          const key = latin1(prefix);
          const holders = model.get(key) ?? new Set<Pipe>();
          if (kind === "add") {
            expect(subs.add(prefix, pipe)).toBe(holders.size === 0);
            model.set(key, holders.add(pipe));
          } else if (kind === "remove") {
            const expected = !holders.has(pipe) ? "notFound" : holders.size === 1 ? "last" : "remaining";
            expect(subs.remove(prefix, pipe)).toBe(expected);
            holders.delete(pipe);
            if (holders.size === 0) model.delete(key);
          } else {
            const heard: [string, boolean][] = [];
            subs.removePipe(pipe, (topic, last) => heard.push([latin1(topic), last]));
            const expected: [string, boolean][] = [];
            for (const [topic, set] of model) {
              if (!set.delete(pipe)) continue;
              expected.push([topic, set.size === 0]);
              if (set.size === 0) model.delete(topic);
            }
            expect(heard.sort()).toEqual(expected.sort());
          }
          const data = latin1(probe);
          const expectedMatch = new Set<Pipe>();
          for (const [topic, set] of model) if (data.startsWith(topic)) for (const p of set) expectedMatch.add(p);
          expect(matching(subs, data)).toEqual(expectedMatch);
        }
        for (const pipe of all) {
          const own = [...model].filter(([, set]) => set.has(pipe)).map(([topic]) => topic);
          expect(subs.prefixesOf(pipe).map(latin1).sort()).toEqual(own.sort());
          expect(subs.countOf(pipe)).toBe(own.length);
          expect(subs.has(pipe)).toBe(own.length > 0);
          for (const topic of own) expect(subs.holds(b(topic), pipe)).toBe(true);
        }
      }),
      0.25,
    );
  });
});
