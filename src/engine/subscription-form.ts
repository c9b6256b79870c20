import type { FrameEncoder } from "../codec/frame-encoder.js";

/**
 * The two wire forms of a subscription (RFC 29 / RFC 37 §"SUBSCRIBE and CANCEL"): ZMTP 3.0 sends a message
 * whose first octet is 1 (subscribe) or 0 (cancel); ZMTP 3.1 sends SUBSCRIBE / CANCEL commands. Sockets
 * only ever see the message form; the engine turns one into the other for the peer's version.
 */
export class SubscriptionForm {
  static toMessage(subscribe: boolean, topic: Uint8Array): Buffer {
    const message = Buffer.allocUnsafe(1 + topic.length);
    message[0] = subscribe ? 1 : 0;
    message.set(topic, 1);
    return message;
  }

  /** Encodes a SUB/XSUB subscription message as a SUBSCRIBE/CANCEL command; false if it is not one. */
  static encode(message: readonly Buffer[], encoder: FrameEncoder): boolean {
    if (message.length !== 1) return false;
    const frame = message[0]!;
    if (frame.length === 0 || frame[0]! > 1) return false;
    encoder.command(frame[0] === 1 ? "SUBSCRIBE" : "CANCEL", frame.subarray(1));
    return true;
  }
}
