import type { Pipe } from "../pipe/pipe.js";
import { Distributor } from "../routing/distributor.js";
import { FairQueue } from "../routing/fair-queue.js";
import { SocketBase } from "./socket-base.js";
import type { SocketTypeInfo } from "./socket-types.js";
import { defineOptions, integer } from "./socket-options.js";

/**
 * What SUB, XSUB and DISH share (RFC 29, RFC 48; libzmq xsub_t, dish_t): messages fair-queued from the
 * publishing peers (PUB/XPUB, RADIO), and what the socket wants from them (subscriptions, group
 * memberships) sent upstream to every one of them, in full to each new one and again after every
 * reconnect (libzmq's xhiccuped). What goes upstream bypasses the high-water mark: it is never dropped.
 */
export abstract class UpstreamSocket extends SocketBase {
  protected readonly in = new FairQueue();
  protected readonly upstream = new Distributor();

  protected constructor(type: SocketTypeInfo) {
    super(type);
  }

  /** Writes everything the socket wants (every subscription, every group) to one publisher's pipe. */
  protected abstract replay(pipe: Pipe): void;

  protected xattach(pipe: Pipe): boolean {
    this.in.attach(pipe);
    this.upstream.attach(pipe);
    this.replay(pipe);
    return true;
  }

  protected xdetach(pipe: Pipe): void {
    this.in.terminated(pipe);
    this.upstream.detach(pipe);
  }

  protected override xpeerReady(pipe: Pipe): void {
    // A reconnected publisher knows nothing of us: tell it everything again.
    this.replay(pipe);
  }

  protected xreadable(pipe: Pipe): void {
    this.in.activate(pipe);
  }

  protected xwritable(): void {
    // What goes upstream never waits, and other messages (XSUB) are dropped at the mark.
  }
}

// As libzmq's xsub_t and dish_t (and so zeromq.js): what these sockets queue are subscriptions and
// memberships, which are not worth waiting for at close: linger defaults to 0.
defineOptions(UpstreamSocket, { linger: integer(0, -1) });
