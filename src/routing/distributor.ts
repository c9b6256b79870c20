import type { Message } from "../message.js";
import type { Pipe } from "../pipe/pipe.js";
import type { PipeItem } from "../pipe/pipe-item.js";
import { ActiveSet } from "./active-set.js";

/**
 * Sends one message to many pipes (RFC 29 PUB/XPUB, and XSUB upstream; libzmq's dist_t). The sender first
 * marks the pipes the message is for (`match`, `matchAll`, `reverseMatch`), then sends to them: a pipe at
 * its high-water mark simply misses the message (PUB never blocks), unless the caller asked `noDrop`, when
 * nothing is sent until every marked pipe has room.
 *
 * Frames are shared between the pipes, never copied (the engine does not mutate them). Each pipe beyond the
 * first gets its own frame array, so a receiver in the same process (inproc) that shifts or pushes frames
 * of its message cannot disturb another receiver's.
 */
export class Distributor {
  /** All pipes; the "active" ones of the set are those marked for the current message. */
  private readonly pipes = new ActiveSet();

  get size(): number {
    return this.pipes.size;
  }

  has(pipe: Pipe): boolean {
    return this.pipes.has(pipe);
  }

  attach(pipe: Pipe): void {
    this.pipes.add(pipe, false);
  }

  detach(pipe: Pipe): void {
    this.pipes.remove(pipe);
  }

  /** Marks `pipe` for the next send (idempotent). */
  match(pipe: Pipe): void {
    this.pipes.activate(pipe);
  }

  matchAll(): void {
    for (const pipe of this.pipes.items) this.pipes.activate(pipe);
  }

  /** Marks exactly the pipes that were not marked (invertMatching). */
  reverseMatch(): void {
    const unmarked = this.pipes.items.slice(this.pipes.active);
    this.unmatch();
    for (const pipe of unmarked) this.pipes.activate(pipe);
  }

  unmatch(): void {
    // The marked pipes are the set's first `active` items: unmarking them all is moving the boundary.
    this.pipes.active = 0;
  }

  /** How many pipes are marked. */
  get matching(): number {
    return this.pipes.active;
  }

  /** Whether every marked pipe has room (the noDrop check). */
  get matchingWritable(): boolean {
    const { items, active } = this.pipes;
    for (let i = 0; i < active; i++) if (!items[i]!.writable) return false;
    return true;
  }

  /**
   * Queues `message` on every marked pipe that has room and clears the marks. With `noDrop`, sends nothing
   * and keeps the marks (answers false) when a marked pipe is at its high-water mark.
   */
  sendToMatching(message: Message, noDrop = false): boolean {
    if (noDrop && !this.matchingWritable) return false;
    const { items, active } = this.pipes;
    let delivered = 0;
    for (let i = 0; i < active; i++) {
      if (items[i]!.write(delivered === 0 ? message : message.slice())) delivered++;
    }
    this.unmatch();
    return true;
  }

  /** Marks every pipe and sends (XSUB upstream). */
  sendToAll(message: Message, noDrop = false): boolean {
    this.matchAll();
    const sent = this.sendToMatching(message, noDrop);
    if (!sent) this.unmatch();
    return sent;
  }

  /** Queues `item` on every pipe, past the high-water mark if need be (subscriptions are never lost). */
  forceToAll(item: PipeItem): void {
    let delivered = 0;
    for (const pipe of this.pipes.items) {
      // Typed items are immutable and shared; each pipe beyond the first gets its own frame array.
      if (pipe.forceWrite(delivered === 0 || !Array.isArray(item) ? item : item.slice())) delivered++;
    }
  }
}
