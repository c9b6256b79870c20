import { ZmqError } from "../errors.js";
import type { Message } from "../message.js";
import type { SocketOptions } from "../options.js";
import type { Pipe } from "../pipe/pipe.js";
import { LoadBalancingSocket } from "./load-balancing-socket.js";
import { SOCKET_TYPES } from "./socket-types.js";
import { boolean, defineOptions } from "./socket-options.js";

/** What `new Request(options)` takes: the options every socket has, and its own (each also a property of the socket). */
export interface RequestOptions extends SocketOptions {
  /** Allow a new request before the reply to the last one (ZMQ_REQ_RELAXED); the old reply is dropped. */
  relaxed?: boolean;
  /** Tag each request with an id and accept only the reply carrying it (ZMQ_REQ_CORRELATE). */
  correlate?: boolean;
  /** Sends an empty message to each peer as it connects (ZMQ_PROBE_ROUTER). */
  probeRouter?: boolean;
}

const EMPTY = Buffer.alloc(0);

/**
 * `[first, second?, ...message]` in one exactly-sized array. An array spread goes through the iterator
 * protocol, which is slow in the interpreter and baseline tiers a process runs in during its first
 * thousands of requests; a plain loop is as fast there as once optimised.
 */
function withEnvelope(message: Message, first: Buffer, second: Buffer | undefined): Message {
  const at = second === undefined ? 1 : 2;
  const frames = new Array<Buffer>(at + message.length);
  frames[0] = first;
  if (second !== undefined) frames[1] = second;
  for (let i = 0; i < message.length; i++) frames[at + i] = message[i]!;
  return frames;
}

/**
 * REQ (RFC 28 §"The REQ Socket Type"): strictly alternates send and receive (EFSM otherwise, unless
 * `relaxed`). Each request goes out with an empty delimiter frame to one peer, round-robin; only a reply
 * from that same peer, starting with the delimiter, is delivered; anything else is dropped.
 */
export class Request extends LoadBalancingSocket {
  /**
   * ZMQ_REQ_RELAXED: a new request may go before the last one's reply (which is then dropped).
   * @defaultValue `false`
   */
  declare relaxed: boolean;
  /** ZMQ_REQ_CORRELATE: tag each request with an id and accept only the reply carrying it. @defaultValue `false` */
  declare correlate: boolean;
  /** A request was sent and its reply has not been delivered yet. */
  private awaitingReply = false;
  /** A receive() is already waiting for that reply. */
  private receiveClaimed = false;
  private replyPipe: Pipe | undefined = undefined;
  private requestId = (Math.random() * 0x1_0000_0000) >>> 0;

  constructor(options?: RequestOptions) {
    super(SOCKET_TYPES.REQ);
    this.applyOptions(options);
  }

  protected override prepareSend(message: Message): Message {
    if (this.awaitingReply && !this.relaxed) {
      throw new ZmqError("EFSM", "Operation cannot be accomplished in current state: a reply is expected first");
    }
    this.awaitingReply = true;
    this.replyPipe = undefined;
    if (!this.correlate) return withEnvelope(message, EMPTY, undefined);
    this.requestId = (this.requestId + 1) >>> 0;
    const id = Buffer.allocUnsafe(4);
    id.writeUInt32BE(this.requestId);
    return withEnvelope(message, id, EMPTY);
  }

  protected override sendAborted(): void {
    this.awaitingReply = false;
  }

  /** Receives alternate with sends: a `receiveMany()` resolves to the one message that may be received. */
  protected override get receivesInBatches(): boolean {
    return false;
  }

  protected override prepareReceive(): void {
    if (!this.awaitingReply || this.receiveClaimed) {
      throw new ZmqError("EFSM", "Operation cannot be accomplished in current state: send a request first");
    }
    this.receiveClaimed = true;
  }

  protected override receiveAborted(): void {
    this.receiveClaimed = false;
  }

  protected override xsend(message: Message): boolean {
    if (!this.out.send(message)) return false;
    this.replyPipe = this.out.lastPipe;
    return true;
  }

  protected override xreceive(): Message | undefined {
    if (!this.receiveClaimed) return undefined;
    for (;;) {
      const message = this.in.read();
      if (message === undefined) return undefined;
      const reply = this.unwrap(message);
      if (reply === undefined) continue;
      this.awaitingReply = false;
      this.receiveClaimed = false;
      return reply;
    }
  }

  /** As libzmq's req_t::xhas_in: nothing is receivable (receive() would fail with EFSM) until a request is out. */
  protected override xhasIncoming(): boolean {
    return this.awaitingReply && super.xhasIncoming();
  }

  /** As libzmq's req_t::xhas_out: not writable while a reply is awaited (send() fails with EFSM), unless relaxed. */
  protected override xcanSend(): boolean {
    return (this.relaxed || !this.awaitingReply) && super.xcanSend();
  }

  /** The reply body, or undefined when the message is not the reply we wait for. */
  private unwrap(message: Message): Message | undefined {
    if (this.replyPipe === undefined || this.in.lastPipe !== this.replyPipe) return undefined;
    let at = 0;
    if (this.correlate) {
      const id = message[0];
      if (id === undefined || id.length !== 4 || id.readUInt32BE(0) !== this.requestId) return undefined;
      at = 1;
    }
    // The delimiter must be followed by a body: a lone `[""]` is malformed and dropped (libzmq's
    // req_t::recv_reply_pipe wants the empty frame with MORE set).
    if (message.length <= at + 1 || message[at]!.length !== 0) return undefined;
    return message.slice(at + 1);
  }
}

defineOptions(Request, { relaxed: boolean(), correlate: boolean() });
