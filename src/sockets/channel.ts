import type { MessageLike } from "../message.js";
import type { SocketOptions } from "../options.js";
import { ExclusivePairSocket } from "./exclusive-pair-socket.js";
import { SOCKET_TYPES } from "./socket-types.js";

/**
 * CHANNEL (RFC 52; libzmq src/channel.cpp): the thread-safe PAIR. Exactly one peer at a time (a second is
 * refused while the first is attached), single-frame messages both ways; multi-frame messages are dropped.
 */
export class Channel extends ExclusivePairSocket {
  constructor(options?: SocketOptions) {
    super(SOCKET_TYPES.CHANNEL);
    this.applyOptions(options);
  }

  /** Queues a single-frame message; resolves once queued, waiting at the high-water mark. EINVAL if multipart. */
  override send(message: MessageLike | readonly [MessageLike]): Promise<void> {
    return this.sendMessage(message);
  }

  /** Queues the single-frame message only if that needs no wait: true; false, queuing nothing, if `send()` would wait. */
  override trySend(message: MessageLike | readonly [MessageLike]): boolean {
    return this.trySendMessage(message);
  }

  /** Queues single-frame messages in order, as many `send()`s; resolves once the last is queued (the batch path). */
  override sendMany(messages: readonly (MessageLike | readonly [MessageLike])[]): Promise<void> {
    return this.sendManyMessages(messages);
  }

  /** Resolves to the next message, `[frame]`; waits (up to `receiveTimeout`) until one arrives. */
  override receive(): Promise<[Buffer]> {
    return this.receiveMessage() as Promise<[Buffer]>;
  }

  /** The next message, `[frame]`, if one has arrived (and no `receive()` waits); undefined otherwise, waiting for nothing. */
  override tryReceive(): [Buffer] | undefined {
    return this.tryReceiveMessage() as [Buffer] | undefined;
  }

  /** Resolves to every message that has arrived, at least one (waiting for it) and at most `max` (the batch path). */
  override receiveMany(max = 1024): Promise<[Buffer][]> {
    return this.receiveManyMessages(max) as Promise<[Buffer][]>;
  }

  /** `for await (const [frame] of socket)`: ends when the socket closes. */
  override [Symbol.asyncIterator](): AsyncIterator<[Buffer], undefined> {
    return this.messages() as AsyncIterator<[Buffer], undefined>;
  }
}
