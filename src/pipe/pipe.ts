import type { Message } from "../message.js";
import { MessageQueue } from "./message-queue.js";
import type { PipeItem } from "./pipe-item.js";

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
  /**
   * A datagram peer of a RADIO (udp): no JOIN/LEAVE travels there, so the RADIO sends it every group and the
   * DISH at the other end filters (libzmq radio_t's `_udp_pipes`, attached with subscribe_to_all).
   */
  allGroups?: boolean;
}

/**
 * The layer that owns one end of a pipe: the socket for its end, the session (on behalf of its current
 * connection) or another socket (inproc) for the other. Each end has exactly one owner, set once.
 */
export interface PipeOwner {
  /**
   * The end went from empty to holding something. Called synchronously from the writer's `write()`, so that
   * an engine encodes a message as it is sent; an owner must not write back into the same pipe from here.
   */
  pipeReadable(pipe: Pipe): void;
  /**
   * A full pipe drained to its low-water mark: there is room to write again. Always called later (in a
   * microtask), never from inside the reader's `read()`, so no layer is ever re-entered by another.
   */
  pipeWritable(pipe: Pipe): void;
  /** The other end terminated the pipe; what it delivered before that is still readable here. */
  pipeTerminated(pipe: Pipe): void;
  /** The peer behind the other end changed: a new connection completed its handshake (`pipe.peer`). */
  pipeReconnected(pipe: Pipe): void;
}

/**
 * One end of a pipe: a bounded queue of items to the other end, and the queue the other end fills. libzmq's
 * pipe_t: `Pipe.pair()` makes both ends over two queues, and each end is owned by one layer (see PipeOwner),
 * which reads and writes through it and is told of the other end's doings, and by nothing else. Socket types
 * see only their ends, never bytes. inproc joins two sockets' ends directly: no engine, no copy.
 */
export class Pipe {
  /** Who is at the other end, as its handshake (or inproc link) told. */
  peer: PeerInfo | undefined = undefined;
  /** Set by ROUTER-like sockets: the routing id under which this end is known. */
  routingId: Buffer | undefined = undefined;
  private owner: PipeOwner | undefined = undefined;
  private other!: Pipe;
  private ended = false;
  private writablePending = false;
  private readonly deliverWritable = (): void => {
    this.writablePending = false;
    if (!this.ended) this.owner?.pipeWritable(this);
  };

  private constructor(
    /** Items from the other end, read here. */
    private readonly inbound: MessageQueue,
    /** Items to the other end, written here. */
    private readonly outbound: MessageQueue,
  ) {}

  /** Two ends over two queues: items written at one end are read at the other. */
  static pair(aToB: MessageQueue, bToA: MessageQueue): [Pipe, Pipe] {
    const a = new Pipe(bToA, aToB);
    const b = new Pipe(aToB, bToA);
    a.other = b;
    b.other = a;
    return [a, b];
  }

  /**
   * A pipe between a socket and the connections that serve it: the first end is the socket's (it writes
   * with `sendHighWaterMark`, reads what arrives), the second the engine side's. ZMQ_CONFLATE: the socket's
   * inbound (`conflateInbound`) or outbound (`conflateOutbound`) queue keeps only the newest message.
   */
  static forSocket(sendHighWaterMark: number, receiveHighWaterMark: number, conflateInbound = false, conflateOutbound = false): [Pipe, Pipe] {
    return Pipe.pair(new MessageQueue(sendHighWaterMark, conflateOutbound), new MessageQueue(receiveHighWaterMark, conflateInbound));
  }

  /** The owner of this end starts hearing of it. Set once, by the layer the end is handed to. */
  attach(owner: PipeOwner): void {
    if (this.owner !== undefined) throw new Error("a pipe end has one owner");
    this.owner = owner;
    if (this.inbound.size > 0) owner.pipeReadable(this);
  }

  get attached(): boolean {
    return this.owner !== undefined;
  }

  // ---- reading -----------------------------------------------------------------------------------------

  /** Next item from the other end, if any. */
  read(): PipeItem | undefined {
    const inbound = this.inbound;
    const item = inbound.shift();
    if (inbound.writerDue()) this.other.wakeWriter();
    return item;
  }

  /** The next item, left in place. */
  peek(): PipeItem | undefined {
    return this.inbound.peek();
  }

  /** Next message, skipping typed items (for socket types whose peers never send any). */
  readMessage(): Message | undefined {
    for (;;) {
      const item = this.read();
      if (item === undefined || Array.isArray(item)) return item;
    }
  }

  /** Whether an item is waiting. */
  get readable(): boolean {
    return this.inbound.size > 0;
  }

  /** Items waiting to be read here. */
  get readableSize(): number {
    return this.inbound.size;
  }

  // ---- writing -----------------------------------------------------------------------------------------

  /** Room for one more message to the other end (its high-water mark holds), and the pipe is not ended. */
  get writable(): boolean {
    return !this.ended && !this.outbound.full;
  }

  /** Queues a message; false (and nothing queued) at the high-water mark or once the pipe is ended. */
  write(message: Message): boolean {
    if (this.ended || this.outbound.full) return false;
    if (this.outbound.push(message)) this.other.owner?.pipeReadable(this.other);
    return true;
  }

  /**
   * Queues an item even past the high-water mark (subscriptions, XPUB welcome messages, and what an engine
   * has already read from the wire, which is bounded by its own read-ahead); false only once ended.
   */
  forceWrite(item: PipeItem): boolean {
    if (this.ended) return false;
    if (this.outbound.push(item)) this.other.owner?.pipeReadable(this.other);
    return true;
  }

  /** The high-water mark of what is written here (0: none). */
  get writeMark(): number {
    return this.outbound.highWaterMark;
  }

  /** Items written here and not yet read at the other end. */
  get writtenSize(): number {
    return this.outbound.size;
  }

  /** Asks for `pipeWritable` once the other end has read all but `size` of what was written here. */
  wakeWhenBelow(size: number): void {
    this.outbound.wakeWriterAt(size);
  }

  /** Drops what waits to be read here (a binding side's queue to a peer that went), waking its writer. */
  discardUnread(): void {
    if (this.inbound.clear()) this.other.wakeWriter();
  }

  /** inproc: the marks once both sockets are known (libzmq sums them). */
  setMarks(outboundMark: number, inboundMark: number): void {
    this.outbound.highWaterMark = outboundMark;
    this.inbound.highWaterMark = inboundMark;
    // Writers waiting at the old marks (at either end) may fit under the new ones.
    if (!this.outbound.full) this.wakeWriter();
    if (!this.inbound.full) this.other.wakeWriter();
  }

  // ---- life --------------------------------------------------------------------------------------------

  /** Whether either end terminated the pipe: nothing more can be written; what is queued can be read. */
  get terminated(): boolean {
    return this.ended;
  }

  /**
   * Ends the pipe from this end: both ends stop accepting writes, and the other end's owner is told. What
   * was written before stays readable at both ends. Idempotent.
   */
  terminate(): void {
    if (this.ended) return;
    this.ended = true;
    const other = this.other;
    other.ended = true;
    other.owner?.pipeTerminated(other);
  }

  /**
   * Ends the pipe for both owners: for a third party that ends a pipe on its sockets' behalf (an inproc link
   * when a socket unbinds or disconnects), where neither end's owner asked. Idempotent.
   */
  terminateBoth(): void {
    if (this.ended) return;
    this.terminate();
    this.owner?.pipeTerminated(this);
  }

  /** Tells the other end that the peer behind this one changed (a new handshake after a reconnect). */
  announcePeer(peer: PeerInfo, reconnect: boolean): void {
    const other = this.other;
    other.peer = peer;
    if (reconnect && !other.ended) other.owner?.pipeReconnected(other);
  }

  private wakeWriter(): void {
    if (this.writablePending) return;
    this.writablePending = true;
    queueMicrotask(this.deliverWritable);
  }
}
