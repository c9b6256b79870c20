/**
 * Where a byte trie keeps its edge labels: one growing Uint8Array, each label a run `[start, start+length)`
 * of it. A label is not an object of its own (a Uint8Array per edge costs ~450 bytes beyond its bytes in
 * V8: the view, its ArrayBuffer and the off-heap backing store), so a subscription costs its bytes plus one
 * node. Splitting an edge splits its run in place; freed runs become garbage that a compaction (the trie
 * rewrites every live label, in order, into a fresh array) reclaims once garbage outweighs live bytes, so
 * the array stays within a small factor of what is subscribed, however subscriptions come and go.
 */
export class LabelArena {
  /** The labels, and garbage between them. */
  bytes: Uint8Array = new Uint8Array(0);
  /** Bytes of `bytes` handed out (live or garbage); new labels go at `used`. */
  used = 0;
  /** Bytes that live labels hold. */
  live = 0;

  /** Frees one label's run (it becomes garbage until the next compaction). */
  free(length: number): void {
    this.live -= length;
  }

  /**
   * Whether enough is garbage that compacting pays: more garbage than live bytes, and more than a little
   * (or nothing is live: an empty trie gives its array back).
   */
  get wasteful(): boolean {
    const garbage = this.used - this.live;
    return garbage > this.live && (garbage > MIN_CAPACITY || this.live === 0);
  }

  /** Whether `length` more bytes fit at `used` without growing. */
  fits(length: number): boolean {
    return this.used + length <= this.bytes.length;
  }

  /** Appends a copy of `source[from, from+length)` (after `reserve(length)`); returns where it went. */
  append(source: Uint8Array, from: number, length: number): number {
    const start = this.used;
    this.bytes.set(source.subarray(from, from + length), start);
    this.used += length;
    this.live += length;
    return start;
  }

  /** Grows the array so that `length` more bytes fit (by half again, to amortise the copy). */
  grow(length: number): void {
    const capacity = Math.max(MIN_CAPACITY, this.used + length, Math.ceil(this.bytes.length * 1.5));
    const bytes = new Uint8Array(capacity);
    bytes.set(this.bytes.subarray(0, this.used));
    this.bytes = bytes;
  }

  /** A fresh array for a compaction that will copy `live` bytes and then append `extra`. */
  compacted(extra: number): Uint8Array {
    const needed = this.live + extra;
    // Headroom of a half so that the next few appends do not grow it again at once.
    return new Uint8Array(needed === 0 ? 0 : Math.max(MIN_CAPACITY, Math.ceil(needed * 1.5)));
  }
}

/** The smallest array allocated (and the garbage below which compacting is not worth it). */
const MIN_CAPACITY = 256;
