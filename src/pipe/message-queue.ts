import type { Message } from "../message.js";
import { RingQueue } from "./ring-queue.js";

/**
 * One direction of a pipe: a queue of whole messages bounded by a high-water mark (which counts messages,
 * not frames or bytes, as in libzmq). One side writes, the other reads; each side leaves a wake-up hook:
 * the reader's `onReadable` fires when the queue stops being empty, the writer's `onWritable` when a full
 * queue drains to its low-water mark (half the high-water mark, as libzmq), so waiting writers wake in
 * batches rather than one message at a time.
 */
export class MessageQueue {
  private readonly ring = new RingQueue<Message>();
  /** The writer is woken when the queue drains to this size; -1: nobody waits. */
  private wakeAt = -1;
  /** Set by the reader. */
  onReadable: (() => void) | undefined = undefined;
  /** Set by the writer. */
  onWritable: (() => void) | undefined = undefined;
  /**
   * Set by a reader that can take messages at once (the engine encodes them as they come): a push to an
   * empty queue is offered here first and skips the queue if taken. Same order, less work per message.
   */
  takeAtOnce: ((message: Message) => boolean) | undefined = undefined;

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

  /** Adds a message even past the mark (the caller checks `full` first where the mark must hold). */
  push(message: Message): void {
    if (this.ring.length === 0 && this.takeAtOnce?.(message) === true) return;
    if (this.conflate && this.ring.length > 0) {
      // Conflate: the waiting message is replaced; the reader was already told the queue is not empty.
      this.ring.shift();
      this.ring.push(message);
      return;
    }
    this.ring.push(message);
    if (this.ring.length >= this.highWaterMark && this.highWaterMark > 0) {
      this.wakeAt = Math.max(this.wakeAt, this.highWaterMark >>> 1);
    }
    if (this.ring.length === 1) this.onReadable?.();
  }

  /** The writer asks for `onWritable` once the queue has drained to `size` messages (or fewer). */
  wakeWriterAt(size: number): void {
    this.wakeAt = Math.max(this.wakeAt, size);
  }

  shift(): Message | undefined {
    const message = this.ring.shift();
    if (this.ring.length <= this.wakeAt) {
      this.wakeAt = -1;
      this.onWritable?.();
    }
    return message;
  }

  peek(): Message | undefined {
    return this.ring.peek();
  }

  /** Drops every queued message (a binding side's queue when its peer goes away). */
  clear(): void {
    this.ring.drain();
    if (this.wakeAt >= 0) {
      this.wakeAt = -1;
      this.onWritable?.();
    }
  }
}
