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
  private wasFull = false;
  /** Set by the reader. */
  onReadable: (() => void) | undefined = undefined;
  /** Set by the writer. */
  onWritable: (() => void) | undefined = undefined;

  /** `highWaterMark` 0 means no limit. */
  constructor(public highWaterMark: number) {}

  get size(): number {
    return this.ring.length;
  }

  get full(): boolean {
    return this.highWaterMark > 0 && this.ring.length >= this.highWaterMark;
  }

  /** Adds a message even past the mark (the caller checks `full` first where the mark must hold). */
  push(message: Message): void {
    this.ring.push(message);
    if (this.ring.length >= this.highWaterMark && this.highWaterMark > 0) this.wasFull = true;
    if (this.ring.length === 1) this.onReadable?.();
  }

  shift(): Message | undefined {
    const message = this.ring.shift();
    if (this.wasFull && this.ring.length <= this.highWaterMark >>> 1) {
      this.wasFull = false;
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
    if (this.wasFull) {
      this.wasFull = false;
      this.onWritable?.();
    }
  }
}
