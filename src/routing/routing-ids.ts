import type { Pipe } from "../pipe/pipe.js";

/**
 * SERVER's and PEER's routing ids (RFC 41 §"The SERVER Socket Type"; libzmq server_t::xattach_pipe): each
 * pipe gets a non-zero 32-bit number when it is attached, counting up from a random start and skipping 0.
 * The id is the socket's own name for the pipe; it never goes on the wire.
 */
export class RoutingIds {
  /** The pipes that can be sent to, by id. */
  private readonly pipes = new Map<number, Pipe>();
  /** Each pipe's id, kept after it detaches: what it delivered before that is still received with its id. */
  private readonly ids = new WeakMap<Pipe, number>();
  private next = (Math.random() * 0x1_0000_0000) >>> 0;

  get size(): number {
    return this.pipes.size;
  }

  /** Gives `pipe` the next id, which it keeps for its whole life (across reconnects of a connecting side). */
  attach(pipe: Pipe): number {
    let id = this.next;
    this.next = (this.next + 1) >>> 0;
    if (id === 0) {
      id = this.next;
      this.next = (this.next + 1) >>> 0;
    }
    this.pipes.set(id, pipe);
    this.ids.set(pipe, id);
    return id;
  }

  /** The pipe can no longer be sent to. */
  detach(pipe: Pipe): void {
    const id = this.ids.get(pipe);
    if (id !== undefined && this.pipes.get(id) === pipe) this.pipes.delete(id);
  }

  lookup(id: number): Pipe | undefined {
    return this.pipes.get(id);
  }

  idOf(pipe: Pipe): number {
    return this.ids.get(pipe)!;
  }
}
