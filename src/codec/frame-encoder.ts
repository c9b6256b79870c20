import { FLAG_COMMAND, FLAG_LONG, FLAG_MORE, MAX_SHORT_SIZE } from "./constants.js";

export interface FrameEncoderOptions {
  /** Makes batch buffers (the engine passes Buffer.allocUnsafe so chunks go to the socket as Buffers). */
  allocate?: (size: number) => Uint8Array;
  /** Size of each batch buffer that headers and small bodies are copied into. */
  batchSize?: number;
  /** Bodies of at least this many octets are not copied: they go out as their own chunk. */
  copyThreshold?: number;
  /**
   * Makes the chunk handed out for a run of the batch buffer (the engine makes Buffers without `subarray`,
   * whose species lookup costs more than a small message's encoding); by default the batch's own `subarray`.
   */
  view?: (buffer: ArrayBufferLike, byteOffset: number, length: number) => Uint8Array;
}

const defaultAllocate = (size: number): Uint8Array => new Uint8Array(size);
const textEncoder = new TextEncoder();

/**
 * Turns frames into as few chunks as possible (RFC 23 §"Framing"). Headers and small bodies are copied into
 * a batch buffer; a large body is referenced, not copied, and travels as its own chunk. `take()` hands over
 * what was gathered; the caller writes it all at once (one writev).
 */
export class FrameEncoder {
  private readonly allocate: (size: number) => Uint8Array;
  private readonly batchSize: number;
  private readonly copyThreshold: number;
  private readonly view: ((buffer: ArrayBufferLike, byteOffset: number, length: number) => Uint8Array) | undefined;
  private batch: Uint8Array;
  /** Start of the part of `batch` not yet handed out as a chunk. */
  private sealed = 0;
  private position = 0;
  private chunks: Uint8Array[] = [];
  private bytes = 0;

  constructor(options: FrameEncoderOptions = {}) {
    this.allocate = options.allocate ?? defaultAllocate;
    this.batchSize = options.batchSize ?? 64 * 1024;
    this.copyThreshold = options.copyThreshold ?? 2048;
    this.view = options.view;
    this.batch = this.allocate(this.batchSize);
  }

  /** Octets gathered and not yet taken. */
  get pendingBytes(): number {
    return this.bytes;
  }

  /** Encodes a multipart message: MORE on every frame but the last. */
  message(frames: readonly Uint8Array[]): void {
    const last = frames.length - 1;
    if (last < 0) throw new RangeError("a message needs at least one frame");
    for (let i = 0; i < last; i++) this.frame(frames[i]!, FLAG_MORE);
    this.frame(frames[last]!, 0);
  }

  frame(body: Uint8Array, flags: number): void {
    const size = body.length;
    if (size <= SMALL_COPY) {
      // The hot path: a tiny frame, header and body copied in one go. A byte loop beats TypedArray#set's
      // call overhead for so few octets.
      this.reserve(2 + size);
      const batch = this.batch;
      let p = this.position;
      batch[p++] = flags;
      batch[p++] = size;
      let i = 0;
      for (; i + 4 <= size; i += 4, p += 4) {
        batch[p] = body[i]!;
        batch[p + 1] = body[i + 1]!;
        batch[p + 2] = body[i + 2]!;
        batch[p + 3] = body[i + 3]!;
      }
      for (; i < size; i++) batch[p++] = body[i]!;
      this.position = p;
      this.bytes += 2 + size;
      return;
    }
    const long = size > MAX_SHORT_SIZE;
    const headerSize = long ? 9 : 2;
    this.reserve(headerSize);
    this.writeHeader(flags, size, long);
    if (size < this.copyThreshold) {
      this.reserve(size);
      this.batch.set(body, this.position);
      this.position += size;
    } else {
      this.seal();
      this.chunks.push(body);
    }
    // Count the header too: `pendingBytes` is every octet take() will hand over (it counted bodies only,
    // so a run of empty frames or greeting/command octets looked like nothing pending).
    this.bytes += headerSize + size;
  }

  /** A command frame (RFC 37 §"Commands"): name length, name, data. Commands never carry MORE. */
  command(name: string, data: Uint8Array = EMPTY): void {
    const nameBytes = textEncoder.encode(name);
    if (nameBytes.length === 0 || nameBytes.length > 255) throw new RangeError("command name must be 1–255 octets");
    const size = 1 + nameBytes.length + data.length;
    const long = size > MAX_SHORT_SIZE;
    const headerSize = (long ? 9 : 2) + 1 + nameBytes.length;
    this.reserve(headerSize);
    this.writeHeader(FLAG_COMMAND, size, long);
    this.batch[this.position++] = nameBytes.length;
    this.batch.set(nameBytes, this.position);
    this.position += nameBytes.length;
    // raw() counts the data octets; count the frame header and the name here.
    this.bytes += headerSize;
    this.raw(data);
  }

  /** Raw octets, such as greeting parts, written in order with the frames. */
  raw(bytes: Uint8Array): void {
    if (bytes.length < this.copyThreshold) {
      this.reserve(bytes.length);
      this.batch.set(bytes, this.position);
      this.position += bytes.length;
    } else {
      this.seal();
      this.chunks.push(bytes);
    }
    this.bytes += bytes.length;
  }

  /** Hands over the gathered chunks, in order, and starts afresh. */
  take(): Uint8Array[] {
    this.seal();
    const chunks = this.chunks;
    this.chunks = [];
    this.bytes = 0;
    return chunks;
  }

  private writeHeader(flags: number, size: number, long: boolean): void {
    const batch = this.batch;
    let p = this.position;
    if (long) {
      batch[p++] = flags | FLAG_LONG;
      const high = Math.floor(size / 0x1_0000_0000);
      const low = size >>> 0;
      batch[p++] = high >>> 24;
      batch[p++] = (high >>> 16) & 0xff;
      batch[p++] = (high >>> 8) & 0xff;
      batch[p++] = high & 0xff;
      batch[p++] = low >>> 24;
      batch[p++] = (low >>> 16) & 0xff;
      batch[p++] = (low >>> 8) & 0xff;
      batch[p++] = low & 0xff;
    } else {
      batch[p++] = flags;
      batch[p++] = size;
    }
    this.position = p;
  }

  /** Makes room for `size` contiguous octets in the batch buffer. */
  private reserve(size: number): void {
    if (this.position + size <= this.batch.length) return;
    this.seal();
    this.batch = this.allocate(Math.max(this.batchSize, size));
    this.sealed = 0;
    this.position = 0;
  }

  /** Closes the current run of copied octets into a chunk (the buffer behind it is never written again). */
  private seal(): void {
    if (this.position > this.sealed) {
      const { batch, sealed, position, view } = this;
      this.chunks.push(view === undefined ? batch.subarray(sealed, position) : view(batch.buffer, batch.byteOffset + sealed, position - sealed));
      this.sealed = this.position;
    }
  }
}

const EMPTY = new Uint8Array(0);
const SMALL_COPY = 32;
