import type { Message } from "../message.js";

/** A subscription as the publisher's pipe delivers it and the subscriber's pipe carries it. */
export interface Subscription {
  /** true for subscribe (first octet 1), false for cancel (first octet 0). */
  readonly subscribe: boolean;
  /** The prefix: a view into the message, no copy. */
  readonly topic: Buffer;
}

/**
 * The one shape subscriptions take above the engine (RFC 29, ZMTP 3.0 form): a single-frame message whose
 * first octet is 1 (subscribe) or 0 (cancel), then the topic. The engine turns ZMTP 3.1 SUBSCRIBE / CANCEL
 * commands into this form on the way in and back into commands on the way out, so no socket type parses
 * wire bytes.
 */
export function subscriptionMessage(subscribe: boolean, topic: Uint8Array): Message {
  const frame = Buffer.allocUnsafe(1 + topic.length);
  frame[0] = subscribe ? 1 : 0;
  frame.set(topic, 1);
  return [frame];
}

/** The subscription `message` carries, or undefined if it is an ordinary message. */
export function parseSubscription(message: Message): Subscription | undefined {
  if (message.length !== 1) return undefined;
  const frame = message[0]!;
  if (frame.length === 0 || frame[0]! > 1) return undefined;
  return { subscribe: frame[0] === 1, topic: frame.subarray(1) };
}

/** `subscribe("a", buf)` arguments as prefixes; no argument means the empty prefix (everything). */
export function topicsFrom(prefixes: readonly (Uint8Array | string)[]): Buffer[] {
  if (prefixes.length === 0) return [Buffer.alloc(0)];
  return prefixes.map((p) =>
    typeof p === "string" ? Buffer.from(p, "utf8") : Buffer.from(p.buffer, p.byteOffset, p.byteLength),
  );
}
