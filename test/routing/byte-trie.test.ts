import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ByteTrie, type TrieNode } from "../../src/routing/byte-trie.js";
import { fuzz } from "../helpers/fuzz-runs.js";
import { prefixArbitrary } from "./prefix-arbitrary.js";

const latin1 = (bytes: Uint8Array): string => Buffer.from(bytes).toString("latin1");
const b = (s: string): Buffer => Buffer.from(s, "latin1");


/**
 * Checks what makes the trie compact and walkable: every label but the root's is non-empty, siblings'
 * first bytes are distinct and sorted, parent links agree, and a node without a value has two children or
 * more (else it should have been merged or dropped). Returns the prefixes that hold a value.
 */
function checkShape<V>(trie: ByteTrie<V>): string[] {
  const valued: string[] = [];
  const stack: TrieNode<V>[] = [trie.root];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    const prefix = trie.prefixOf(node);
    if (node !== trie.root) {
      expect(node.length).toBeGreaterThan(0);
      if (node.value === undefined) expect(node.children?.length ?? 0).toBeGreaterThanOrEqual(2);
    }
    if (node.value !== undefined) valued.push(latin1(prefix));
    let last = -1;
    for (const child of node.children ?? []) {
      expect(child.parent).toBe(node);
      const first = trie.prefixOf(child)[prefix.length]!;
      expect(first).toBeGreaterThan(last);
      last = first;
      stack.push(child);
    }
    if (node.children !== undefined) expect(node.children.length).toBeGreaterThan(0);
    if (node.byByte !== undefined) {
      const indexed = node.byByte.filter((child) => child !== undefined);
      expect(indexed).toEqual(node.children);
      for (const child of indexed) expect(node.byByte[trie.prefixOf(child)[prefix.length]!]).toBe(child);
    }
  }
  return valued.sort();
}

function set(trie: ByteTrie<number>, prefix: Uint8Array): void {
  trie.nodeFor(prefix).value = 1;
}

function unset(trie: ByteTrie<number>, prefix: Uint8Array): void {
  const node = trie.find(prefix);
  if (node?.value === undefined) return;
  node.value = undefined;
  trie.release(node);
}

describe("ByteTrie", () => {
  it("keeps one node per branch, not per byte: a 255-byte prefix is one node", () => {
    const trie = new ByteTrie<number>();
    set(trie, Buffer.alloc(255, 7));
    expect(trie.root.children).toHaveLength(1);
    expect(trie.root.children![0]!.length).toBe(255);
    expect(trie.root.children![0]!.children).toBeUndefined();
  });

  it("splits an edge where a new prefix leaves it or ends in it, and merges it back", () => {
    const trie = new ByteTrie<number>();
    set(trie, b("ABCDEF"));
    set(trie, b("ABCXY"));
    set(trie, b("AB"));
    expect(checkShape(trie)).toEqual(["AB", "ABCDEF", "ABCXY"]);
    const ab = trie.find(b("AB"))!;
    expect(ab.length).toBe(2);
    expect(trie.find(b("ABC"))!.value).toBeUndefined(); // the branch point
    expect(trie.find(b("ABCD"))).toBeUndefined(); // inside an edge: no node
    unset(trie, b("ABCXY"));
    expect(checkShape(trie)).toEqual(["AB", "ABCDEF"]);
    expect(trie.find(b("ABC"))).toBeUndefined(); // merged away
    unset(trie, b("AB"));
    expect(checkShape(trie)).toEqual(["ABCDEF"]);
    expect(trie.root.children![0]!.length).toBe(6);
  });

  it("a node holding a value keeps its identity through splits and merges around it", () => {
    const trie = new ByteTrie<number>();
    set(trie, b("topic/long/name"));
    const node = trie.find(b("topic/long/name"))!;
    set(trie, b("topic/"));
    set(trie, b("topic/lo"));
    set(trie, b("topic/long/other"));
    unset(trie, b("topic/lo"));
    unset(trie, b("topic/long/other"));
    unset(trie, b("topic/"));
    expect(trie.find(b("topic/long/name"))).toBe(node);
    expect(trie.prefixOf(node).toString()).toBe("topic/long/name");
  });

  it("indexes a wide node's children by first byte, and stops when few are left", () => {
    const trie = new ByteTrie<number>();
    const prefixes = Array.from({ length: 40 }, (_, i) => Buffer.from([i * 6, 1, 2]));
    for (const prefix of prefixes) set(trie, prefix);
    expect(trie.root.byByte).toBeDefined();
    expect(checkShape(trie)).toHaveLength(40);
    for (const [i, prefix] of prefixes.slice(0, 30).entries()) {
      unset(trie, prefix);
      expect(checkShape(trie)).toHaveLength(39 - i);
    }
    expect(trie.root.byByte).toBeUndefined();
    expect(checkShape(trie)).toEqual(prefixes.slice(30).map(latin1).sort());
    for (const prefix of prefixes.slice(30)) expect(trie.find(prefix)?.value).toBe(1);
  });

  it("visits the prefixes that hold a value in byte order", () => {
    const trie = new ByteTrie<number>();
    const prefixes = ["b", "", "abc", "ab", "\xff", "a\x00", "abd", "b\x01z"];
    for (const prefix of prefixes) set(trie, b(prefix));
    const seen: string[] = [];
    trie.forEachValued((node) => seen.push(latin1(trie.prefixOf(node))));
    expect(seen).toEqual([...prefixes].sort());
  });

  it("gives its arena back: removing everything leaves no label bytes", () => {
    const trie = new ByteTrie<number>();
    const prefixes = Array.from({ length: 2000 }, (_, i) => Buffer.concat([Buffer.alloc(200, i % 7), Buffer.from(String(i))]));
    for (const prefix of prefixes) set(trie, prefix);
    expect(trie.arenaBytes).toBeGreaterThan(0);
    for (const prefix of prefixes) unset(trie, prefix);
    expect(checkShape(trie)).toEqual([]);
    expect(trie.arenaBytes).toBe(0);
  });

  it("compacts its arena as prefixes come and go, staying within a small factor of what is live", () => {
    const trie = new ByteTrie<number>();
    const live = new Set<string>();
    let liveBytes = 0;
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 100; i++) {
        const prefix = Buffer.from(`${round}/${i}/`.padEnd(250, "x"));
        set(trie, prefix);
        live.add(prefix.toString("latin1"));
        liveBytes += prefix.length;
      }
      for (const text of [...live].slice(0, 90)) {
        unset(trie, b(text));
        live.delete(text);
        liveBytes -= text.length;
      }
    }
    expect(checkShape(trie)).toEqual([...live].sort());
    // Live labels hold at most liveBytes; the arena is at most garbage (≤ live) + headroom (≤ half) over it.
    expect(trie.arenaBytes).toBeLessThanOrEqual(liveBytes * 3 + 1024);
  });

  it("walks a trie as deep as its prefixes are long without recursion", () => {
    const trie = new ByteTrie<number>();
    const depth = 12_000; // deeper than recursion would go on Node's default stack
    for (let length = 1; length <= depth; length++) set(trie, Buffer.alloc(length, 0x61));
    let count = 0;
    trie.forEachValued(() => count++);
    expect(count).toBe(depth);
    unset(trie, Buffer.alloc(1, 0x61));
    for (let length = depth; length > 1; length--) unset(trie, Buffer.alloc(length, 0x61));
    expect(trie.root.children).toBeUndefined();
    expect(trie.arenaBytes).toBe(0);
  });

  it("agrees with a set of prefixes over random additions and removals (fast-check)", () => {
    const op = fc.record({ add: fc.boolean(), prefix: prefixArbitrary });
    // Wide nodes too: any first byte, so that a node passes the 24 children where it indexes them by byte.
    const widePrefix = fc
      .tuple(fc.nat(47), fc.array(fc.constantFrom(1, 2), { maxLength: 2 }))
      .map(([first, rest]) => Uint8Array.from([first * 5, ...rest]));
    const wide = fc.record({ add: fc.boolean(), prefix: widePrefix });
    fuzz(
      fc.property(fc.oneof(fc.array(op, { maxLength: 60, size: "max" }), fc.array(wide, { minLength: 50, maxLength: 300, size: "max" })), (ops) => {
        const trie = new ByteTrie<number>();
        const model = new Set<string>();
        for (const { add, prefix } of ops) {
          if (add) {
            set(trie, prefix);
            model.add(latin1(prefix));
          } else {
            unset(trie, prefix);
            model.delete(latin1(prefix));
          }
        }
        expect(checkShape(trie)).toEqual([...model].sort());
        for (const text of model) expect(trie.find(b(text))?.value).toBe(1);
        for (const { prefix } of ops) expect(trie.find(prefix)?.value === 1).toBe(model.has(latin1(prefix)));
      }),
      0.25,
    );
  });
});
