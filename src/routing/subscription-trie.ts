/** One byte of a prefix; `count` says how many times the prefix ending here was added. */
interface Node {
  count: number;
  /** The prefix ending at this node, kept while `count > 0` (for `forEach`). */
  topic: Buffer | undefined;
  children: Map<number, Node> | undefined;
}

function newNode(): Node {
  return { count: 0, topic: undefined, children: undefined };
}

/**
 * The subscriber's side of PUB/SUB filtering (RFC 29; libzmq's trie_t): a set of byte prefixes, each
 * counted, so that subscribing to a topic twice needs two unsubscribes. A message matches when its first
 * frame starts with any prefix; the empty prefix matches everything.
 */
export class SubscriptionTrie {
  private readonly root = newNode();
  private topics = 0;

  /** How many distinct prefixes are subscribed. */
  get size(): number {
    return this.topics;
  }

  /** Adds one reference to `prefix`; true if it was not subscribed before. */
  add(prefix: Uint8Array): boolean {
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
    node.count++;
    if (node.count > 1) return false;
    node.topic = Buffer.from(prefix);
    this.topics++;
    return true;
  }

  /** Drops one reference to `prefix`; true if that was the last one (false if it was not subscribed). */
  remove(prefix: Uint8Array): boolean {
    const path: Node[] = [this.root];
    let node = this.root;
    for (const byte of prefix) {
      const child = node.children?.get(byte);
      if (child === undefined) return false;
      path.push(child);
      node = child;
    }
    if (node.count === 0) return false;
    node.count--;
    if (node.count > 0) return false;
    node.topic = undefined;
    this.topics--;
    // Prune the branch back to the nearest node still in use.
    for (let depth = prefix.length; depth > 0; depth--) {
      const here = path[depth]!;
      if (here.count > 0 || (here.children !== undefined && here.children.size > 0)) break;
      const parent = path[depth - 1]!;
      parent.children!.delete(prefix[depth - 1]!);
    }
    return true;
  }

  /** How many times `prefix` itself is subscribed. */
  count(prefix: Uint8Array): number {
    let node: Node | undefined = this.root;
    for (const byte of prefix) {
      node = node.children?.get(byte);
      if (node === undefined) return 0;
    }
    return node.count;
  }

  /** Whether some subscribed prefix is a prefix of `data`. */
  match(data: Uint8Array): boolean {
    let node: Node | undefined = this.root;
    for (let i = 0; ; i++) {
      if (node.count > 0) return true;
      if (i === data.length || node.children === undefined) return false;
      node = node.children.get(data[i]!);
      if (node === undefined) return false;
    }
  }

  /** Calls `fn` once for each distinct subscribed prefix (to replay subscriptions to a new peer). */
  forEach(fn: (prefix: Buffer) => void): void {
    const stack: Node[] = [this.root];
    for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
      if (node.topic !== undefined) fn(node.topic);
      if (node.children !== undefined) for (const child of node.children.values()) stack.push(child);
    }
  }

  clear(): void {
    this.root.count = 0;
    this.root.topic = undefined;
    this.root.children = undefined;
    this.topics = 0;
  }
}
