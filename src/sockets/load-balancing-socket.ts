import type { Message } from "../message.js";
import type { Pipe } from "../pipe/pipe.js";
import { FairQueue } from "../routing/fair-queue.js";
import { LoadBalancer } from "../routing/load-balancer.js";
import { DuplexSocket } from "./duplex-socket.js";
import type { SocketTypeInfo } from "./socket-types.js";
import { boolean, defineOptions } from "./socket-options.js";

/** The DEALER pattern: round-robin out, fair-queue in. DEALER is exactly this; REQ adds an envelope. */
export abstract class LoadBalancingSocket extends DuplexSocket {
  protected readonly out = new LoadBalancer();
  protected readonly in = new FairQueue();

  protected constructor(type: SocketTypeInfo) {
    super(type);
  }

  /**
   * Send an empty message to each new peer (ZMQ_PROBE_ROUTER), so a ROUTER learns our id at once.
   * @defaultValue `false`
   */
  declare probeRouter: boolean;

  protected xattach(pipe: Pipe): boolean {
    if (this.probeRouter) pipe.write([Buffer.alloc(0)]);
    this.out.attach(pipe);
    this.in.attach(pipe);
    return true;
  }

  protected xdetach(pipe: Pipe): void {
    this.out.detach(pipe);
    this.in.terminated(pipe);
  }

  protected xreadable(pipe: Pipe): void {
    this.in.activate(pipe);
  }

  protected xwritable(pipe: Pipe): void {
    this.out.activate(pipe);
  }

  protected xsend(message: Message): boolean {
    return this.out.send(message);
  }

  protected xreceive(): Message | undefined {
    return this.in.read();
  }

  protected xhasIncoming(): boolean {
    return this.in.readable;
  }

  protected xcanSend(): boolean {
    return this.out.writable;
  }
}

defineOptions(LoadBalancingSocket, { probeRouter: boolean() });
