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

  /** Queues the message only if that needs no wait: true; false, queuing nothing, if `send()` would wait. */
  trySend(message: MessageLike | readonly MessageLike[]): boolean {
    return this.trySendMessage(message);
  }

  /** Queues the messages in order, as many `send()`s; resolves once the last is queued (the batch path). */
  sendMany(messages: readonly (MessageLike | readonly MessageLike[])[]): Promise<void> {
    return this.sendManyMessages(messages);
  }

  /** Resolves to the next message's frames; waits (up to `receiveTimeout`) until one arrives. */
  receive(): Promise<Buffer[]> {
    return this.receiveMessage();
  }

  /** The next message if one has arrived (and no `receive()` waits); undefined otherwise, waiting for nothing. */
  tryReceive(): Buffer[] | undefined {
    return this.tryReceiveMessage();
  }

  /** Resolves to every message that has arrived, at least one (waiting for it) and at most `max` (the batch path). */
  receiveMany(max = 1024): Promise<Buffer[][]> {
    return this.receiveManyMessages(max);
  }

  /** `for await (const message of socket)`: ends when the socket closes. */
  [Symbol.asyncIterator](): AsyncIterator<Buffer[], undefined> {
    return this.messages();
  }
}
