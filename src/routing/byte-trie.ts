import { LabelArena } from "./label-arena.js";

/**
 * A node of a `ByteTrie`: the edge from its parent is a run of bytes (its label, kept in the trie's
 * arena), and it holds a value for the prefix that ends here, if any. A node that holds a value keeps its
 * identity for as long as it does (splitting and merging edges only ever creates or drops valueless
 * nodes), so callers may index those nodes (PipeSubscriptions keeps each pipe's).
 */
export class TrieNode<V> {
  /** Where this node's label starts in the arena (the root's is empty). */
  start = 0;
  /** The label's length: at least 1 for every node but the root. */
  length = 0;
  value: V | undefined = undefined;
  /** Sorted by the first byte of their labels, which differ. */
  children: TrieNode<V>[] | undefined = undefined;
  /** The children by first byte, while there are many (a lookup in one step instead of a search). */
  byByte: (TrieNode<V> | undefined)[] | undefined = undefined;
  parent: TrieNode<V> | undefined;

  constructor(parent: TrieNode<V> | undefined) {
    this.parent = parent;
  }
}

/**
 * From how many children a node also indexes them by first byte: a table of 256 slots (2 KB) is then at
 * most ~85 bytes per child, and a step through a wide node (the first bytes of random topics) costs one
 * load instead of a binary search.
 */
const TABLE_FROM = 24;
const TABLE_UNTIL = 12;

/**
 * The path-compressed (radix) trie both subscription tries share (RFC 29's prefix matching; libzmq 4.3's
 * trie_t and mtrie_t keep a node per byte): every node but the root has a label of one or more bytes, and
 * a node without a value has at least two children, so a trie of n prefixes has fewer than 2n nodes
 * whatever their lengths. A random 255-byte prefix costs its bytes in the
 * arena plus about one node, where a node per byte cost ~55 KB. What a value is (a count, the pipes) is the
 * caller's business; the caller clears a value and then calls `release` to drop the nodes left unused.
 */
export class ByteTrie<V> {
  readonly root = new TrieNode<V>(undefined);
  private readonly arena = new LabelArena();

  /** The node for `prefix`, created (splitting an edge if it ends inside one) if missing. */
  nodeFor(prefix: Uint8Array): TrieNode<V> {
    let node = this.root;
    let pos = 0;
    while (pos < prefix.length) {
      const children = node.children;
      const at = children === undefined ? -1 : this.childIndex(children, prefix[pos]!);
      if (at < 0) return this.addLeaf(node, -at - 1, prefix, pos);
      let child = children![at]!;
      const common = this.commonLength(child, prefix, pos);
      if (common < child.length) child = this.split(node, at, child, common);
      node = child;
      pos += common;
    }
    return node;
  }

  /** The node for exactly `prefix`, if there is one (with a value or not). */
  find(prefix: Uint8Array): TrieNode<V> | undefined {
    let node = this.root;
    for (let pos = 0; pos < prefix.length; pos += node.length) {
      const next = this.step(node, prefix, pos);
      if (next === undefined) return undefined;
      node = next;
    }
    return node;
  }

  /**
   * The child of `node` whose whole label is `data` from `pos` on (`pos < data.length`), if any: one step
   * of matching a message against the prefixes.
   */
  step(node: TrieNode<V>, data: Uint8Array, pos: number): TrieNode<V> | undefined {
    let child: TrieNode<V> | undefined;
    if (node.byByte !== undefined) {
      child = node.byByte[data[pos]!];
      if (child === undefined) return undefined;
    } else {
      const children = node.children;
      if (children === undefined) return undefined;
      const at = this.childIndex(children, data[pos]!);
      if (at < 0) return undefined;
      child = children[at]!;
    }
    const length = child.length;
    if (pos + length > data.length) return undefined;
    const bytes = this.arena.bytes;
    // The first byte matched in childIndex.
    for (let i = 1, j = child.start + 1; i < length; i++, j++) if (bytes[j] !== data[pos + i]) return undefined;
    return child;
  }

  /**
   * After the caller cleared `node`'s value: drops it if it has no children (and so on up), or merges it
   * into its only child, so that no valueless node with fewer than two children remains.
   */
  release(node: TrieNode<V>): void {
    for (let parent = node.parent; parent !== undefined && node.value === undefined; parent = node.parent) {
      const children = node.children;
      if (children !== undefined && children.length > 1) break;
      const first = this.arena.bytes[node.start]!;
      const at = this.childIndex(parent.children!, first);
      if (children !== undefined) {
        this.mergeIntoChild(parent, at, node, children[0]!);
        break;
      }
      this.removeChild(parent, at, first);
      this.arena.free(node.length);
      node = parent;
    }
    if (this.arena.wasteful) this.compact(0);
  }

  /** The bytes of the prefix that ends at `node`. */
  prefixOf(node: TrieNode<V>): Buffer {
    let total = 0;
    for (let n: TrieNode<V> | undefined = node; n !== undefined; n = n.parent) total += n.length;
    const out = Buffer.allocUnsafe(total);
    const bytes = this.arena.bytes;
    let end = total;
    for (let n: TrieNode<V> | undefined = node; n !== undefined; n = n.parent) {
      end -= n.length;
      out.set(bytes.subarray(n.start, n.start + n.length), end);
    }
    return out;
  }

  /**
   * Calls `fn` for every node that holds a value, in byte order of their prefixes (a SUB replays its
   * subscriptions in this order, as libzmq does, so a publisher's cap keeps the same ones every time).
   */
  forEachValued(fn: (node: TrieNode<V>) => void): void {
    // A stack, not recursion: a peer can make the trie as deep as its prefixes are long.
    const stack: TrieNode<V>[] = [this.root];
    for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
      if (node.value !== undefined) fn(node);
      const children = node.children;
      if (children !== undefined) for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    }
  }

  clear(): void {
    this.root.value = undefined;
    this.root.children = undefined;
    this.root.byByte = undefined;
    const arena = this.arena;
    arena.bytes = new Uint8Array(0);
    arena.used = 0;
    arena.live = 0;
  }

  /** Bytes the arena holds (live labels, garbage and headroom): for tests and the bench. */
  get arenaBytes(): number {
    return this.arena.bytes.length;
  }

  /** The index of the child whose label starts with `byte`, or -(where it would go) - 1. */
  private childIndex(children: TrieNode<V>[], byte: number): number {
    const bytes = this.arena.bytes;
    let low = 0;
    let high = children.length - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const first = bytes[children[mid]!.start]!;
      if (first < byte) low = mid + 1;
      else if (first > byte) high = mid - 1;
      else return mid;
    }
    return -low - 1;
  }

  /** How many bytes of `child`'s label `prefix` has from `pos` on (at least 1: the first byte matched). */
  private commonLength(child: TrieNode<V>, prefix: Uint8Array, pos: number): number {
    const bytes = this.arena.bytes;
    const limit = Math.min(child.length, prefix.length - pos);
    let common = 1;
    while (common < limit && bytes[child.start + common] === prefix[pos + common]) common++;
    return common;
  }

  private addLeaf(parent: TrieNode<V>, at: number, prefix: Uint8Array, pos: number): TrieNode<V> {
    const length = prefix.length - pos;
    this.reserve(length);
    const leaf = new TrieNode<V>(parent);
    leaf.start = this.arena.append(prefix, pos, length);
    leaf.length = length;
    this.insertChild(parent, at, leaf);
    return leaf;
  }

  /** Puts a new node for the first `length` bytes of `child`'s label between it and `parent`. */
  private split(parent: TrieNode<V>, at: number, child: TrieNode<V>, length: number): TrieNode<V> {
    // The two labels are the two halves of the old one's run: nothing is copied.
    const mid = new TrieNode<V>(parent);
    mid.start = child.start;
    mid.length = length;
    mid.children = [child];
    child.start += length;
    child.length -= length;
    child.parent = mid;
    this.replaceChild(parent, at, mid);
    return mid;
  }

  /** Replaces the valueless `node` (child `at` of `parent`) by its only child, whose label grows in front. */
  private mergeIntoChild(parent: TrieNode<V>, at: number, node: TrieNode<V>, child: TrieNode<V>): void {
    const arena = this.arena;
    if (node.start + node.length === child.start) {
      // Still adjacent, as a split left them: the runs join in place.
      child.start = node.start;
      child.length += node.length;
    } else {
      const length = node.length + child.length;
      this.reserve(length); // may compact: read the runs' positions after it
      const start = arena.append(arena.bytes, node.start, node.length);
      arena.append(arena.bytes, child.start, child.length);
      arena.free(length);
      child.start = start;
      child.length = length;
    }
    child.parent = parent;
    this.replaceChild(parent, at, child);
  }

  private insertChild(parent: TrieNode<V>, at: number, child: TrieNode<V>): void {
    const children = (parent.children ??= []);
    children.splice(at, 0, child);
    if (parent.byByte !== undefined) {
      parent.byByte[this.arena.bytes[child.start]!] = child;
    } else if (children.length >= TABLE_FROM) {
      const byByte: (TrieNode<V> | undefined)[] = [];
      for (let i = 0; i < 256; i++) byByte.push(undefined);
      for (const c of children) byByte[this.arena.bytes[c.start]!] = c;
      parent.byByte = byByte;
    }
  }

  /** Puts `child` where another child with the same first byte was. */
  private replaceChild(parent: TrieNode<V>, at: number, child: TrieNode<V>): void {
    parent.children![at] = child;
    if (parent.byByte !== undefined) parent.byByte[this.arena.bytes[child.start]!] = child;
  }

  private removeChild(parent: TrieNode<V>, at: number, first: number): void {
    const children = parent.children!;
    children.splice(at, 1);
    if (parent.byByte !== undefined) {
      parent.byByte[first] = undefined;
      // Kept down to fewer children than it was made at, so that one child coming and going does not
      // build and drop it each time.
      if (children.length < TABLE_UNTIL) parent.byByte = undefined;
    }
    if (children.length === 0) parent.children = undefined;
  }

  /** Makes room for `length` more bytes: compacts if most of the arena is garbage, else grows it. */
  private reserve(length: number): void {
    const arena = this.arena;
    if (arena.fits(length)) return;
    if (arena.wasteful) this.compact(length);
    else arena.grow(length);
  }

  /** Rewrites every live label, one after another, into a fresh array (with room for `extra` more). */
  private compact(extra: number): void {
    const arena = this.arena;
    const old = arena.bytes;
    const bytes = arena.compacted(extra);
    let cursor = 0;
    const stack: TrieNode<V>[] = [this.root];
    for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
      bytes.set(old.subarray(node.start, node.start + node.length), cursor);
      node.start = cursor;
      cursor += node.length;
      if (node.children !== undefined) for (const child of node.children) stack.push(child);
    }
    arena.bytes = bytes;
    arena.used = cursor;
    arena.live = cursor;
  }
}
