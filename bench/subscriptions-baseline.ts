/**
 * The subscription tries as they were before issue 18 (a `{value, children: Map}` node per byte), kept only
 * so that bench/subscriptions.ts can time matching against them. Not used by the library.
 */
interface MapNode<V> {
  value: V | undefined;
  children: Map<number, MapNode<V>> | undefined;
}

function nodeFor<V>(root: MapNode<V>, prefix: Uint8Array): MapNode<V> {
  let node = root;
  for (const byte of prefix) {
    node.children ??= new Map<number, MapNode<V>>();
    let child = node.children.get(byte);
    if (child === undefined) {
      child = { value: undefined, children: undefined };
      node.children.set(byte, child);
    }
    node = child;
  }
  return node;
}

function forEachPrefixValue<V>(root: MapNode<V>, data: Uint8Array, fn: (value: V) => boolean | void): void {
  let node: MapNode<V> | undefined = root;
  for (let i = 0; ; i++) {
    if (node.value !== undefined && fn(node.value) === true) return;
    if (i === data.length || node.children === undefined) return;
    node = node.children.get(data[i]!);
    if (node === undefined) return;
  }
}

/** SubscriptionTrie's old add/match. */
export class MapSubscriptionTrie {
  private readonly root: MapNode<number> = { value: undefined, children: undefined };

  add(prefix: Uint8Array): void {
    const node = nodeFor(this.root, prefix);
    node.value = (node.value ?? 0) + 1;
  }

  match(data: Uint8Array): boolean {
    let matched = false;
    forEachPrefixValue(this.root, data, () => (matched = true));
    return matched;
  }
}

/** PipeSubscriptions' old add/match (pipes as opaque objects). */
export class MapPipeSubscriptions<P> {
  private readonly root: MapNode<Set<P>> = { value: undefined, children: undefined };

  add(prefix: Uint8Array, pipe: P): void {
    (nodeFor(this.root, prefix).value ??= new Set<P>()).add(pipe);
  }

  match(data: Uint8Array, fn: (pipe: P) => void): void {
    forEachPrefixValue(this.root, data, (pipes) => {
      for (const pipe of pipes) fn(pipe);
    });
  }
}
