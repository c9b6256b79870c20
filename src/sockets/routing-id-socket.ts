import { asError, ZmqError } from "../errors.js";
import type { Message, MessageLike } from "../message.js";
import type { Pipe } from "../pipe/pipe.js";
import { RoutingIds } from "../routing/routing-ids.js";
import { SingleFrameQueue } from "../routing/single-frame-queue.js";
import { singleFrame } from "./draft-socket.js";
import { SocketBase } from "./socket-base.js";
import type { SocketTypeInfo } from "./socket-types.js";

/** zeromq.js's `ServerRoutingOptions`: the peer a SERVER (or PEER) message goes to or came from. */
export interface RoutingIdOptions {
  /** The routing id the socket gave the peer's pipe: a non-zero 32-bit unsigned integer. */
  routingId: number;
}

/** The routing id of `send()`'s options, checked as zeromq.js does (EINVAL when absent or not a uint32). */
function routingIdOf(options: unknown): number {
  const id = options !== null && typeof options === "object" ? (options as { routingId?: unknown }).routingId : undefined;
  if (typeof id !== "number" || !Number.isInteger(id) || id < 0 || id > 0xffff_ffff) {
    throw new ZmqError("EINVAL", "Invalid argument: send() needs { routingId }, the 32-bit routing id of a peer");
  }
  return id;
}

/**
 * The SERVER machinery, shared by SERVER and PEER (RFC 41, RFC 51; libzmq server_t, which peer_t extends):
 * messages are fair-queued from every peer and received with the routing id of the pipe they came by; a
 * send goes to the pipe named by its routing id. An unknown id is EHOSTUNREACH; at the peer's high-water
 * mark the send waits (up to `sendTimeout`, then EAGAIN): nothing is dropped (RFC 41 "SHALL NOT discard").
 *
 * On its way down to `xsend` a message is `[routing id (4 octets), frame]`; the id is taken off before the
 * frame goes into the pipe, so it never reaches the wire (libzmq resets it before the write, too).
 */
export abstract class RoutingIdSocket extends SocketBase {
  protected readonly ids = new RoutingIds();
  private readonly in = new SingleFrameQueue();
  /** How many pipes were attached so far, and the id of the last (PEER's connectPeer answers it). */
  protected attachedPipes = 0;
  protected lastAttachedId = 0;

  protected constructor(type: SocketTypeInfo) {
    super(type);
  }

  /**
   * Queues a single-frame message to the peer `routingId`; resolves once queued, waiting at that peer's
   * high-water mark. Rejects with EHOSTUNREACH if no peer has that id, EINVAL if multipart.
   */
  send(message: MessageLike | readonly [MessageLike], options: RoutingIdOptions): Promise<void> {
    let frame: MessageLike;
    let address: Buffer;
    try {
      frame = singleFrame(message, this.socketType.name);
      address = Buffer.allocUnsafe(4);
      address.writeUInt32BE(routingIdOf(options), 0);
    } catch (err) {
      return Promise.reject(asError(err));
    }
    return this.sendMessage([address, frame]);
  }

  /** Resolves to the next message and the routing id of its sender: `[frame, { routingId }]`. */
  receive(): Promise<[Buffer, RoutingIdOptions]> {
    // xreceive hands the base `[frame, { routingId }]`, which it passes on untouched.
    return this.receiveMessage() as unknown as Promise<[Buffer, RoutingIdOptions]>;
  }

  /** `for await (const [frame, { routingId }] of socket)`: ends when the socket closes. */
  [Symbol.asyncIterator](): AsyncIterator<[Buffer, RoutingIdOptions], undefined> {
    return this.messages() as unknown as AsyncIterator<[Buffer, RoutingIdOptions], undefined>;
  }

  /** The message is `[address, frame]`, built by `send()`, which has already refused a multipart one. */
  protected override prepareSend(message: Message): Message {
    return message;
  }

  protected xattach(pipe: Pipe): boolean {
    this.lastAttachedId = this.ids.attach(pipe);
    this.attachedPipes++;
    this.in.attach(pipe);
    return true;
  }

  protected xdetach(pipe: Pipe): void {
    this.ids.detach(pipe);
    this.in.terminated(pipe);
    // A send waiting for this peer's queue to drain now fails with EHOSTUNREACH rather than at its timeout.
    this.serveSends();
  }

  protected xreadable(pipe: Pipe): void {
    this.in.activate(pipe);
  }

  protected xwritable(): void {
    // Sends are addressed: a waiting send is retried by the base when any pipe drains.
  }

  protected xsend(message: Message): boolean {
    const pipe = this.ids.lookup(message[0]!.readUInt32BE(0));
    if (pipe === undefined) throw new ZmqError("EHOSTUNREACH", "Host unreachable: no peer with that routing id");
    if (!pipe.writable) return false;
    message.shift();
    return pipe.write(message);
  }

  protected xreceive(): Message | undefined {
    const message = this.in.read();
    if (message === undefined) return undefined;
    const received: [Buffer, RoutingIdOptions] = [message[0]!, { routingId: this.ids.idOf(this.in.lastPipe!) }];
    return received as unknown as Message;
  }

  protected xhasIncoming(): boolean {
    return this.in.readable;
  }

  /** As libzmq's server_t::xhas_out: always; whether a send fits depends on the peer it names. */
  protected xcanSend(): boolean {
    return true;
  }
}
