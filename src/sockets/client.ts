import type { Message, MessageLike } from "../message.js";
import type { SocketOptions } from "../options.js";
import type { Pipe } from "../pipe/pipe.js";
import { SingleFrameQueue } from "../routing/single-frame-queue.js";
import { PushingSocket } from "./pushing-socket.js";
import { SOCKET_TYPES } from "./socket-types.js";

/**
 * CLIENT (RFC 41; libzmq src/client.cpp): round-robins single-frame messages over its SERVER peers, waiting
 * when all are at their mark, and fair-queues what they send back. Multi-frame messages are dropped.
 */
export class Client extends PushingSocket {
  /** What the SERVERs send back, fair-queued; multi-frame messages are dropped whole. */
  private readonly in = new SingleFrameQueue();

  constructor(options?: SocketOptions) {
    super(SOCKET_TYPES.CLIENT);
    this.applyOptions(options);
  }

  /** Queues a single-frame message; resolves once queued, waiting at the high-water mark. EINVAL if multipart. */
  send(message: MessageLike | readonly [MessageLike]): Promise<void> {
    return this.sendMessage(message);
  }

  /** Resolves to the next message, `[frame]`; waits (up to `receiveTimeout`) until one arrives. */
  receive(): Promise<[Buffer]> {
    return this.receiveMessage() as Promise<[Buffer]>;
  }

  /** `for await (const [frame] of socket)`: ends when the socket closes. */
  [Symbol.asyncIterator](): AsyncIterator<[Buffer], undefined> {
    return this.messages() as AsyncIterator<[Buffer], undefined>;
  }

  // PushingSocket sends; what a CLIENT adds is the receiving half (libzmq client_t: lb_t out, fq_t in).

  protected override xattach(pipe: Pipe): boolean {
    super.xattach(pipe);
    this.in.attach(pipe);
    return true;
  }

  protected override xdetach(pipe: Pipe): void {
    super.xdetach(pipe);
    this.in.terminated(pipe);
  }

  protected override xreadable(pipe: Pipe): void {
    this.in.activate(pipe);
  }

  protected override xreceive(): Message | undefined {
    return this.in.read();
  }

  protected override xhasIncoming(): boolean {
    return this.in.readable;
  }
}
