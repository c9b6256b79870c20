import { FLAG_MORE } from "../constants.js";
import { DATA_PACKET_OFFSET } from "./constants.js";

/** The offset of an APDU in which no message starts (src/pgm_sender.cpp). */
export const NO_MESSAGE_START = 0xffff;

/**
 * Cuts messages into APDUs as libzmq's pgm_sender does (src/pgm_sender.cpp `out_event`; wire reference §1.4):
 * one continuous stream of ZMTP/1.0 frames (src/v1_encoder.cpp: length + 1 in one octet below 255, else 0xFF
 * and 8 octets; then flags, MORE only; then the body), cut into TSDUs of at most `maxTsdu` octets. Each TSDU
 * starts with a 2-octet offset: where, in the data after it, the first message starts, or 0xFFFF when none
 * does. A frame, even its header, may span TSDUs. What libzmq's receiver asserts on never comes out: an APDU
 * always carries at least one octet of data after the offset, and the offset is never past the data.
 *
 * Each packet is a fresh buffer with `headroom` octets in front (for the PGM and data headers), handed to
 * `emit` once full, or by `flush` with what it holds. Bodies are copied once, into the packets.
 */
export class ApduWriter {
  private packet: Uint8Array | undefined = undefined;
  private position = 0;
  private readonly start: number;
  private readonly header = new Uint8Array(10);

  constructor(
    /** The largest TSDU (libzmq: PGM_MSS, 1448 for epgm over IPv4 with the default 1500-octet TPDU). */
    private readonly maxTsdu: number,
    private readonly emit: (packet: Uint8Array) => void,
    private readonly headroom = DATA_PACKET_OFFSET,
  ) {
    if (maxTsdu < 3) throw new RangeError(`a TSDU of ${maxTsdu} octets cannot carry the 2-octet offset and data`);
    this.start = headroom + 2;
  }

  /** Whether a partly filled packet is waiting for `flush` (or for more data). */
  get pending(): boolean {
    return this.packet !== undefined && this.position > this.start;
  }

  /** Appends a message: every frame but the last with MORE. */
  write(frames: readonly Uint8Array[]): void {
    const last = frames.length - 1;
    if (last < 0) throw new RangeError("a message needs at least one frame");
    for (let i = 0; i <= last; i++) this.frame(frames[i]!, i < last, i === 0);
  }

  /** Emits the partly filled packet, if any. */
  flush(): void {
    const packet = this.packet;
    if (packet === undefined || this.position === this.start) return;
    this.packet = undefined;
    this.emit(packet.subarray(0, this.position));
  }

  private frame(body: Uint8Array, more: boolean, first: boolean): void {
    const length = body.length + 1;
    const header = this.header;
    let headerLength: number;
    if (length < 255) {
      header[0] = length;
      headerLength = 2;
    } else {
      header[0] = 0xff;
      const high = Math.floor(length / 0x1_0000_0000);
      const low = length >>> 0;
      header.set([high >>> 24, (high >>> 16) & 0xff, (high >>> 8) & 0xff, high & 0xff, low >>> 24, (low >>> 16) & 0xff, (low >>> 8) & 0xff, low & 0xff], 1);
      headerLength = 10;
    }
    header[headerLength - 1] = more ? FLAG_MORE : 0;
    this.put(header, headerLength, first);
    this.put(body, body.length, false);
  }

  /** Copies `bytes[0, length)` into packets; `messageStart`: a message starts at the first of them. */
  private put(bytes: Uint8Array, length: number, messageStart: boolean): void {
    let from = 0;
    while (from < length) {
      const packet = this.current();
      if (messageStart) {
        messageStart = false;
        const at = this.headroom;
        if (packet[at] === 0xff && packet[at + 1] === 0xff) {
          const offset = this.position - this.start;
          packet[at] = offset >>> 8;
          packet[at + 1] = offset & 0xff;
        }
      }
      const take = Math.min(length - from, packet.length - this.position);
      packet.set(from === 0 && take === bytes.length ? bytes : bytes.subarray(from, from + take), this.position);
      this.position += take;
      from += take;
      if (this.position === packet.length) {
        this.packet = undefined;
        this.emit(packet);
      }
    }
  }

  private current(): Uint8Array {
    let packet = this.packet;
    if (packet === undefined) {
      packet = new Uint8Array(this.headroom + this.maxTsdu);
      packet[this.headroom] = 0xff;
      packet[this.headroom + 1] = 0xff;
      this.packet = packet;
      this.position = this.start;
    }
    return packet;
  }
}
