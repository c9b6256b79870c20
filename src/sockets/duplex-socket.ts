import type { MessageLike } from "../message.js";
import { SocketBase } from "./socket-base.js";

/**
 * The socket types that both send and receive (PAIR, REQ, REP, DEALER, ROUTER, STREAM): SocketBase's message
 * machinery made public. One-way types (PUSH, PULL, PUB, SUB) expose only their own half, as zeromq.js does.
 */
export abstract class DuplexSocket extends SocketBase {
  /** Queues a message (multipart if an array); resolves once queued, waiting at the high-water mark. */
  send(message: MessageLike | readonly MessageLike[]): Promise<void> {
    return this.sendMessage(message);
  }

  /** Resolves to the next message's frames; waits (up to `receiveTimeout`) until one arrives. */
  receive(): Promise<Buffer[]> {
    return this.receiveMessage();
  }

  /** `for await (const message of socket)`: ends when the socket closes. */
  [Symbol.asyncIterator](): AsyncIterator<Buffer[], undefined> {
    return this.messages();
  }
}
