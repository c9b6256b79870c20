import type { Message, MessageLike } from "../message.js";
import type { SocketOptions } from "../options.js";
import { Subscription } from "../pipe/pipe-item.js";
import { SOCKET_TYPES } from "./socket-types.js";
import { SubscribingSocket } from "./subscribing-socket.js";

/** What `new XSubscriber(options)` takes: the options every socket has (each also a property of the socket). */
export type XSubscriberOptions = SocketOptions;

/**
 * XSUB (RFC 29 §"The XSUB Socket Type"): a SUB whose subscriptions are messages the application sends:
 * `[\x01topic]` subscribes, `[\x00topic]` cancels. Every subscribe goes upstream (an XPUB upstream counts
 * per subscriber and may want to see each), a cancel only when it drops the last count of its topic, and
 * all are replayed to new and reconnected publishers. Any other message goes to every publisher as it is
 * (dropped for one at its high-water mark; XSUB never blocks). Receives everything, unfiltered.
 */
export class XSubscriber extends SubscribingSocket {
  constructor(options?: XSubscriberOptions) {
    super(SOCKET_TYPES.XSUB);
    this.applyOptions(options);
  }

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

  protected xsend(message: Message): boolean {
    // The user's bytes become a typed subscription here, once; the engine writes it in each peer's form.
    const subscription = Subscription.fromMessage(message);
    if (subscription === undefined) {
      this.upstream.sendToAll(message);
    } else if (subscription.subscribe) {
      this.topics.add(subscription.topic);
      this.upstream.forceToAll(subscription);
    } else {
      this.removeSubscription(subscription.topic);
    }
    return true;
  }

  protected xcanSend(): boolean {
    return true;
  }

  protected xreceive(): Message | undefined {
    return this.in.read();
  }

  protected xhasIncoming(): boolean {
    return this.in.readable;
  }
}
