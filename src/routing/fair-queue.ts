import type { Message } from "../message.js";
import type { Pipe } from "../pipe/pipe.js";
import { ActiveSet } from "./active-set.js";

/**
 * Fair-queuing over the pipes that hold messages (RFC 30 §"The PULL Socket Type"): one message from each
 * ready pipe in turn, so one busy peer cannot starve the others. A terminated pipe is kept until the
 * messages it already delivered are read.
 */
export class FairQueue {
  private readonly pipes = new ActiveSet();
  private current = 0;
  /** The pipe the last message came from (REP, ROUTER and REQ need it). */
  lastPipe: Pipe | undefined = undefined;

  attach(pipe: Pipe): void {
    this.pipes.add(pipe, pipe.readable);
  }

  /** Drops a pipe at once, with whatever it still holds. */
  detach(pipe: Pipe): void {
    this.pipes.remove(pipe);
    if (this.current >= this.pipes.active) this.current = 0;
  }

  /** Drops a pipe once it is empty: messages that arrived before it terminated are still delivered. */
  terminated(pipe: Pipe): void {
    if (!pipe.readable) this.detach(pipe);
  }

  /** The pipe has messages again. */
  activate(pipe: Pipe): void {
    this.pipes.activate(pipe);
  }

  /**
   * Whether `read()` would return a message. Pipes are deactivated lazily (by `read()`), so an active pipe
   * may have been drained already: check and deactivate as libzmq's fq_t::has_in does, rather than answer
   * from the active count (which made `socket.readable` report true with nothing to receive).
   */
  get readable(): boolean {
    const pipes = this.pipes;
    while (pipes.active > 0) {
      if (this.current >= pipes.active) this.current = 0;
      const pipe = pipes.items[this.current]!;
      if (pipe.readable) return true;
      if (pipe.terminated) this.detach(pipe);
      else pipes.deactivate(pipe);
    }
    return false;
  }

  read(): Message | undefined {
    const pipes = this.pipes;
    while (pipes.active > 0) {
      if (this.current >= pipes.active) this.current = 0;
      const pipe = pipes.items[this.current]!;
      // Only PUB/XPUB receive typed items (subscriptions), and they read their pipes themselves.
      const message = pipe.readMessage();
      if (message !== undefined) {
        this.lastPipe = pipe;
        this.current++;
        if (!pipe.readable && pipe.terminated) this.detach(pipe);
        return message;
      }
      if (pipe.terminated) this.detach(pipe);
      else pipes.deactivate(pipe);
    }
    return undefined;
  }
}
