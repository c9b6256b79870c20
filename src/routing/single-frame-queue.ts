import type { Message } from "../message.js";
import type { Pipe } from "../pipe/pipe.js";
import { FairQueue } from "./fair-queue.js";

/**
 * Fair-queuing for the draft socket types, which receive single-frame messages only: a multi-frame message
 * is dropped whole (libzmq client_t/gather_t/server_t::xrecv, "drop any messages with more flag"; pipes
 * hold whole messages, so that is all its frames). `readable` looks past such messages, so that it is true
 * only when `read()` will return one (the message it found waits here for that `read()`).
 */
export class SingleFrameQueue {
  private readonly queue = new FairQueue();
  /** A message `readable` took from the queue, and the pipe it came from. */
  private found: Message | undefined = undefined;
  private foundPipe: Pipe | undefined = undefined;
  /** The pipe the last message read came from (SERVER gives its routing id). */
  lastPipe: Pipe | undefined = undefined;

  attach(pipe: Pipe): void {
    this.queue.attach(pipe);
  }

  /** Drops a pipe once it is empty: messages that arrived before it terminated are still delivered. */
  terminated(pipe: Pipe): void {
    this.queue.terminated(pipe);
  }

  activate(pipe: Pipe): void {
    this.queue.activate(pipe);
  }

  get readable(): boolean {
    if (this.found === undefined) {
      this.found = this.next();
      this.foundPipe = this.queue.lastPipe;
    }
    return this.found !== undefined;
  }

  read(): Message | undefined {
    const found = this.found;
    if (found !== undefined) {
      this.found = undefined;
      this.lastPipe = this.foundPipe;
      return found;
    }
    const message = this.next();
    if (message !== undefined) this.lastPipe = this.queue.lastPipe;
    return message;
  }

  private next(): Message | undefined {
    let message = this.queue.read();
    while (message !== undefined && message.length !== 1) message = this.queue.read();
    return message;
  }
}
