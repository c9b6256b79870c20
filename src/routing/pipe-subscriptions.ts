import type { Pipe } from "../pipe/pipe.js";
import { ByteTrie, type TrieNode } from "./byte-trie.js";

/** What removing a subscription did (libzmq's mtrie_t::rm_result). */
export type RemoveResult = "notFound" | "last" | "remaining";

/** The pipes subscribed to one prefix: most prefixes have one, which is held as it is (no Set). */
type Holders = Pipe | Set<Pipe>;

/**
 * The publisher's side of PUB/SUB filtering (RFC 29; libzmq's mtrie_t): a trie of byte prefixes where each
 * prefix maps to the pipes subscribed to it. A pipe subscribing twice to the same prefix counts once (the
 * subscriber counts for itself and sends one SUBSCRIBE / one CANCEL); the empty prefix matches everything.
 * Each pipe's own nodes are indexed (a node keeps its identity while it holds a value), so a departing
 * pipe's subscriptions go without walking the whole trie, and a pipe's count is at hand for a cap.
 */
export class PipeSubscriptions {
  private readonly trie = new ByteTrie<Holders>();
  /** Each pipe's subscribed nodes. */
  private readonly byPipe = new Map<Pipe, Set<TrieNode<Holders>>>();

  /** Whether `pipe` has any subscription. */
  has(pipe: Pipe): boolean {
    return this.byPipe.has(pipe);
  }

  /** How many distinct prefixes `pipe` is subscribed to. */
  countOf(pipe: Pipe): number {
    return this.byPipe.get(pipe)?.size ?? 0;
  }

  /** Whether `pipe` is subscribed to exactly `prefix`. */
  holds(prefix: Uint8Array, pipe: Pipe): boolean {
    const holders = this.trie.find(prefix)?.value;
    return holders === pipe || (holders instanceof Set && holders.has(pipe));
  }

  /** The prefixes `pipe` is subscribed to. */
  prefixesOf(pipe: Pipe): Buffer[] {
    return [...(this.byPipe.get(pipe) ?? [])].map((node) => this.trie.prefixOf(node));
  }

  /** Subscribes `pipe` to `prefix` (idempotent per pipe); true if no pipe was subscribed to it before. */
  add(prefix: Uint8Array, pipe: Pipe): boolean {
    const node = this.trie.nodeFor(prefix);
    const holders = node.value;
    if (holders === undefined) node.value = pipe;
    else if (holders === pipe) return false;
    else if (!(holders instanceof Set)) node.value = new Set([holders, pipe]);
    else if (holders.has(pipe)) return false;
    else holders.add(pipe);
    let own = this.byPipe.get(pipe);
    if (own === undefined) {
      own = new Set();
      this.byPipe.set(pipe, own);
    }
    own.add(node);
    return holders === undefined;
  }

  /** Unsubscribes `pipe` from `prefix`; says whether other pipes still hold the prefix. */
  remove(prefix: Uint8Array, pipe: Pipe): RemoveResult {
    const node = this.trie.find(prefix);
    return node === undefined ? "notFound" : this.drop(node, pipe);
  }

  /**
   * Removes every subscription of `pipe` (it went away, or its peer reconnected and will replay them). `fn`
   * hears each prefix and whether it was the last pipe holding it.
   */
  removePipe(pipe: Pipe, fn?: (prefix: Buffer, last: boolean) => void): void {
    const own = this.byPipe.get(pipe);
    if (own === undefined) return;
    // Deleting the entry being visited is allowed while iterating a Set.
    for (const node of own) {
      // The prefix first: dropping the node may merge it away.
      const prefix = fn === undefined ? undefined : this.trie.prefixOf(node);
      const result = this.drop(node, pipe);
      if (prefix !== undefined) fn?.(prefix, result === "last");
    }
  }

  /** Calls `fn` for each pipe subscribed to a prefix of `data` (possibly more than once per pipe). */
  match(data: Uint8Array, fn: (pipe: Pipe) => void): void {
    const trie = this.trie;
    let node = trie.root;
    for (let pos = 0; ; pos += node.length) {
      const holders = node.value;
      if (holders instanceof Set) holders.forEach(fn);
      else if (holders !== undefined) fn(holders);
      if (pos === data.length) return;
      const next = trie.step(node, data, pos);
      if (next === undefined) return;
      node = next;
    }
  }

  private drop(node: TrieNode<Holders>, pipe: Pipe): RemoveResult {
    const holders = node.value;
    if (holders === pipe) {
      node.value = undefined;
    } else if (holders instanceof Set && holders.delete(pipe)) {
      // Back to one holder: held as it is again.
      if (holders.size === 1) node.value = holders.values().next().value;
    } else {
      return "notFound";
    }
    const own = this.byPipe.get(pipe)!;
    own.delete(node);
    if (own.size === 0) this.byPipe.delete(pipe);
    if (node.value !== undefined) return "remaining";
    this.trie.release(node);
    return "last";
  }
}
