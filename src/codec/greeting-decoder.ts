import { GREETING_SIZE, SIGNATURE_SIZE } from "./constants.js";
import { decodeGreeting, isLegacyRevision, isUnversionedOctet, LEGACY_GREETING_SIZE, type Greeting } from "./greeting.js";

/** Where the greeting decoder reports each of libzmq's stages (shared/wire-reference.md §5.1). */
export interface GreetingSink {
  /** The peer's 10-octet signature is in and it is versioned: time to send our major version. */
  onSignature(): void;
  /**
   * The peer's revision (major version) is in: time to send the rest of our greeting, or our socket type to
   * a revision 0/1 peer. This is where a versioned peer's revision is first known.
   */
  onMajorVersion(major: number): void;
  /** All of the greeting is in: 64 octets, or 12 from a revision 0/1 peer. */
  onGreeting(greeting: Greeting): void;
  /**
   * The peer speaks unversioned ZMTP 1.0 (RFC 15 §"Backwards Interoperability"): what it sent is not a
   * signature but the start of its identity frame. `received` holds those octets (1 to 10), which belong to
   * the frame decoder; the rest of the chunk follows from the offset `push` returns.
   */
  onUnversioned(received: Uint8Array): void;
}

/**
 * Reads the peer's greeting (RFC 23/37 §"The Greeting", and RFC 15 for older peers) octet by octet as it
 * arrives, in any chunking, and reports libzmq's stages. What follows the greeting in a chunk is left for
 * the framing the greeting chooses.
 */
export class GreetingDecoder {
  private readonly bytes = new Uint8Array(GREETING_SIZE);
  private length = 0;
  /** 64 octets, or 12 once a revision 0/1 is seen. */
  private size = GREETING_SIZE;
  private finished = false;

  constructor(private readonly sink: GreetingSink) {}

  /** The greeting is over: all of it is in, or the peer turned out to be unversioned. */
  get done(): boolean {
    return this.finished;
  }

  /** Consumes greeting octets from `offset` on; returns where the greeting ended (or the chunk did). */
  push(chunk: Uint8Array, offset = 0): number {
    let at = offset;
    while (at < chunk.length && !this.finished) {
      const index = this.length;
      const value = chunk[at++]!;
      this.bytes[index] = value;
      this.length = index + 1;
      if (index < SIGNATURE_SIZE) {
        if (isUnversionedOctet(index, value)) {
          this.finished = true;
          this.sink.onUnversioned(this.bytes.subarray(0, this.length));
        } else if (index === SIGNATURE_SIZE - 1) {
          this.sink.onSignature();
        }
      } else if (index === SIGNATURE_SIZE) {
        if (isLegacyRevision(value)) this.size = LEGACY_GREETING_SIZE;
        this.sink.onMajorVersion(value);
      } else if (index === this.size - 1) {
        this.finished = true;
        this.sink.onGreeting(decodeGreeting(this.bytes.subarray(0, this.size)));
      }
    }
    return at;
  }
}
