import type { Pipe } from "../pipe/pipe.js";
import { Subscription } from "../pipe/pipe-item.js";
import { SubscriptionTrie } from "../routing/subscription-trie.js";
import type { SocketTypeInfo } from "./socket-types.js";
import { UpstreamSocket } from "./upstream-socket.js";

/**
 * The SUB machinery, shared by SUB and XSUB (RFC 29; libzmq's xsub_t): messages fair-queued from the
 * publishers, and a counted set of subscriptions that goes upstream to every publisher, replayed in full to
 * each new one and after every reconnect. Subscriptions bypass the high-water mark: they are never dropped.
 */
export abstract class SubscribingSocket extends UpstreamSocket {
  protected readonly topics = new SubscriptionTrie();

  protected constructor(type: SocketTypeInfo) {
    super(type);
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

  /** Counts one more subscription to `topic`; tells the publishers when it is the first. */
  protected addSubscription(topic: Buffer): void {
    if (this.topics.add(topic)) this.upstream.forceToAll(new Subscription(true, topic));
  }

  /** Counts one subscription to `topic` less; tells the publishers when it was the last. */
  protected removeSubscription(topic: Buffer): void {
    if (this.topics.remove(topic)) this.upstream.forceToAll(new Subscription(false, topic));
  }

  protected replay(pipe: Pipe): void {
    this.topics.forEach((topic) => {
      pipe.forceWrite(new Subscription(true, topic));
    });
  }
}
