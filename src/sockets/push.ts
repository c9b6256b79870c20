import { ZmqError } from "../errors.js";
import type { SocketOptions } from "../options.js";
import { PushingSocket } from "./pushing-socket.js";
import { SOCKET_TYPES } from "./socket-types.js";
import type { MessageLike } from "../message.js";
import { boolean, defineOptions } from "./socket-options.js";

/** PUSH (RFC 30): round-robins messages over connected PULL peers; waits when all are at their mark. */
export class Push extends PushingSocket {
  constructor(options?: SocketOptions & { conflate?: boolean }) {
    super(SOCKET_TYPES.PUSH);
    this.applyOptions(options);
  }

  /**
   * ZMQ_CONFLATE, as libzmq applies it to this type: each peer's outgoing queue keeps only the newest
   * message (single-frame messages are what it is meant for), so a slow peer gets the latest. Set before
   * bind/connect.
   * @defaultValue `false`
   */
  declare conflate: boolean;

  /** Queues a message (multipart if an array); resolves once queued, waiting at the high-water mark. */
  send(message: MessageLike | readonly MessageLike[]): Promise<void> {
    return this.sendMessage(message);
  }

  /** Queues the message only if that needs no wait: true; false, queuing nothing, if `send()` would wait. */
  trySend(message: MessageLike | readonly MessageLike[]): boolean {
    return this.trySendMessage(message);
  }

  /** Queues the messages in order, as many `send()`s; resolves once the last is queued (the batch path). */
  sendMany(messages: readonly (MessageLike | readonly MessageLike[])[]): Promise<void> {
    return this.sendManyMessages(messages);
  }

  protected override prepareReceive(): void {
    throw new ZmqError("ENOTSUP", "Push sockets cannot receive");
  }
}

defineOptions(Push, { conflate: boolean() });
