import { ZmqError } from "../errors.js";
import type { Message } from "../message.js";
import type { Pipe } from "../pipe/pipe.js";
import { RingQueue } from "../pipe/ring-queue.js";
import { PipeSubscriptions } from "../routing/pipe-subscriptions.js";
import { Subscription } from "../pipe/pipe-item.js";
import { topicsFrom } from "../routing/topic-prefixes.js";
import { PublishingSocket, type PublisherOptions } from "./publishing-socket.js";
import { SOCKET_TYPES } from "./socket-types.js";
import { boolean, bytesOrNull, defineOptions, oneOf } from "./socket-options.js";

/** ZMQ_XPUB_VERBOSE / ZMQ_XPUB_VERBOSER as zeromq.js names them. */
export type XPublisherVerbosity = null | "allSubs" | "allSubsUnsubs";

/** What `new XPublisher(options)` takes: the options every socket has, and its own (each also a property of the socket). */
export interface XPublisherOptions extends PublisherOptions {
  /**
   * Which subscription messages `receive()` gives: `null` (default) only the first subscribe and the last
   * unsubscribe of each topic across all subscribers; `"allSubs"` every subscribe; `"allSubsUnsubs"` every
   * subscribe and every unsubscribe.
   */
  verbosity?: XPublisherVerbosity;
  /**
   * ZMQ_XPUB_MANUAL: subscriptions are not applied; every subscription message is passed to `receive()`, and
   * the application applies what it wants with `subscribe()` / `unsubscribe()`, which act on the subscriber
   * the message just received came from.
   */
  manual?: boolean;
  /** ZMQ_XPUB_WELCOME_MSG: a message queued to each subscriber as it connects (it must subscribe to it). */
  welcomeMessage?: string | Buffer | null;
}

interface Incoming {
  message: Message;
  /** The subscriber a subscription message came from (manual mode needs it). */
  pipe: Pipe | undefined;
}

/**
 * XPUB (RFC 29 §"The XPUB Socket Type"): a PUB that also hands the application its subscribers'
 * subscriptions (`[\x01topic]`, `[\x00topic]`) and any other message they send. When a subscriber goes, its
 * subscriptions are reported cancelled.
 */
export class XPublisher extends PublishingSocket {
  /** Which subscription messages `receive()` gives (ZMQ_XPUB_VERBOSE / ZMQ_XPUB_VERBOSER). @defaultValue `null` */
  declare verbosity: XPublisherVerbosity;
  /**
   * ZMQ_XPUB_MANUAL: subscriptions are the application's to apply, with `subscribe()` / `unsubscribe()`.
   * @defaultValue `false`
   */
  declare manual: boolean;
  /** ZMQ_XPUB_WELCOME_MSG: a message queued to each subscriber as it connects. @defaultValue `null` */
  declare welcomeMessage: string | Buffer | null;
  private readonly incoming = new RingQueue<Incoming>();
  /** Manual mode: what each subscriber asked for, so that its departure can be reported. */
  private readonly requested = new PipeSubscriptions();
  /** Manual mode: the subscriber the last subscription message given to the application came from. */
  private lastPipe: Pipe | undefined = undefined;

  constructor(options?: XPublisherOptions) {
    super(SOCKET_TYPES.XPUB);
    this.applyOptions(options);
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

  /**
   * Manual mode: subscribes the subscriber whose subscription message was received last to `prefixes` (no
   * argument: everything), as libzmq's ZMQ_SUBSCRIBE on an XPUB with ZMQ_XPUB_MANUAL.
   */
  subscribe(...prefixes: (Uint8Array | string)[]): void {
    const pipe = this.manualPipe("subscribe");
    if (pipe === undefined) return;
    for (const topic of topicsFrom(prefixes)) this.subscriptions.add(topic, pipe);
  }

  /** Manual mode: the reverse of `subscribe()`, for the same subscriber. */
  unsubscribe(...prefixes: (Uint8Array | string)[]): void {
    const pipe = this.manualPipe("unsubscribe");
    if (pipe === undefined) return;
    for (const topic of topicsFrom(prefixes)) this.subscriptions.remove(topic, pipe);
  }

  protected override xattach(pipe: Pipe): boolean {
    this.welcome(pipe);
    super.xattach(pipe);
    this.serveReceives();
    return true;
  }

  protected override xdetach(pipe: Pipe): void {
    super.xdetach(pipe);
    if (this.lastPipe === pipe) this.lastPipe = undefined;
    this.serveReceives();
  }

  protected override xpeerReady(pipe: Pipe): void {
    super.xpeerReady(pipe);
    this.welcome(pipe);
    this.serveReceives();
  }

  protected onSubscription(pipe: Pipe, subscription: Subscription): void {
    const { subscribe, topic } = subscription;
    // Past maxSubscriptionsPerPeer a SUBSCRIBE is ignored, and not reported: an XPUB forwarding upstream
    // (a proxy) must not ask for what it will not deliver.
    if (subscribe && !this.admits(this.manual ? this.requested : this.subscriptions, pipe, topic)) return;
    if (this.manual) {
      if (subscribe) this.requested.add(topic, pipe);
      else this.requested.remove(topic, pipe);
      this.incoming.push({ message: subscription.toMessage(), pipe });
      return;
    }
    let notify: boolean;
    if (subscribe) {
      notify = this.subscriptions.add(topic, pipe) || this.verbosity !== null;
    } else {
      notify = this.subscriptions.remove(topic, pipe) === "last" || this.verbosity === "allSubsUnsubs";
    }
    // Bytes only here, where the user sees the subscription (XPUB receive()).
    if (notify) this.incoming.push({ message: subscription.toMessage(), pipe });
  }

  protected onUpstream(_pipe: Pipe, message: Message): void {
    this.incoming.push({ message, pipe: undefined });
  }

  protected forget(pipe: Pipe): void {
    if (this.manual) {
      // Report everything the subscriber asked for; drop whatever the application granted it.
      this.requested.removePipe(pipe, (topic) => {
        this.incoming.push({ message: new Subscription(false, topic).toMessage(), pipe: undefined });
      });
      this.subscriptions.removePipe(pipe);
      return;
    }
    const everyUnsubscribe = this.verbosity === "allSubsUnsubs";
    this.subscriptions.removePipe(pipe, (topic, last) => {
      if (last || everyUnsubscribe) this.incoming.push({ message: new Subscription(false, topic).toMessage(), pipe: undefined });
    });
  }

  protected xreceive(): Message | undefined {
    const item = this.incoming.shift();
    if (item === undefined) return undefined;
    if (this.manual && item.pipe !== undefined) this.lastPipe = this.out.has(item.pipe) ? item.pipe : undefined;
    return item.message;
  }

  protected xhasIncoming(): boolean {
    return this.incoming.length > 0;
  }

  private welcome(pipe: Pipe): void {
    const welcome = this.welcomeMessage;
    if (welcome === null || welcome.length === 0) return;
    pipe.forceWrite([typeof welcome === "string" ? Buffer.from(welcome, "utf8") : welcome]);
  }

  private manualPipe(what: string): Pipe | undefined {
    if (!this.manual) throw new ZmqError("EINVAL", `XPublisher.${what}() needs manual mode`);
    return this.lastPipe;
  }
}

defineOptions(XPublisher, {
  verbosity: oneOf<XPublisherVerbosity>(null, [null, "allSubs", "allSubsUnsubs"]),
  manual: boolean(),
  welcomeMessage: bytesOrNull(),
});
