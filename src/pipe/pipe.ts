import type { Message } from "../message.js";
import { MessageQueue } from "./message-queue.js";

/** What the socket learns about the peer at the other end of a pipe. */
export interface PeerInfo {
  /** The peer's socket type as it announced it (`Socket-Type`), e.g. "DEALER". */
  socketType: string;
  /** The peer's `Identity` property, when it sent a non-empty one. */
  identity: Buffer | undefined;
  /** Every metadata property the peer sent, keyed by lower-cased name. */
  metadata: ReadonlyMap<string, Uint8Array>;
  /** Whether the peer speaks ZMTP 3.1 or later (SUBSCRIBE/CANCEL commands, PING). */
  zmtp31: boolean;
}

/**
 * The socket's handle on one peer: an inbound queue the connection fills and the socket reads, and an
 * outbound queue the socket fills and the connection drains. Socket types see only this, never bytes.
 * inproc builds two pipes over the same two queues, crossed.
 */
export class Pipe {
  peer: PeerInfo | undefined = undefined;
  /** Set by ROUTER-like sockets: the routing id under which this pipe is known. */
  routingId: Buffer | undefined = undefined;
  terminated = false;
  /** Set by the socket: the pipe is gone (connection closed for good, or unbound/disconnected). */
  onTerminated: ((pipe: Pipe) => void) | undefined = undefined;
  /** Set by the socket: the peer reconnected (a new handshake on a pipe that already served a connection). */
  onPeerReady: ((pipe: Pipe) => void) | undefined = undefined;
  /** Set by the session: end the connection this pipe serves (the socket evicted the pipe). */
  onEvicted: ((pipe: Pipe) => void) | undefined = undefined;

  constructor(
    readonly inbound: MessageQueue,
    readonly outbound: MessageQueue,
  ) {}

  /** `conflate`: the inbound queue keeps only the newest message (ZMQ_CONFLATE). */
  static create(sendHighWaterMark: number, receiveHighWaterMark: number, conflate = false): Pipe {
    return new Pipe(new MessageQueue(receiveHighWaterMark, conflate), new MessageQueue(sendHighWaterMark));
  }

  /** Next message from the peer, if any. */
  read(): Message | undefined {
    return this.inbound.shift();
  }

  get readable(): boolean {
    return this.inbound.size > 0;
  }

  /** Room for one more message to the peer (the high-water mark holds). */
  get writable(): boolean {
    return !this.terminated && !this.outbound.full;
  }

  /** Queues a message to the peer; false (and nothing queued) at the high-water mark or after termination. */
  write(message: Message): boolean {
    if (!this.writable) return false;
    this.outbound.push(message);
    return true;
  }

  /**
   * Queues a message to the peer even past the high-water mark (subscriptions and XPUB welcome messages,
   * which must never be lost); false only after termination.
   */
  forceWrite(message: Message): boolean {
    if (this.terminated) return false;
    this.outbound.push(message);
    return true;
  }

  /** Called by the session when the peer completed a handshake. */
  ready(peer: PeerInfo): void {
    this.peer = peer;
    this.onPeerReady?.(this);
  }

  /**
   * Called by the socket when it drops a pipe whose peer is still connected (ROUTER handover: another peer
   * took its identity). As libzmq terminating the pipe, the connection is closed too, so the old peer
   * learns of it and reconnects rather than sending into a pipe nobody reads.
   */
  evict(): void {
    this.terminate();
    this.onEvicted?.(this);
  }

  /** Called by the session when the pipe ends for good; the socket drops it. Idempotent. */
  terminate(): void {
    if (this.terminated) return;
    this.terminated = true;
    this.onTerminated?.(this);
  }
}
