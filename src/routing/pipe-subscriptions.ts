import type { Pipe } from "../pipe/pipe.js";

/** One byte of a prefix; `pipes` are the peers subscribed to the prefix ending here. */
interface Node {
  pipes: Set<Pipe> | undefined;
  children: Map<number, Node> | undefined;
}

/** What removing a subscription did (libzmq's mtrie_t::rm_result). */
export type RemoveResult = "notFound" | "last" | "remaining";

function newNode(): Node {
  return { pipes: undefined, children: undefined };
}

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
  private readonly root = newNode();
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
    let node = this.root;
    for (const byte of prefix) {
      node.children ??= new Map<number, Node>();
      let child = node.children.get(byte);
      if (child === undefined) {
        child = newNode();
        node.children.set(byte, child);
      }
      node = child;
    }
    node.pipes ??= new Set<Pipe>();
    const first = node.pipes.size === 0;
    if (node.pipes.has(pipe)) return false;
    node.pipes.add(pipe);
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
    const path: Node[] = [this.root];
    let node = this.root;
    for (const byte of prefix) {
      const child = node.children?.get(byte);
      if (child === undefined) return "notFound";
      path.push(child);
      node = child;
    }
    if (node.pipes === undefined || !node.pipes.delete(pipe)) return "notFound";
    const own = this.byPipe.get(pipe)!;
    own.delete(key(prefix));
    if (own.size === 0) this.byPipe.delete(pipe);
    if (node.pipes.size > 0) return "remaining";
    node.pipes = undefined;
    for (let depth = prefix.length; depth > 0; depth--) {
      const here = path[depth]!;
      if (here.pipes !== undefined || (here.children !== undefined && here.children.size > 0)) break;
      path[depth - 1]!.children!.delete(prefix[depth - 1]!);
    }
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
    let node: Node | undefined = this.root;
    for (let i = 0; ; i++) {
      if (node.pipes !== undefined) for (const pipe of node.pipes) fn(pipe);
      if (i === data.length || node.children === undefined) return;
      node = node.children.get(data[i]!);
      if (node === undefined) return;
    }
  }
}
