import { forEachPrefixValue, newTrieNode, nodeFor, pathTo, prune, type TrieNode } from "./byte-trie.js";

/** What the subscriber keeps per subscribed prefix: how often it was added, and the prefix itself. */
interface Entry {
  count: number;
  topic: Buffer;
}

/**
 * The subscriber's side of PUB/SUB filtering (RFC 29; libzmq's trie_t): a set of byte prefixes, each
 * counted, so that subscribing to a topic twice needs two unsubscribes. A message matches when its first
 * frame starts with any prefix; the empty prefix matches everything.
 */
export class SubscriptionTrie {
  private readonly root: TrieNode<Entry> = newTrieNode();
  private topics = 0;

  /** How many distinct prefixes are subscribed. */
  get size(): number {
    return this.topics;
  }

  /** Adds one reference to `prefix`; true if it was not subscribed before. */
  add(prefix: Uint8Array): boolean {
    const node = nodeFor(this.root, prefix);
    if (node.value !== undefined) {
      node.value.count++;
      return false;
    }
    node.value = { count: 1, topic: Buffer.from(prefix) };
    this.topics++;
    return true;
  }

  /** Drops one reference to `prefix`; true if that was the last one (false if it was not subscribed). */
  remove(prefix: Uint8Array): boolean {
    const path = pathTo(this.root, prefix);
    const node = path?.[prefix.length];
    if (path === undefined || node?.value === undefined) return false;
    if (--node.value.count > 0) return false;
    node.value = undefined;
    this.topics--;
    prune(path, prefix);
    return true;
  }

  /** How many times `prefix` itself is subscribed. */
  count(prefix: Uint8Array): number {
    return pathTo(this.root, prefix)?.[prefix.length]?.value?.count ?? 0;
  }

  /** Whether some subscribed prefix is a prefix of `data`. */
  match(data: Uint8Array): boolean {
    let matched = false;
    forEachPrefixValue(this.root, data, () => (matched = true));
    return matched;
  }

  /** Calls `fn` once for each distinct subscribed prefix (to replay subscriptions to a new peer). */
  forEach(fn: (prefix: Buffer) => void): void {
    const stack: TrieNode<Entry>[] = [this.root];
    for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
      if (node.value !== undefined) fn(node.value.topic);
      if (node.children !== undefined) for (const child of node.children.values()) stack.push(child);
    }
  }

  clear(): void {
    this.root.value = undefined;
    this.root.children = undefined;
    this.topics = 0;
  }
}
