import { ZmqError } from "../errors.js";
import type { Message } from "../message.js";
import type { Pipe } from "../pipe/pipe.js";
import type { Subscription } from "../pipe/pipe-item.js";
import { PublishingSocket, type PublisherOptions } from "./publishing-socket.js";
import { boolean, defineOptions } from "./socket-options.js";
import { SOCKET_TYPES } from "./socket-types.js";

export type { PublisherOptions };

/**
 * PUB (RFC 29 §"The PUB Socket Type"): sends each message to the subscribers whose subscriptions match the
 * start of its first frame; a subscriber at its high-water mark misses the message (PUB never blocks).
 * Cannot receive.
 */
export class Publisher extends PublishingSocket {
  constructor(options?: PublisherOptions & { conflate?: boolean }) {
    super(SOCKET_TYPES.PUB);
    this.applyOptions(options);
  }

  /**
   * ZMQ_CONFLATE, as libzmq applies it to this type: each peer's outgoing queue keeps only the newest
   * message (single-frame messages are what it is meant for), so a slow peer gets the latest. Set before
   * bind/connect.
   * @defaultValue `false`
   */
  declare conflate: boolean;

  protected override prepareReceive(): void {
    throw new ZmqError("ENOTSUP", "Publisher sockets cannot receive");
  }

  protected onSubscription(pipe: Pipe, { subscribe, topic }: Subscription): void {
    if (!subscribe) this.subscriptions.remove(topic, pipe);
    else if (this.admits(this.subscriptions, pipe, topic)) this.subscriptions.add(topic, pipe);
  }

  protected onUpstream(): void {
    // RFC 29: PUB silently discards anything else its subscribers send.
  }

  protected forget(pipe: Pipe): void {
    this.subscriptions.removePipe(pipe);
  }

  protected xreceive(): Message | undefined {
    return undefined;
  }

  protected xhasIncoming(): boolean {
    return false;
  }
}

defineOptions(Publisher, { conflate: boolean() });
