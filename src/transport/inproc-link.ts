import { MessageQueue } from "../pipe/message-queue.js";
import { Pipe, type PeerInfo } from "../pipe/pipe.js";

/**
 * What an inproc link needs from a socket (a session's SocketHost has all of it). Kept here, not imported
 * from session/, so that transport/ depends on nothing above pipe/.
 */
export interface InprocEnd {
  readonly sendHighWaterMark: number;
  readonly receiveHighWaterMark: number;
  readonly conflate: boolean;
  /** The socket's type as ZMTP names it ("PUSH", "ROUTER", …). */
  readonly socketTypeName: string;
  /** The socket's `routingId`, if set: the identity a ROUTER peer knows it by. */
  readonly routingIdentity: Buffer | undefined;
  /** Whether a connecting socket may queue before its peer is there (libzmq does, except ROUTER-likes). */
  readonly attachesBeforeHandshake: boolean;
  /** Whether this socket type may talk to a peer of that type (RFC 28–31 valid pairs). */
  acceptsPeer(socketTypeName: string): boolean;
  /** Gives the socket a pipe; false if it refuses it (PAIR already paired, ROUTER duplicate identity…). */
  attachPipe(pipe: Pipe): boolean;
}

/** libzmq sums both ends' marks for inproc (the queue is shared); 0 on either end means no limit. */
function combinedMark(senderMark: number, receiverMark: number): number {
  return senderMark === 0 || receiverMark === 0 ? 0 : senderMark + receiverMark;
}

/** What the socket at one end learns about the other: what a ZMTP handshake would have told it. */
function peerInfo(end: InprocEnd): PeerInfo {
  const metadata = new Map<string, Uint8Array>([["socket-type", Buffer.from(end.socketTypeName)]]);
  const identity = end.routingIdentity;
  if (identity !== undefined) metadata.set("identity", identity);
  return { socketType: end.socketTypeName, identity, metadata, zmtp31: true };
}

/**
 * One inproc connection: two pipes over the same two message queues, crossed (the connector's outbound
 * queue is the binder's inbound one and vice versa), so messages pass from socket to socket as the same
 * objects, with no encoding and no copy. Terminating either pipe ends the link: both sockets drop their
 * pipe, and messages already queued stay readable by the peer until drained.
 */
export class InprocLink {
  private pipe: Pipe | undefined = undefined;
  private peerPipe: Pipe | undefined = undefined;
  private ended = false;
  /** Called once when the link ends (the registry forgets it). */
  onEnded: (() => void) | undefined = undefined;

  constructor(private readonly connector: InprocEnd) {}

  get closed(): boolean {
    return this.ended;
  }

  /**
   * The name is not bound yet: like libzmq, give the connecting socket its pipe now so it can queue, with
   * its own marks until the binder is known.
   */
  attachEarly(): void {
    const end = this.connector;
    if (this.ended || this.pipe !== undefined || !end.attachesBeforeHandshake) return;
    const pipe = Pipe.create(end.sendHighWaterMark, end.receiveHighWaterMark, end.conflate);
    if (!end.attachPipe(pipe)) return;
    this.pipe = pipe;
    this.watch(pipe);
  }

  /**
   * Joins the connector to the binder. Incompatible socket types are never joined: libzmq checks nothing
   * over inproc and lets messages flow, but a ZMTP peer would be refused at the handshake, so we refuse too
   * (the link ends; neither socket sees a peer).
   */
  join(binder: InprocEnd): void {
    if (this.ended) return;
    const connector = this.connector;
    if (!connector.acceptsPeer(binder.socketTypeName) || !binder.acceptsPeer(connector.socketTypeName)) {
      this.end();
      return;
    }
    const toBinder = combinedMark(connector.sendHighWaterMark, binder.receiveHighWaterMark);
    const toConnector = combinedMark(binder.sendHighWaterMark, connector.receiveHighWaterMark);
    const early = this.pipe;
    let pipe: Pipe;
    if (early === undefined) {
      pipe = new Pipe(new MessageQueue(toConnector, connector.conflate), new MessageQueue(toBinder, binder.conflate));
    } else {
      // Attached before the bind: widen its marks to the sum now that both ends are known.
      pipe = early;
      pipe.inbound.highWaterMark = toConnector;
      pipe.outbound.highWaterMark = toBinder;
    }
    pipe.peer = peerInfo(binder);
    const peerPipe = new Pipe(pipe.outbound, pipe.inbound);
    peerPipe.peer = peerInfo(connector);
    this.pipe = pipe;
    if (!binder.attachPipe(peerPipe)) {
      this.end();
      return;
    }
    this.peerPipe = peerPipe;
    this.watch(peerPipe);
    if (early === undefined) {
      if (!connector.attachPipe(pipe)) {
        this.pipe = undefined;
        this.end();
        return;
      }
      this.watch(pipe);
    } else {
      // Sends waiting at the connector's own mark may fit under the summed one.
      pipe.outbound.onWritable?.();
    }
  }

  /** Ends the link: both pipes terminate, so both sockets drop them. Idempotent. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    for (const pipe of [this.pipe, this.peerPipe]) {
      if (pipe === undefined) continue;
      // Nobody writes to a terminated pipe: the writers' wake-ups are no longer wanted.
      pipe.outbound.onWritable = undefined;
    }
    this.pipe?.terminate();
    this.peerPipe?.terminate();
    this.onEnded?.();
  }

  /** Whoever terminates one pipe (its socket, e.g. ROUTER handover) ends the whole link. */
  private watch(pipe: Pipe): void {
    const socketHook = pipe.onTerminated;
    pipe.onTerminated = (terminated) => {
      socketHook?.(terminated);
      this.end();
    };
  }
}
