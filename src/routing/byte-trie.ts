/**
 * The walk both subscription tries share: nodes keyed by one byte of a prefix, each holding a value for the
 * prefix that ends there. What the value is (a count, a set of pipes) is the caller's business.
 */
export interface TrieNode<V> {
  value: V | undefined;
  children: Map<number, TrieNode<V>> | undefined;
}

export function newTrieNode<V>(): TrieNode<V> {
  return { value: undefined, children: undefined };
}

/** The node for `prefix`, created (with its ancestors) if missing. */
export function nodeFor<V>(root: TrieNode<V>, prefix: Uint8Array): TrieNode<V> {
  let node = root;
  for (const byte of prefix) {
    node.children ??= new Map<number, TrieNode<V>>();
    let child = node.children.get(byte);
    if (child === undefined) {
      child = newTrieNode<V>();
      node.children.set(byte, child);
    }
    node = child;
  }
  return node;
}

/** The nodes from the root to `prefix`'s node (length = prefix length + 1), or undefined if absent. */
export function pathTo<V>(root: TrieNode<V>, prefix: Uint8Array): TrieNode<V>[] | undefined {
  const path: TrieNode<V>[] = [root];
  let node = root;
  for (const byte of prefix) {
    const child = node.children?.get(byte);
    if (child === undefined) return undefined;
    path.push(child);
    node = child;
  }
  return path;
}

/** Removes the nodes at the end of `path` that hold no value and no children, back to one still in use. */
export function prune<V>(path: readonly TrieNode<V>[], prefix: Uint8Array): void {
  for (let depth = prefix.length; depth > 0; depth--) {
    const here = path[depth]!;
    if (here.value !== undefined || (here.children !== undefined && here.children.size > 0)) return;
    path[depth - 1]!.children!.delete(prefix[depth - 1]!);
  }
}

/** Calls `fn` with the value of every node on the way down `data` (every prefix of it that is in the trie). */
export function forEachPrefixValue<V>(root: TrieNode<V>, data: Uint8Array, fn: (value: V) => boolean | void): void {
  let node: TrieNode<V> | undefined = root;
  for (let i = 0; ; i++) {
    if (node.value !== undefined && fn(node.value) === true) return;
    if (i === data.length || node.children === undefined) return;
    node = node.children.get(data[i]!);
    if (node === undefined) return;
  }
}
