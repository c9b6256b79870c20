import type { Message, MessageLike } from "../message.js";
import type { SocketOptions } from "../options.js";
import type { Pipe } from "../pipe/pipe.js";
import { Distributor } from "../routing/distributor.js";
import { PipeSubscriptions } from "../routing/pipe-subscriptions.js";
import { Subscription } from "../pipe/pipe-item.js";
import { SocketBase } from "./socket-base.js";
import type { SocketTypeInfo } from "./socket-types.js";
import { boolean, defineOptions, integer } from "./socket-options.js";

/** What `new Publisher(options)` takes: the options every socket has, and its own (each also a property of the socket). */
export interface PublisherOptions extends SocketOptions {
  /**
   * ZMQ_XPUB_NODROP: at a subscriber's high-water mark, `send()` waits (or fails with EAGAIN once
   * `sendTimeout` expires) instead of dropping the message for that subscriber. Default false.
   */
  noDrop?: boolean;
  /** ZMQ_INVERT_MATCHING: send each message to the subscribers whose subscriptions do NOT match it. */
  invertMatching?: boolean;
  /**
   * zmtp's addition (libzmq has no such limit): the most distinct prefixes one subscriber may hold; -1
   * (default) for no limit, as libzmq. Past it, that subscriber's further SUBSCRIBEs are ignored (an XPUB
   * does not report them either) until a CANCEL makes room; what it holds keeps working. With
   * `maxMessageSize` it bounds what one peer's subscriptions can cost.
   */
  maxSubscriptionsPerPeer?: number;
  /** ZMQ_MULTICAST_HOPS: the TTL of what the socket sends to an epgm group, 1 to 255. Default 1. */
  multicastHops?: number;
}

/**
 * The PUB machinery, shared by PUB and XPUB (RFC 29; libzmq's xpub_t): each peer's subscriptions in a
 * per-pipe trie, and a distributor that sends each message to the peers with a matching prefix of its first
 * frame, dropping it for peers at their high-water mark. Subscriptions are read as soon as they arrive, so
 * a peer's inbound queue never stalls, whatever the application does.
 */
export abstract class PublishingSocket extends SocketBase {
  /**
   * ZMQ_XPUB_NODROP: at a subscriber's high-water mark, `send()` waits instead of dropping for it.
   * @defaultValue `false`
   */
  declare noDrop: boolean;
  /**
   * ZMQ_INVERT_MATCHING: send each message to the subscribers whose subscriptions do NOT match it.
   * @defaultValue `false`
   */
  declare invertMatching: boolean;
  /**
   * zmtp's addition (no libzmq option): the most distinct prefixes one subscriber may hold (-1: no limit); SUBSCRIBEs past it are ignored.
   * @defaultValue `-1`
   */
  declare maxSubscriptionsPerPeer: number;
  /** ZMQ_MULTICAST_HOPS: the TTL of what this socket sends to an epgm group (default 1: the local network). */
  declare multicastHops: number;
  protected readonly out = new Distributor();
  protected readonly subscriptions = new PipeSubscriptions();
  private readonly markMatching = (pipe: Pipe): void => {
    this.out.match(pipe);
  };

  protected constructor(type: SocketTypeInfo) {
    super(type);
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

  /** A subscribe or cancel arrived from `pipe`. */
  protected abstract onSubscription(pipe: Pipe, subscription: Subscription): void;
  /** Any other message arrived from `pipe`. */
  protected abstract onUpstream(pipe: Pipe, message: Message): void;
  /** `pipe`'s subscriptions are void: it went away, or its peer reconnected and will replay them. */
  protected abstract forget(pipe: Pipe): void;

  /**
   * Whether `pipe` may subscribe to `topic` in `index`: it is under `maxSubscriptionsPerPeer`, or already
   * holds `topic`. Past the cap a SUBSCRIBE is ignored rather than the peer dropped: a subscriber replays
   * all its subscriptions on every reconnect, so dropping it would only make it reconnect, hit the cap and
   * be dropped again, and lose even the topics it could have had. Ignoring bounds its memory, keeps what
   * it holds flowing, and is a loss of the kind PUB already allows (RFC 29: a PUB drops what a subscriber
   * cannot take).
   */
  protected admits(index: PipeSubscriptions, pipe: Pipe, topic: Uint8Array): boolean {
    const max = this.maxSubscriptionsPerPeer;
    return max < 0 || index.countOf(pipe) < max || index.holds(topic, pipe);
  }

  protected xattach(pipe: Pipe): boolean {
    this.out.attach(pipe);
    this.xreadable(pipe);
    return true;
  }

  protected xdetach(pipe: Pipe): void {
    this.forget(pipe);
    this.out.detach(pipe);
  }

  protected override xpeerReady(pipe: Pipe): void {
    // The peer is a new connection: it replays whatever it is subscribed to now.
    this.forget(pipe);
  }

  protected xreadable(pipe: Pipe): void {
    for (let item = pipe.read(); item !== undefined; item = pipe.read()) {
      if (item instanceof Subscription) this.onSubscription(pipe, item);
      // Group memberships come only from DISH peers, which a publisher never accepts.
      else if (Array.isArray(item)) this.onUpstream(pipe, item);
    }
  }

  protected xwritable(): void {
    // Only noDrop sends wait; the base retries them whenever a pipe drains.
  }

  protected xsend(message: Message): boolean {
    const out = this.out;
    out.unmatch();
    this.subscriptions.match(message[0]!, this.markMatching);
    if (this.invertMatching) out.reverseMatch();
    return out.sendToMatching(message, this.noDrop);
  }

  protected xcanSend(): boolean {
    // PUB never blocks (RFC 29); with noDrop a send may still wait for a full subscriber.
    return true;
  }
}

defineOptions(PublishingSocket, {
  noDrop: boolean(),
  invertMatching: boolean(),
  maxSubscriptionsPerPeer: integer(-1, -1),
  // libzmq accepts any value > 0 (src/options.cpp); an IP TTL is at most 255.
  multicastHops: integer(1, 1, 255),
});
