import { ProtocolError, ZmqError } from "../errors.js";
import { FLAG_COMMAND, FLAG_LONG, FLAG_MORE, FLAG_RESERVED } from "./constants.js";
import { HeldInput } from "./held-input.js";

/** Where frames go: one method, whatever framing decoded them. The decoder never calls anything else upward. */
export interface FrameSink {
  /** One frame. `flags` keeps MORE and COMMAND; `body` is a view into the input where it fit in one chunk. */
  onFrame(flags: number, body: Uint8Array): void;
}

export interface FrameDecoderOptions {
  /** Largest frame body accepted, checked before anything is allocated; -1 or undefined: no limit but 2^53. */
  maxFrameSize?: number;
  /** Makes the buffer for a frame that spans chunks (the engine passes Buffer.allocUnsafe). */
  allocate?: (size: number) => Uint8Array;
  /**
   * Makes the view handed out for a frame that lies inside one chunk (the engine makes Buffers). Called with
   * the chunk's ArrayBuffer, read once per chunk: a view built from it is far cheaper than `subarray`, which
   * looks up a species constructor on every call.
   */
  view?: (buffer: ArrayBufferLike, byteOffset: number, length: number) => Uint8Array;
}

const enum State {
  Header,
  Body,
  Stopped,
}

const SHORT_FLAGS = FLAG_MORE | FLAG_COMMAND;
const COMMAND_MORE = FLAG_MORE | FLAG_COMMAND;

const defaultAllocate = (size: number): Uint8Array => new Uint8Array(size);
const defaultView = (buffer: ArrayBufferLike, byteOffset: number, length: number): Uint8Array =>
  new Uint8Array(buffer, byteOffset, length);

/**
 * An 8-octet network-order frame length (RFC 23 §"Framing", RFC 13/15 long lengths); anything from 2^53 up
 * is refused unread (EMSGSIZE).
 */
export function readLongLength(bytes: Uint8Array, at: number): number {
  const high = ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
  const low = ((bytes[at + 4]! << 24) | (bytes[at + 5]! << 16) | (bytes[at + 6]! << 8) | bytes[at + 7]!) >>> 0;
  if (high >= 0x200000) throw new ZmqError("EMSGSIZE", "frame size exceeds 2^53 octets");
  return high * 0x1_0000_0000 + low;
}

/**
 * Incremental ZMTP 3.x frame decoder (RFC 23/37 §"Formal Grammar"), for what follows the greeting (which
 * GreetingDecoder reads). Accepts any chunking of
 * the stream, one octet at a time included. A frame that lies inside one chunk is handed on as a view of
 * that chunk (no copy); a frame that spans chunks is gathered into one buffer only once all of it is in, so
 * a hostile size header never makes us allocate.
 */
export class FrameDecoder {
  private state = State.Header;
  /** Header octets (flags + size) gathered when a header spans chunks. */
  private readonly header = new Uint8Array(9);
  private headerLength = 0;
  private flags = 0;
  private bodySize = 0;
  private readonly parts: Uint8Array[] = [];
  private partsLength = 0;
  private paused = false;
  private readonly held = new HeldInput();
  private readonly maxFrameSize: number;
  private readonly allocate: (size: number) => Uint8Array;
  private readonly view: (buffer: ArrayBufferLike, byteOffset: number, length: number) => Uint8Array;

  constructor(
    private readonly sink: FrameSink,
    options: FrameDecoderOptions = {},
  ) {
    const max = options.maxFrameSize;
    this.maxFrameSize = max === undefined || max < 0 ? Number.MAX_SAFE_INTEGER : max;
    this.allocate = options.allocate ?? defaultAllocate;
    this.view = options.view ?? defaultView;
  }

  /** Stops decoding: the rest of the current chunk and any later chunk are ignored. */
  stop(): void {
    this.state = State.Stopped;
  }

  get stopped(): boolean {
    return this.state === State.Stopped;
  }

  /**
   * Holds back further frames (the reader's queue is at its high-water mark). Input keeps being accepted
   * and is decoded, in order, on `resume()`. Undecoded bytes stay bytes: a paused reader holds no
   * per-message objects for them.
   */
  pause(): void {
    this.paused = true;
  }

  get isPaused(): boolean {
    return this.paused;
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

  /**
   * Feeds bytes from `offset` on. Throws ProtocolError (and stops) on a violation; sink exceptions propagate
   * the same way.
   */
  push(chunk: Uint8Array, offset = 0): void {
    if (this.paused) this.held.append(chunk, offset);
    else this.decode(chunk, offset);
  }

  private decode(chunk: Uint8Array, offset: number): void {
    try {
      this.consume(chunk, offset);
    } catch (err) {
      this.state = State.Stopped;
      throw err;
    }
  }

  private consume(chunk: Uint8Array, from: number): void {
    let offset = from;
    const length = chunk.length;
    const sink = this.sink;
    const view = this.view;
    const buffer = chunk.buffer;
    const base = chunk.byteOffset;
    while (offset < length) {
      if (this.paused) {
        // Keep the chunk itself and where to resume in it: no view is made for what waits.
        this.held.putBack(chunk, offset);
        return;
      }
      const state = this.state;
      if (state === State.Header && this.headerLength === 0 && offset + 2 <= length) {
        // Hot path: a short frame wholly inside this chunk (no LONG, no reserved bits, not COMMAND+MORE).
        const flags = chunk[offset]!;
        const start = offset + 2;
        const end = start + chunk[offset + 1]!;
        if (
          (flags & ~SHORT_FLAGS) === 0 &&
          (flags & COMMAND_MORE) !== COMMAND_MORE &&
          end <= length &&
          end - start <= this.maxFrameSize
        ) {
          offset = end;
          this.flags = flags;
          sink.onFrame(flags, view(buffer, base + start, end - start));
          continue;
        }
      }
      if (state === State.Header) {
        offset = this.consumeHeader(chunk, offset);
      } else if (state === State.Body) {
        offset = this.consumeBody(chunk, offset);
      } else {
        return;
      }
    }
  }

  private consumeHeader(chunk: Uint8Array, offset: number): number {
    const available = chunk.length - offset;
    if (this.headerLength === 0) {
      const flags = chunk[offset]!;
      const need = (flags & FLAG_LONG) !== 0 ? 9 : 2;
      if (available >= need) {
        // Fast path: the whole header is in this chunk.
        this.flags = this.checkFlags(flags);
        const size = need === 2 ? chunk[offset + 1]! : readLongLength(chunk, offset + 1);
        return this.startBody(size, chunk, offset + need);
      }
    }
    // Slow path: gather the header octet by octet.
    while (offset < chunk.length) {
      this.header[this.headerLength++] = chunk[offset++]!;
      const flags = this.header[0]!;
      if (this.headerLength === 1) this.checkFlags(flags);
      const need = (flags & FLAG_LONG) !== 0 ? 9 : 2;
      if (this.headerLength === need) {
        this.headerLength = 0;
        this.flags = this.checkFlags(flags);
        const size = need === 2 ? this.header[1]! : readLongLength(this.header, 1);
        return this.startBody(size, chunk, offset);
      }
    }
    return offset;
  }

  private checkFlags(flags: number): number {
    if ((flags & FLAG_RESERVED) !== 0) {
      throw new ProtocolError(`frame flags 0x${flags.toString(16)} set reserved bits`);
    }
    if ((flags & FLAG_COMMAND) !== 0 && (flags & FLAG_MORE) !== 0) {
      throw new ProtocolError("command frame carries the MORE flag");
    }
    return flags & (FLAG_MORE | FLAG_COMMAND);
  }

  private startBody(size: number, chunk: Uint8Array, offset: number): number {
    if (size > this.maxFrameSize) {
      throw new ZmqError("EMSGSIZE", `frame of ${size} octets exceeds maxMessageSize (${this.maxFrameSize})`);
    }
    if (chunk.length - offset >= size) {
      this.emit(this.view(chunk.buffer, chunk.byteOffset + offset, size));
      return offset + size;
    }
    this.bodySize = size;
    this.state = State.Body;
    return offset;
  }

  private consumeBody(chunk: Uint8Array, offset: number): number {
    const want = this.bodySize - this.partsLength;
    const take = Math.min(want, chunk.length - offset);
    this.parts.push(chunk.subarray(offset, offset + take));
    this.partsLength += take;
    if (this.partsLength === this.bodySize) {
      const body = this.allocate(this.bodySize);
      let at = 0;
      for (const part of this.parts) {
        body.set(part, at);
        at += part.length;
      }
      this.parts.length = 0;
      this.partsLength = 0;
      this.state = State.Header;
      this.emit(body);
    }
    return offset + take;
  }

  private emit(body: Uint8Array): void {
    this.state = State.Header;
    this.sink.onFrame(this.flags, body);
  }
}
