import { FLAG_MORE } from "./constants.js";
import { FrameEncoder, type FrameEncoderOptions } from "./frame-encoder.js";

/**
 * Frames for older peers, as libzmq's v1_encoder/v2_encoder write them, batched by a FrameEncoder:
 * - ZMTP/1.0 (RFC 13): length + 1 for the flags octet, in one octet below 255, else 0xFF and 8 octets (so
 *   bodies of 254 octets and more are long); then flags (MORE only); then the body.
 * - ZMTP/2.0 (RFC 15): exactly ZMTP 3's data framing (flags MORE and LONG, then a 1- or 8-octet length of
 *   the body), so it is FrameEncoder's own.
 * Neither revision has commands: `command` writes nothing (libzmq sends none to such peers: no mechanism, no
 * heartbeats, subscriptions as data).
 */
export class LegacyFrameEncoder {
  private readonly out: FrameEncoder;
  private readonly header = new Uint8Array(10);
  private readonly shortHeader = this.header.subarray(0, 2);

  constructor(
    private readonly version: 1 | 2,
    options: FrameEncoderOptions = {},
  ) {
    this.out = new FrameEncoder(options);
  }

  /** Octets gathered and not yet taken. */
  get pendingBytes(): number {
    return this.out.pendingBytes;
  }

  /** Encodes a multipart message: MORE on every frame but the last. */
  message(frames: readonly Uint8Array[]): void {
    const last = frames.length - 1;
    if (last < 0) throw new RangeError("a message needs at least one frame");
    for (let i = 0; i < last; i++) this.frame(frames[i]!, FLAG_MORE);
    this.frame(frames[last]!, 0);
  }

  /** One data frame; of `flags` only MORE counts. */
  frame(body: Uint8Array, flags: number): void {
    const more = flags & FLAG_MORE;
    if (this.version === 2) {
      this.out.frame(body, more);
      return;
    }
    const length = body.length + 1;
    const header = this.header;
    if (length < 255) {
      header[0] = length;
      header[1] = more;
      this.out.raw(this.shortHeader);
    } else {
      header[0] = 0xff;
      const high = Math.floor(length / 0x1_0000_0000);
      const low = length >>> 0;
      header[1] = high >>> 24;
      header[2] = (high >>> 16) & 0xff;
      header[3] = (high >>> 8) & 0xff;
      header[4] = high & 0xff;
      header[5] = low >>> 24;
      header[6] = (low >>> 16) & 0xff;
      header[7] = (low >>> 8) & 0xff;
      header[8] = low & 0xff;
      header[9] = more;
      this.out.raw(header);
    }
    // raw() copies a small body into the batch and references a large one: no copy of big frames.
    this.out.raw(body);
  }

  /** ZMTP 1.0 and 2.0 have no commands (RFC 13/15): nothing is written. */
  command(_name: string, _data?: Uint8Array): void {
    // Nothing asks for one: the protocol answers no PING from such a peer (the decoder drops commands) and
    // sends subscriptions to it as data frames.
  }

  /** Raw octets (the greeting's parts), in order with the frames. */
  raw(bytes: Uint8Array): void {
    this.out.raw(bytes);
  }

  /** Hands over the gathered chunks, in order, and starts afresh. */
  take(): Uint8Array[] {
    return this.out.take();
  }
}
