import type { SocketOptionValues } from "../options.js";
import { MessageQueue } from "../pipe/message-queue.js";
import { Pipe, type PeerInfo } from "../pipe/pipe.js";

/**
 * What an inproc link needs from a socket (a session's SocketHost has all of it). Kept here, not imported
 * from session/, so that transport/ depends on nothing above pipe/.
 */
export interface InprocEnd {
  readonly options: Pick<SocketOptionValues, "sendHighWaterMark" | "receiveHighWaterMark">;
  /** ZMQ_CONFLATE on what the socket receives (PULL, SUB, DEALER) / sends (PUSH, PUB). */
  readonly conflateInbound: boolean;
  readonly conflateOutbound: boolean;
  /** The socket's type as ZMTP names it ("PUSH", "ROUTER", …). */
  readonly socketTypeName: string;
  /** The socket's `routingId`, if set: the identity a ROUTER peer knows it by. */
  readonly routingIdentity: Buffer | undefined;
  /** Whether a connecting socket may queue before its peer is there (libzmq does, except ROUTER-likes). */
  readonly attachesBeforeHandshake: boolean;
  /** Whether this socket type may talk to a peer of that type (RFC 28–31 valid pairs). */
  acceptsPeer(socketTypeName: string): boolean;
  /** Gives the socket its end of a pipe; false if it refuses it (PAIR already paired, ROUTER duplicate…). */
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
 * One inproc connection: a pipe whose two ends belong to the two sockets, so messages pass from socket to
 * socket as the same objects, with no encoding and no copy. Either socket terminating its end tells the
 * other (the pipe does that); ending the link (unbind, disconnect, close) ends the pipe for both. Messages
 * already queued stay readable by the peer until drained.
 */
export class InprocLink {
  /** The connector's end and the binder's, once made. */
  private connectorEnd: Pipe | undefined = undefined;
  private binderEnd: Pipe | undefined = undefined;
  private ended = false;

  constructor(
    private readonly connector: InprocEnd,
    /** ZMQ_CONNECT_ROUTING_ID: the connector knows the binder by this id, not the one the binder has. */
    private readonly peerRoutingId?: Buffer,
  ) {}

  get closed(): boolean {
    return this.ended || this.connectorEnd?.terminated === true;
  }

  /**
   * The name is not bound yet: like libzmq, give the connecting socket its pipe now so it can queue, with
   * its own marks until the binder is known.
   */
  attachEarly(): void {
    const end = this.connector;
    if (this.ended || this.connectorEnd !== undefined || !end.attachesBeforeHandshake) return;
    const [connectorEnd, binderEnd] = Pipe.pair(
      new MessageQueue(end.options.sendHighWaterMark, end.conflateOutbound),
      new MessageQueue(end.options.receiveHighWaterMark, end.conflateInbound),
    );
    if (!end.attachPipe(connectorEnd)) return;
    this.connectorEnd = connectorEnd;
    this.binderEnd = binderEnd;
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
    const toBinder = combinedMark(connector.options.sendHighWaterMark, binder.options.receiveHighWaterMark);
    const toConnector = combinedMark(binder.options.sendHighWaterMark, connector.options.receiveHighWaterMark);
    const early = this.connectorEnd !== undefined;
    if (!early) {
      [this.connectorEnd, this.binderEnd] = Pipe.pair(
        new MessageQueue(toBinder, connector.conflateOutbound || binder.conflateInbound),
        new MessageQueue(toConnector, binder.conflateOutbound || connector.conflateInbound),
      );
    }
    const connectorEnd = this.connectorEnd!;
    const binderEnd = this.binderEnd!;
    const binderInfo = peerInfo(binder);
    connectorEnd.peer = this.peerRoutingId === undefined ? binderInfo : { ...binderInfo, identity: this.peerRoutingId };
    binderEnd.peer = peerInfo(connector);
    // Attached before the bind: widen its marks to the sum now that both ends are known, before the
    // binder's waiting sends see the queue.
    if (early) connectorEnd.setMarks(toBinder, toConnector);
    if (!binder.attachPipe(binderEnd)) {
      this.end();
      return;
    }
    if (!early && !connector.attachPipe(connectorEnd)) this.end();
  }

  /** Ends the link: both sockets drop their ends. Idempotent. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.connectorEnd?.terminateBoth();
  }
}
