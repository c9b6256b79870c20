import type { PipeItem } from "./pipe-item.js";
import { RingQueue } from "./ring-queue.js";

/**
 * One direction of a pipe: items bounded by a high-water mark (which counts messages, not frames or bytes,
 * as in libzmq). It only stores and counts; the pipe ends around it tell its reader and writer when to
 * look (the reader when it stops being empty, the writer when a full queue drains to its low-water mark).
 */
export class MessageQueue {
  private readonly ring = new RingQueue<PipeItem>();
  /** The writer is to be woken when the queue drains to this size; -1: nobody waits. */
  private wakeAt = -1;

  /**
   * `highWaterMark` 0 means no limit. `conflate` (ZMQ_CONFLATE): the queue keeps only the newest message, a
   * new one replacing the one waiting, and is never full.
   */
  constructor(
    public highWaterMark: number,
    readonly conflate = false,
  ) {}

  get size(): number {
    return this.ring.length;
  }

  get full(): boolean {
    return !this.conflate && this.highWaterMark > 0 && this.ring.length >= this.highWaterMark;
  }

  /** Adds an item even past the mark. Returns true when the queue was empty (the reader must be told). */
  push(item: PipeItem): boolean {
    const ring = this.ring;
    if (this.conflate && ring.length > 0) {
      // The waiting message is replaced; the reader was already told the queue is not empty.
      ring.shift();
      ring.push(item);
      return false;
    }
    ring.push(item);
    const mark = this.highWaterMark;
    // At the mark the writer will wait: wake it at half the mark (libzmq's low-water mark), in a batch.
    if (mark > 0 && ring.length >= mark && this.wakeAt < mark >>> 1) this.wakeAt = mark >>> 1;
    return ring.length === 1;
  }

  /** The writer asks to be woken once the queue has drained to `size` items (or fewer). */
  wakeWriterAt(size: number): void {
    if (size > this.wakeAt) this.wakeAt = size;
  }

  shift(): PipeItem | undefined {
    return this.ring.shift();
  }

  /** Whether a waiting writer is now due to be woken (and forget that it waits). */
  writerDue(): boolean {
    if (this.ring.length > this.wakeAt) return false;
    this.wakeAt = -1;
    return true;
  }

  peek(): PipeItem | undefined {
    return this.ring.peek();
  }

  /** Drops every item. Returns true if a writer was waiting (it must be woken). */
  clear(): boolean {
    this.ring.drain();
    return this.writerDue();
  }
}
