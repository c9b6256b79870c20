import type { Message } from "../message.js";

/**
 * A subscription travelling from SUB/XSUB to PUB/XPUB (RFC 29) as a typed item, never as bytes: the engine
 * parses it from the wire once (a SUBSCRIBE/CANCEL command, or a `\x01`/`\x00` data frame from a ZMTP 3.0
 * peer) and writes it in the peer's form; inproc passes it as it is. Bytes appear only where a user sees
 * them (XPUB `receive()`, XSUB `send()`). RADIO/DISH JOIN/LEAVE travel as `GroupMembership` items.
 */
export class Subscription {
  constructor(
    /** true: subscribe; false: cancel. */
    readonly subscribe: boolean,
    /** The prefix. */
    readonly topic: Buffer,
  ) {}

  /** The ZMTP 3.0 / XPUB form a user sees: one frame, `\x01topic` or `\x00topic`. */
  toMessage(): Message {
    const frame = Buffer.allocUnsafe(1 + this.topic.length);
    frame[0] = this.subscribe ? 1 : 0;
    frame.set(this.topic, 1);
    return [frame];
  }

  /** The subscription a user's (XSUB `send()`) or a ZMTP 3.0 peer's message stands for, if it is one. */
  static fromMessage(message: Message): Subscription | undefined {
    if (message.length !== 1) return undefined;
    const frame = message[0]!;
    if (frame.length === 0 || frame[0]! > 1) return undefined;
    return new Subscription(frame[0] === 1, frame.subarray(1));
  }
}

/**
 * A DISH's JOIN or LEAVE of a group (RFC 48; libzmq src/dish.cpp), travelling to RADIO as a typed item like
 * a subscription: the engine writes it as a `JOIN`/`LEAVE` command and parses it from one. Groups are
 * matched exactly and are at most 255 octets (ZMQ_GROUP_MAX_LENGTH).
 */
export class GroupMembership {
  /** ZMQ_GROUP_MAX_LENGTH: the longest group, in octets. */
  static readonly MAX_LENGTH = 255;

  constructor(
    /** true: JOIN; false: LEAVE. */
    readonly join: boolean,
    /** The group, 0 to 255 octets, none of them zero (RFC 48 §"Group"). */
    readonly group: Buffer,
  ) {}
}

/**
 * What a pipe carries: messages, and typed items between socket types (subscriptions, group memberships).
 * A RADIO/DISH message is a two-frame message `[group, body]` in a pipe, as on the ZMTP wire (RFC 37).
 */
export type PipeItem = Message | Subscription | GroupMembership;
