import { ProtocolError, ZmqError } from "../errors.js";
import { FLAG_COMMAND, FLAG_LONG, FLAG_MORE } from "./constants.js";
import { readLongLength, type FrameDecoderOptions, type FrameSink } from "./frame-decoder.js";
import { HeldInput } from "./held-input.js";

export interface LegacyFrameDecoderOptions extends FrameDecoderOptions {
  /** 1: ZMTP/1.0 framing (RFC 13); 2: ZMTP/2.0 framing (RFC 15). */
  version: 1 | 2;
}

const enum State {
  Header,
  Body,
  /** Reading past the body of a ZMTP 2.0 frame flagged COMMAND, which is dropped. */
  Skip,
  Stopped,
}

/** The longest header: ZMTP 1.0's 0xFF, 8-octet length, flags. */
const MAX_HEADER = 10;

const defaultAllocate = (size: number): Uint8Array => new Uint8Array(size);
const defaultView = (buffer: ArrayBufferLike, byteOffset: number, length: number): Uint8Array =>
  new Uint8Array(buffer, byteOffset, length);

/**
 * Incremental decoder for the framings of older peers, as libzmq's v1_decoder/v2_decoder read them:
 * - ZMTP/1.0 (RFC 13): a length that counts the flags octet (1 octet, or 0xFF and 8 octets), then flags,
 *   then the body. A length of 0 is a protocol error; only the MORE bit of the flags is kept.
 * - ZMTP/2.0 (RFC 15): flags (MORE, LONG), then a 1- or 8-octet length of the body alone. Reserved bits are
 *   ignored, as libzmq ignores them. A frame flagged COMMAND (bit 2, which RFC 15 reserves) is read and
 *   dropped: libzmq's session drops command frames from a peer that has no mechanism.
 * Frames reach the sink with MORE only, in any chunking; a frame inside one chunk is a view of it, one that
 * spans chunks is gathered once all of it is in (a hostile length never makes us allocate). Bodies above
 * `maxFrameSize` are refused (EMSGSIZE) before they are read.
 */
export class LegacyFrameDecoder {
  private state = State.Header;
  private readonly version: 1 | 2;
  private readonly header = new Uint8Array(MAX_HEADER);
  private headerLength = 0;
  private flags = 0;
  private bodySize = 0;
  /** Octets of the current body (or skipped frame) still to come. */
  private remaining = 0;
  private readonly parts: Uint8Array[] = [];
  private paused = false;
  private readonly held = new HeldInput();
  private maxFrameSize: number;
  private limitName = "maxMessageSize";
  private readonly allocate: (size: number) => Uint8Array;
  private readonly view: (buffer: ArrayBufferLike, byteOffset: number, length: number) => Uint8Array;

  constructor(
    private readonly sink: FrameSink,
    options: LegacyFrameDecoderOptions,
  ) {
    this.version = options.version;
    const max = options.maxFrameSize;
    this.maxFrameSize = max === undefined || max < 0 ? Number.MAX_SAFE_INTEGER : max;
    this.allocate = options.allocate ?? defaultAllocate;
    this.view = options.view ?? defaultView;
  }

  /** Changes the largest frame accepted from now on (-1: no limit but 2^53), named in the EMSGSIZE error. */
  limitFrames(max: number, name: string): void {
    this.maxFrameSize = max < 0 ? Number.MAX_SAFE_INTEGER : max;
    this.limitName = name;
  }

  /** Stops decoding: the rest of the current chunk and any later chunk are ignored. */
  stop(): void {
    this.state = State.Stopped;
  }

  get stopped(): boolean {
    return this.state === State.Stopped;
  }

  /** Holds back further frames; input keeps being accepted and is decoded, in order, on `resume()`. */
  pause(): void {
    this.paused = true;
  }

  /** Decodes what was held back, until done or paused again. Throws as push() does. */
  resume(): void {
    this.paused = false;
    this.held.drain(this.decodeHeld, this.mayDecode);
  }

  private readonly decodeHeld = (chunk: Uint8Array, offset: number): void => {
    this.decode(chunk, offset);
  };

  private readonly mayDecode = (): boolean => !this.paused && this.state !== State.Stopped;

  /** Feeds bytes from `offset` on. Throws ProtocolError or ZmqError (EMSGSIZE) on a violation, and stops. */
  push(chunk: Uint8Array, offset = 0): void {
    if (this.paused) this.held.append(chunk, offset);
    else this.decode(chunk, offset);
  }

  private decode(chunk: Uint8Array, offset: number): void {
    try {
      while (offset < chunk.length) {
        if (this.paused) {
          this.held.putBack(chunk, offset);
          return;
        }
        const state = this.state;
        if (state === State.Header) offset = this.consumeHeader(chunk, offset);
        else if (state === State.Body) offset = this.consumeBody(chunk, offset);
        else if (state === State.Skip) offset = this.skip(chunk, offset);
        else return;
      }
    } catch (err) {
      this.state = State.Stopped;
      throw err;
    }
  }

  /** The header's size, known from its first octet (a ZMTP 1.0 length of 0 is refused right there). */
  private headerSize(first: number): number {
    if (this.version === 2) return (first & FLAG_LONG) !== 0 ? 9 : 2;
    if (first === 0) throw zeroLength();
    return first === 0xff ? 10 : 2;
  }

  private consumeHeader(chunk: Uint8Array, offset: number): number {
    if (this.headerLength === 0) {
      const need = this.headerSize(chunk[offset]!);
      if (chunk.length - offset >= need) return this.startFrame(chunk, offset, chunk, offset + need);
    }
    while (offset < chunk.length) {
      this.header[this.headerLength++] = chunk[offset++]!;
      if (this.headerLength === this.headerSize(this.header[0]!)) {
        this.headerLength = 0;
        return this.startFrame(this.header, 0, chunk, offset);
      }
    }
    return offset;
  }

  /** Reads the header at `header[at]`; the body starts at `chunk[offset]`. */
  private startFrame(header: Uint8Array, at: number, chunk: Uint8Array, offset: number): number {
    let size: number;
    let flags: number;
    if (this.version === 1) {
      const long = header[at] === 0xff;
      const length = long ? readLongLength(header, at + 1) : header[at]!;
      if (length === 0) throw zeroLength();
      flags = header[at + (long ? 9 : 1)]! & FLAG_MORE;
      size = length - 1;
    } else {
      const octet = header[at]!;
      size = (octet & FLAG_LONG) !== 0 ? readLongLength(header, at + 1) : header[at + 1]!;
      flags = octet & (FLAG_MORE | FLAG_COMMAND);
    }
    if (size > this.maxFrameSize) {
      throw new ZmqError("EMSGSIZE", `frame of ${size} octets exceeds ${this.limitName} (${this.maxFrameSize})`);
    }
    if ((flags & FLAG_COMMAND) !== 0) {
      this.remaining = size;
      if (size > 0) this.state = State.Skip;
      return offset;
    }
    this.flags = flags;
    if (chunk.length - offset >= size) {
      this.sink.onFrame(flags, this.view(chunk.buffer, chunk.byteOffset + offset, size));
      return offset + size;
    }
    this.bodySize = size;
    this.remaining = size;
    this.state = State.Body;
    return offset;
  }

  private consumeBody(chunk: Uint8Array, offset: number): number {
    const take = Math.min(this.remaining, chunk.length - offset);
    this.parts.push(chunk.subarray(offset, offset + take));
    this.remaining -= take;
    if (this.remaining === 0) {
      const body = this.allocate(this.bodySize);
      let at = 0;
      for (const part of this.parts) {
        body.set(part, at);
        at += part.length;
      }
      this.parts.length = 0;
      this.state = State.Header;
      this.sink.onFrame(this.flags, body);
    }
    return offset + take;
  }

  private skip(chunk: Uint8Array, offset: number): number {
    const take = Math.min(this.remaining, chunk.length - offset);
    this.remaining -= take;
    if (this.remaining === 0) this.state = State.Header;
    return offset + take;
  }
}

/** RFC 13: the length counts the flags octet, so it is never 0 (libzmq's v1_decoder: EPROTO). */
function zeroLength(): ProtocolError {
  return new ProtocolError("ZMTP 1.0 frame with length 0 (the length counts the flags octet)");
}

