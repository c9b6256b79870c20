import { GREETING_SIZE, SIGNATURE_SIZE } from "./constants.js";
import { checkSignatureByte, decodeGreeting, type Greeting } from "./greeting.js";

/** Where the greeting decoder reports each of libzmq's three stages. */
export interface GreetingSink {
  /** The peer's 10-octet signature is in: time to send our major version. */
  onSignature(): void;
  /**
   * The peer's major version is in: time to send the rest of our greeting, or to refuse a revision we
   * cannot frame (throw). This is where a peer's revision is first known.
   */
  onMajorVersion(major: number): void;
  /** All 64 octets are in. */
  onGreeting(greeting: Greeting): void;
}

/**
 * Reads the peer's greeting (RFC 23/37 §"The Greeting") octet by octet as it arrives, in any chunking, and
 * reports libzmq's stages. What follows the greeting in a chunk is left for the framing the greeting
 * chooses.
 */
export class GreetingDecoder {
  private readonly bytes = new Uint8Array(GREETING_SIZE);
  private length = 0;

  constructor(private readonly sink: GreetingSink) {}

  get done(): boolean {
    return this.length === GREETING_SIZE;
  }

  /** Consumes greeting octets from `offset` on; returns where the greeting ended (or the chunk did). */
  push(chunk: Uint8Array, offset = 0): number {
    let at = offset;
    while (at < chunk.length && this.length < GREETING_SIZE) {
      const index = this.length;
      const value = chunk[at++]!;
      this.bytes[index] = value;
      this.length = index + 1;
      if (index < SIGNATURE_SIZE) {
        checkSignatureByte(index, value);
        if (index === SIGNATURE_SIZE - 1) this.sink.onSignature();
      } else if (index === SIGNATURE_SIZE) {
        this.sink.onMajorVersion(value);
      } else if (index === GREETING_SIZE - 1) {
        this.sink.onGreeting(decodeGreeting(this.bytes));
      }
    }
    return at;
  }
}
