import type { Message } from "../message.js";
import type { Pipe } from "../pipe/pipe.js";
import { inboundQueue, type InboundQueue } from "./draft-socket.js";
import { SocketBase } from "./socket-base.js";
import type { SocketTypeInfo } from "./socket-types.js";

/**
 * The PULL pattern (RFC 30; libzmq pull_t, gather_t): messages fair-queued from every peer; nothing is sent.
 * PULL is exactly this; GATHER (RFC 49) is its thread-safe twin, which takes single-frame messages only
 * (its queue drops the others whole: draft-socket.ts `inboundQueue`). Each class makes public its own
 * receive methods and names itself when a send is refused.
 */
export abstract class PullingSocket extends SocketBase {
  private readonly in: InboundQueue;

  protected constructor(type: SocketTypeInfo) {
    super(type);
    this.in = inboundQueue(type);
  }

  protected xattach(pipe: Pipe): boolean {
    this.in.attach(pipe);
    return true;
  }

  protected xdetach(pipe: Pipe): void {
    this.in.terminated(pipe);
  }

  protected xreadable(pipe: Pipe): void {
    this.in.activate(pipe);
  }

  protected xwritable(): void {
    // Never sends.
  }

  protected xsend(): boolean {
    return false;
  }

  protected xreceive(): Message | undefined {
    return this.in.read();
  }

  protected xhasIncoming(): boolean {
    return this.in.readable;
  }

  protected xcanSend(): boolean {
    return false;
  }
}
