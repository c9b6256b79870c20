import type { Pipe } from "../pipe/pipe.js";
import { forEachPrefixValue, newTrieNode, nodeFor, pathTo, prune, type TrieNode } from "./byte-trie.js";

/** What removing a subscription did (libzmq's mtrie_t::rm_result). */
export type RemoveResult = "notFound" | "last" | "remaining";

function key(prefix: Uint8Array): string {
  return Buffer.from(prefix.buffer, prefix.byteOffset, prefix.byteLength).toString("latin1");
}

/**
 * The publisher's side of PUB/SUB filtering (RFC 29; libzmq's mtrie_t): a trie of byte prefixes where each
 * prefix maps to the set of pipes subscribed to it. A pipe subscribing twice to the same prefix counts once
 * (the subscriber counts for itself and sends one SUBSCRIBE / one CANCEL); the empty prefix matches
 * everything. A reverse index lets a departing pipe's subscriptions go without walking the whole trie.
 */
export class PipeSubscriptions {
  /** Each node's value: the pipes subscribed to the prefix ending there. */
  private readonly root: TrieNode<Set<Pipe>> = newTrieNode();
  /** Each pipe's prefixes, keyed by their latin1 spelling. */
  private readonly byPipe = new Map<Pipe, Map<string, Buffer>>();

  /** Whether `pipe` has any subscription. */
  has(pipe: Pipe): boolean {
    return this.byPipe.has(pipe);
  }

  /** The prefixes `pipe` is subscribed to. */
  prefixesOf(pipe: Pipe): Buffer[] {
    return [...(this.byPipe.get(pipe)?.values() ?? [])];
  }

  /** Subscribes `pipe` to `prefix` (idempotent per pipe); true if no pipe was subscribed to it before. */
  add(prefix: Uint8Array, pipe: Pipe): boolean {
    const node = nodeFor(this.root, prefix);
    node.value ??= new Set<Pipe>();
    const first = node.value.size === 0;
    if (node.value.has(pipe)) return false;
    node.value.add(pipe);
    let own = this.byPipe.get(pipe);
    if (own === undefined) {
      own = new Map<string, Buffer>();
      this.byPipe.set(pipe, own);
    }
    own.set(key(prefix), Buffer.from(prefix));
    return first;
  }

  /** Unsubscribes `pipe` from `prefix`; says whether other pipes still hold the prefix. */
  remove(prefix: Uint8Array, pipe: Pipe): RemoveResult {
    const path = pathTo(this.root, prefix);
    const node = path?.[prefix.length];
    if (path === undefined || node?.value === undefined || !node.value.delete(pipe)) return "notFound";
    const own = this.byPipe.get(pipe)!;
    own.delete(key(prefix));
    if (own.size === 0) this.byPipe.delete(pipe);
    if (node.value.size > 0) return "remaining";
    node.value = undefined;
    prune(path, prefix);
    return "last";
  }

  /**
   * Removes every subscription of `pipe` (it went away, or its peer reconnected and will replay them). `fn`
   * hears each prefix and whether it was the last pipe holding it.
   */
  removePipe(pipe: Pipe, fn?: (prefix: Buffer, last: boolean) => void): void {
    const own = this.byPipe.get(pipe);
    if (own === undefined) return;
    for (const prefix of [...own.values()]) {
      const result = this.remove(prefix, pipe);
      fn?.(prefix, result === "last");
    }
  }

  /** Calls `fn` for each pipe subscribed to a prefix of `data` (possibly more than once per pipe). */
  match(data: Uint8Array, fn: (pipe: Pipe) => void): void {
    forEachPrefixValue(this.root, data, (pipes) => {
      for (const pipe of pipes) fn(pipe);
    });
  }
}
