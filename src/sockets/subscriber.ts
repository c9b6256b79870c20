import { ZmqError } from "../errors.js";
import type { Message } from "../message.js";
import type { SocketOptions } from "../options.js";
import { topicsFrom } from "../routing/topic-prefixes.js";
import { SOCKET_TYPES } from "./socket-types.js";
import { SubscribingSocket } from "./subscribing-socket.js";
import { boolean, defineOptions } from "./socket-options.js";

/** What `new Subscriber(options)` takes: the options every socket has, and its own (each also a property of the socket). */
export interface SubscriberOptions extends SocketOptions {
  /** ZMQ_CONFLATE: keep only the newest message from each publisher (multipart messages whole). */
  conflate?: boolean;
  /** ZMQ_INVERT_MATCHING: receive the messages that match none of the subscriptions. */
  invertMatching?: boolean;
}

/**
 * SUB (RFC 29 §"The SUB Socket Type"): receives, fair-queued, the messages of its publishers whose first
 * frame starts with one of its subscriptions. Subscriptions are counted: a topic goes upstream when first
 * subscribed and is cancelled on its last unsubscribe. The publishers filter, and so does the SUB. Cannot
 * send.
 */
export class Subscriber extends SubscribingSocket {
  /** ZMQ_INVERT_MATCHING: receive the messages that match none of the subscriptions. @defaultValue `false` */
  declare invertMatching: boolean;
  /** A matching message read ahead by `readable`. */
  private next: Message | undefined = undefined;

  constructor(options?: SubscriberOptions) {
    super(SOCKET_TYPES.SUB);
    this.applyOptions(options);
  }

  /**
   * ZMQ_CONFLATE: keep only the newest message from each peer (multipart messages whole). Set before bind/connect.
   * @defaultValue `false`
   */
  declare conflate: boolean;

  /** Subscribes to messages starting with each prefix; no argument subscribes to everything. */
  subscribe(...prefixes: (Uint8Array | string)[]): void {
    for (const topic of topicsFrom(prefixes)) this.addSubscription(topic);
  }

  /** Drops one subscription to each prefix; no argument drops the "everything" subscription. */
  unsubscribe(...prefixes: (Uint8Array | string)[]): void {
    for (const topic of topicsFrom(prefixes)) this.removeSubscription(topic);
  }

  protected override prepareSend(): Message {
    throw new ZmqError("ENOTSUP", "Subscriber sockets cannot send");
  }

  protected xsend(): boolean {
    return false;
  }

  protected xcanSend(): boolean {
    return false;
  }

  protected xreceive(): Message | undefined {
    const next = this.next;
    if (next !== undefined) {
      this.next = undefined;
      return next;
    }
    for (let message = this.in.read(); message !== undefined; message = this.in.read()) {
      if (this.topics.match(message[0]!) !== this.invertMatching) return message;
    }
    return undefined;
  }

  protected xhasIncoming(): boolean {
    this.next ??= this.xreceive();
    return this.next !== undefined;
  }
}

defineOptions(Subscriber, { conflate: boolean(), invertMatching: boolean() });
