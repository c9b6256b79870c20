import { ZmqError } from "../errors.js";
import type { MessageLike } from "../message.js";
import type { SocketOptions } from "../options.js";
import { PushingSocket } from "./pushing-socket.js";
import { SOCKET_TYPES } from "./socket-types.js";
import { boolean, defineOptions } from "./socket-options.js";

/** What `new Scatter(options)` takes: the options every socket has, and `conflate`. */
export interface ScatterOptions extends SocketOptions {
  /** ZMQ_CONFLATE: each peer's outgoing queue keeps only the newest message. */
  conflate?: boolean;
}

/**
 * SCATTER (RFC 49; libzmq src/scatter.cpp): round-robins single-frame messages over its GATHER peers,
 * waiting when all are at their mark; the thread-safe PUSH. A multipart send is EINVAL.
 */
export class Scatter extends PushingSocket {
  constructor(options?: ScatterOptions) {
    super(SOCKET_TYPES.SCATTER);
    this.applyOptions(options);
  }

  /**
   * ZMQ_CONFLATE: each peer's outgoing queue keeps only the newest message. Set before bind/connect.
   * (zeromq.js types it on Scatter; libzmq 4.3.5 accepts it there but ignores it, zmtp applies it as PUSH does.)
   */
  declare conflate: boolean;

  /** Queues a single-frame message; resolves once queued, waiting at the high-water mark. EINVAL if multipart. */
  send(message: MessageLike | readonly [MessageLike]): Promise<void> {
    return this.sendMessage(message);
  }

  /** Queues the single-frame message only if that needs no wait: true; false, queuing nothing, if `send()` would wait. */
  trySend(message: MessageLike | readonly [MessageLike]): boolean {
    return this.trySendMessage(message);
  }

  /** Queues single-frame messages in order, as many `send()`s; resolves once the last is queued (the batch path). */
  sendMany(messages: readonly (MessageLike | readonly [MessageLike])[]): Promise<void> {
    return this.sendManyMessages(messages);
  }

  protected override prepareReceive(): void {
    throw new ZmqError("ENOTSUP", "Scatter sockets cannot receive");
  }
}

defineOptions(Scatter, { conflate: boolean() });
