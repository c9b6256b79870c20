import { ByteTrie } from "./byte-trie.js";

/**
 * The subscriber's side of PUB/SUB filtering (RFC 29; libzmq's trie_t): a set of byte prefixes, each
 * counted, so that subscribing to a topic twice needs two unsubscribes. A message matches when its first
 * frame starts with any prefix; the empty prefix matches everything. Each node's value is its prefix's count.
 */
export class SubscriptionTrie {
  private readonly trie = new ByteTrie<number>();
  private topics = 0;

  /** How many distinct prefixes are subscribed. */
  get size(): number {
    return this.topics;
  }

  /** Adds one reference to `prefix`; true if it was not subscribed before. */
  add(prefix: Uint8Array): boolean {
    const node = this.trie.nodeFor(prefix);
    if (node.value !== undefined) {
      node.value++;
      return false;
    }
    node.value = 1;
    this.topics++;
    return true;
  }

  /** Drops one reference to `prefix`; true if that was the last one (false if it was not subscribed). */
  remove(prefix: Uint8Array): boolean {
    const node = this.trie.find(prefix);
    if (node?.value === undefined) return false;
    if (--node.value > 0) return false;
    node.value = undefined;
    this.topics--;
    this.trie.release(node);
    return true;
  }

  /** How many times `prefix` itself is subscribed. */
  count(prefix: Uint8Array): number {
    return this.trie.find(prefix)?.value ?? 0;
  }

  /** Whether some subscribed prefix is a prefix of `data`. */
  match(data: Uint8Array): boolean {
    const trie = this.trie;
    let node = trie.root;
    for (let pos = 0; ; pos += node.length) {
      if (node.value !== undefined) return true;
      if (pos === data.length) return false;
      const next = trie.step(node, data, pos);
      if (next === undefined) return false;
      node = next;
    }
  }

  /** Calls `fn` once for each distinct subscribed prefix (to replay subscriptions to a new peer). */
  forEach(fn: (prefix: Buffer) => void): void {
    const trie = this.trie;
    trie.forEachValued((node) => {
      fn(trie.prefixOf(node));
    });
  }

  clear(): void {
    this.trie.clear();
    this.topics = 0;
  }
}
