import type { Message } from "../message.js";
import type { Pipe } from "../pipe/pipe.js";
import { ActiveSet } from "./active-set.js";

/**
 * Round-robin over the pipes that have room (RFC 30 §"The PUSH Socket Type", RFC 28 DEALER/REQ): a pipe at
 * its high-water mark is skipped until it drains. `send` answers false when no pipe has room: the socket
 * then waits (or fails with EAGAIN).
 */
export class LoadBalancer {
  private readonly pipes = new ActiveSet();
  private current = 0;
  /** The pipe the last successful `send` went to (REQ needs it to match the reply). */
  lastPipe: Pipe | undefined = undefined;

  attach(pipe: Pipe): void {
    this.pipes.add(pipe, pipe.writable);
  }

  detach(pipe: Pipe): void {
    this.pipes.remove(pipe);
    if (this.current >= this.pipes.active) this.current = 0;
  }

  /** The pipe has room again. */
  activate(pipe: Pipe): void {
    if (pipe.writable) this.pipes.activate(pipe);
  }

  get hasPipes(): boolean {
    return this.pipes.size > 0;
  }

  /** Whether some pipe has room right now. */
  get writable(): boolean {
    const { items, active } = this.pipes;
    for (let i = 0; i < active; i++) if (items[i]!.writable) return true;
    return false;
  }

  send(message: Message): boolean {
    const pipes = this.pipes;
    while (pipes.active > 0) {
      if (this.current >= pipes.active) this.current = 0;
      const pipe = pipes.items[this.current]!;
      if (pipe.write(message)) {
        this.lastPipe = pipe;
        this.current++;
        return true;
      }
      pipes.deactivate(pipe);
    }
    return false;
  }
}
