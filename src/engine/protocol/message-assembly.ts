import { ZmqError } from "../../errors.js";
import type { Message } from "../../message.js";

/**
 * The most frames one inbound multipart message may have. Each frame held while a message assembles costs
 * an object (about a hundred octets of heap for an empty frame of two octets on the wire), so a peer
 * sending endless MORE frames must meet a bound even when maxMessageSize does not limit bytes.
 */
export const MAX_MESSAGE_FRAMES = 65_536;

/**
 * A multipart message as its frames arrive (RFC 23 §"Message Framing": MORE on all but the last), bounded:
 * at most MAX_MESSAGE_FRAMES frames and, all frames together, maxMessageSize octets (libzmq checks each
 * frame only; a whole-message bound is what keeps one peer's assembling message from growing without
 * limit). A violation throws EMSGSIZE, which ends the connection.
 */
export class MessageAssembly {
  private parts: Buffer[] = [];
  private bytes = 0;
  private readonly maxBytes: number;

  /** `maxMessageSize`: -1 for no byte limit. */
  constructor(maxMessageSize: number) {
    this.maxBytes = maxMessageSize < 0 ? Number.POSITIVE_INFINITY : maxMessageSize;
  }

  /** Whether a message is being assembled (a frame with MORE came). */
  get started(): boolean {
    return this.parts.length > 0;
  }

  /** A frame with MORE. */
  add(body: Buffer): void {
    const parts = this.parts;
    if (parts.length >= MAX_MESSAGE_FRAMES) {
      throw new ZmqError("EMSGSIZE", `multipart message of more than ${MAX_MESSAGE_FRAMES} frames`);
    }
    const bytes = this.bytes + body.length;
    if (bytes > this.maxBytes) {
      throw new ZmqError("EMSGSIZE", `multipart message of more than ${this.maxBytes} octets exceeds maxMessageSize`);
    }
    this.bytes = bytes;
    parts.push(body);
  }

  /** The last frame: the whole message. */
  finish(last: Buffer): Message {
    if (this.parts.length === 0) return [last];
    this.add(last);
    const message = this.parts;
    this.clear();
    return message;
  }

  /** Drops what was assembled (the connection ended mid-message). */
  clear(): void {
    this.parts = [];
    this.bytes = 0;
  }
}
