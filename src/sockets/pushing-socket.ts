import type { Message } from "../message.js";
import type { Pipe } from "../pipe/pipe.js";
import { LoadBalancer } from "../routing/load-balancer.js";
import { SocketBase } from "./socket-base.js";
import type { SocketTypeInfo } from "./socket-types.js";

/**
 * The PUSH pattern (RFC 30; libzmq push_t, scatter_t): messages round-robin over the peers that have room,
 * waiting when all are at their mark; nothing is received. PUSH is exactly this; SCATTER (RFC 49) is its
 * thread-safe twin, whose single-frame rule SocketBase applies from its type; CLIENT (RFC 41) adds a
 * receiving half. Each class makes public its own methods, and a one-way one names itself when a receive is
 * refused.
 */
export abstract class PushingSocket extends SocketBase {
  private readonly out = new LoadBalancer();

  protected constructor(type: SocketTypeInfo) {
    super(type);
  }

  protected xattach(pipe: Pipe): boolean {
    this.out.attach(pipe);
    return true;
  }

  protected xdetach(pipe: Pipe): void {
    this.out.detach(pipe);
  }

  protected xreadable(pipe: Pipe): void {
    // PULL and GATHER peers never send; drop anything that arrives so the queue cannot stall the connection.
    while (pipe.read() !== undefined);
  }

  protected xwritable(pipe: Pipe): void {
    this.out.activate(pipe);
  }

  protected xsend(message: Message): boolean {
    return this.out.send(message);
  }

  protected xreceive(): Message | undefined {
    return undefined;
  }

  protected xhasIncoming(): boolean {
    return false;
  }

  protected xcanSend(): boolean {
    return this.out.writable;
  }
}
