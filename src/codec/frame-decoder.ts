import { ProtocolError, ZmqError } from "../errors.js";
import { FLAG_COMMAND, FLAG_LONG, FLAG_MORE, FLAG_RESERVED } from "./constants.js";
import { FrameBody } from "./frame-body.js";
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
   * A body that spans chunks and has at most this many octets is allocated when its header is in, so that
   * it can be read into directly (`bodyRemainder`); any other is gathered as the chunks that carry it and
   * allocated once all of it is in. Default 0: gathered. A stream wire that can read in place sets it
   * (`eagerBodyLimit`) to EAGER_BODY_LIMIT.
   */
  eagerBodyLimit?: number;
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

/**
 * 16 MiB: what a size header alone (9 octets from a peer) may make us allocate where bodies are read in
 * place, when maxMessageSize allows that much. Untouched pages of a fresh allocation cost no memory until
 * the body's octets arrive.
 */
export const EAGER_BODY_LIMIT = 16 * 1024 * 1024;

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
 * that chunk (no copy); a frame that spans chunks gets one buffer of exactly its size (FrameBody): gathered
 * and copied once complete, so a hostile size header never makes us allocate; or, where the stream can
 * read in place (`eagerBodyLimit`), allocated when its header is in and read into directly
 * (`bodyRemainder` / `bodyWritten`) instead of handing over chunks.
 */
export class FrameDecoder {
  private state = State.Header;
  /** Header octets (flags + size) gathered when a header spans chunks. */
  private readonly header = new Uint8Array(9);
  private headerLength = 0;
  private flags = 0;
  private readonly body: FrameBody;
  private paused = false;
  private readonly held = new HeldInput();
  private maxFrameSize: number;
  /** What sets the limit, for the error (maxMessageSize, or the handshake's bound). */
  private limitName = "maxMessageSize";
  private readonly view: (buffer: ArrayBufferLike, byteOffset: number, length: number) => Uint8Array;

  constructor(
    private readonly sink: FrameSink,
    options: FrameDecoderOptions = {},
  ) {
    const max = options.maxFrameSize;
    this.maxFrameSize = max === undefined || max < 0 ? Number.MAX_SAFE_INTEGER : max;
    this.body = new FrameBody(options.allocate ?? defaultAllocate, options.eagerBodyLimit ?? 0);
    this.view = options.view ?? defaultView;
  }

  /**
   * Changes the largest frame accepted from now on (-1: no limit but 2^53), named in the EMSGSIZE error:
   * the wire bounds handshake frames tighter than traffic.
   */
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

  /**
   * Bodies up to `limit` octets are allocated when their header is in, from the next frame on, so that the
   * stream can read into them (FrameDecoderOptions.eagerBodyLimit).
   */
  set eagerBodyLimit(limit: number) {
    this.body.eagerLimit = limit;
  }

  /** The size of the frame body being read (one that spans chunks), or 0 between frames. */
  get bodySize(): number {
    return this.state === State.Body ? this.body.size : 0;
  }

  /** Decodes what was held back, until done or paused again. Throws as push() does. */
  resume(): void {
    this.paused = false;
    // A body completed by a direct read while paused comes first: its octets arrived first.
    if (this.state === State.Body && this.body.complete) this.guarded(this.finishBody);
    this.held.drain(this.decodeHeld, this.mayDecode);
  }

  /**
   * Where the stream may read the next octets into, instead of handing over a chunk: the part of the
   * current frame's body still to come, if it was allocated whole and at least `min` octets are missing,
   * and nothing waits undecoded before it. Undefined otherwise (read a chunk and `push` it).
   */
  bodyRemainder(min: number): Uint8Array | undefined {
    if (this.state !== State.Body || this.paused || !this.held.empty) return undefined;
    return this.body.remainder(min);
  }

  /**
   * `length` octets were read into what `bodyRemainder` returned; a body that is now complete is handed
   * on (once resumed, if paused meanwhile). Throws as push() does; after stop() it does nothing.
   */
  bodyWritten(length: number): void {
    if (this.state !== State.Body) return;
    this.guarded(() => {
      this.body.written(length);
      if (this.body.complete && !this.paused) this.finishBody();
    });
  }

  private readonly finishBody = (): void => {
    this.emit(this.body.finish());
  };

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

  /** Runs `step`; a violation or a sink exception stops the decoder and propagates. */
  private guarded(step: () => void): void {
    try {
      step();
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
      throw new ZmqError("EMSGSIZE", `frame of ${size} octets exceeds ${this.limitName} (${this.maxFrameSize})`);
    }
    if (chunk.length - offset >= size) {
      this.emit(this.view(chunk.buffer, chunk.byteOffset + offset, size));
      return offset + size;
    }
    this.body.start(size);
    this.state = State.Body;
    return offset;
  }

  private consumeBody(chunk: Uint8Array, offset: number): number {
    const taken = this.body.take(chunk, offset);
    if (this.body.complete) this.finishBody();
    return offset + taken;
  }

  private emit(body: Uint8Array): void {
    this.state = State.Header;
    this.sink.onFrame(this.flags, body);
  }
}
