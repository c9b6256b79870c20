import type { Pipe } from "../pipe/pipe.js";
import { Distributor } from "../routing/distributor.js";
import { FairQueue } from "../routing/fair-queue.js";
import { Subscription } from "../pipe/pipe-item.js";
import { SubscriptionTrie } from "../routing/subscription-trie.js";
import { SocketBase } from "./socket-base.js";
import type { SocketTypeInfo } from "./socket-types.js";
import { defineOptions, integer } from "./socket-options.js";

/**
 * The SUB machinery, shared by SUB and XSUB (RFC 29; libzmq's xsub_t): messages fair-queued from the
 * publishers, and a counted set of subscriptions that goes upstream to every publisher, replayed in full to
 * each new one and after every reconnect. Subscriptions bypass the high-water mark: they are never dropped.
 */
export abstract class SubscribingSocket extends SocketBase {
  protected readonly in = new FairQueue();
  protected readonly upstream = new Distributor();
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

  protected xattach(pipe: Pipe): boolean {
    this.in.attach(pipe);
    this.upstream.attach(pipe);
    this.replay(pipe);
    return true;
  }

  protected xdetach(pipe: Pipe): void {
    this.in.terminated(pipe);
    this.upstream.detach(pipe);
  }

  protected override xpeerReady(pipe: Pipe): void {
    // A reconnected publisher knows nothing of us: tell it everything again.
    this.replay(pipe);
  }

  protected xreadable(pipe: Pipe): void {
    this.in.activate(pipe);
  }

  protected xwritable(): void {
    // Subscriptions never wait, and other messages (XSUB) are dropped at the mark.
  }

  private replay(pipe: Pipe): void {
    this.topics.forEach((topic) => {
      pipe.forceWrite(new Subscription(true, topic));
    });
  }
}

// As libzmq's xsub_t (and so zeromq.js): a subscriber's queued messages are subscriptions, which are not
// worth waiting for at close: linger defaults to 0.
defineOptions(SubscribingSocket, { linger: integer(0, -1) });
