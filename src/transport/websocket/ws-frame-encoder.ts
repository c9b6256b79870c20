import { applyMask, OPCODE_BINARY } from "./ws-frame-decoder.js";

export interface WsFrameEncoderOptions {
  /** A client masks every frame (RFC 6455 §5.3); a server never does. */
  masked: boolean;
  /** Makes batch buffers (Buffer.allocUnsafe on Node, so chunks go to the socket as Buffers). */
  allocate: (size: number) => Uint8Array;
  /** Fills a 4-octet masking key with unpredictable octets (clients only). */
  fillMask?: (mask: Uint8Array) => void;
}

const BATCH_SIZE = 64 * 1024;
/** A server sends a part this large as its own chunk, never copied. */
const COPY_THRESHOLD = 2048;
/** The longest header: 2 octets, a 64-bit length, a masking key. */
const MAX_HEADER = 14;

/**
 * Encodes WebSocket frames (RFC 6455 §5.2): each message is one unfragmented binary frame, as ZWS 2.0 needs
 * (shared/wire-reference.md §4.3). Headers and small parts are gathered into a batch buffer; a server's
 * large part is referenced and goes out as a chunk of its own; a client masks, so it copies every payload
 * once (into the batch, or into a buffer of the frame's own size). `take()` hands over the chunks for one
 * gathered write.
 */
export class WsFrameEncoder {
  private batch: Uint8Array;
  private sealed = 0;
  private position = 0;
  private chunks: Uint8Array[] = [];
  private bytes = 0;
  private readonly mask = new Uint8Array(4);

  constructor(private readonly options: WsFrameEncoderOptions) {
    this.batch = options.allocate(BATCH_SIZE);
  }

  /** Octets gathered and not yet taken. */
  get pendingBytes(): number {
    return this.bytes;
  }

  /** One binary message whose payload is `parts`, in order. */
  message(parts: readonly Uint8Array[]): void {
    let size = 0;
    for (const part of parts) size += part.length;
    this.frame(OPCODE_BINARY, parts, size);
  }

  /** A close, ping or pong frame (payload at most 125 octets). */
  control(opcode: number, payload: Uint8Array): void {
    this.frame(opcode, [payload], payload.length);
  }

  /** What was gathered, as chunks to write in order; the encoder starts afresh. */
  take(): Uint8Array[] {
    this.seal();
    const chunks = this.chunks;
    this.chunks = [];
    this.bytes = 0;
    if (this.batch.length - this.position < MAX_HEADER + COPY_THRESHOLD) this.newBatch(BATCH_SIZE);
    return chunks;
  }

  private frame(opcode: number, parts: readonly Uint8Array[], size: number): void {
    const masked = this.options.masked;
    const headerSize = 2 + (size < 126 ? 0 : size < 0x10000 ? 2 : 8) + (masked ? 4 : 0);
    if (masked && headerSize + size > BATCH_SIZE) {
      // A large client frame: one buffer of its own, masked while copied.
      this.seal();
      this.newBatch(headerSize + size);
    }
    this.reserve(headerSize);
    this.writeHeader(opcode, size);
    let phase = 0;
    for (const part of parts) {
      if (!masked && part.length >= COPY_THRESHOLD) {
        this.seal();
        this.chunks.push(part);
        continue;
      }
      this.reserve(part.length);
      const at = this.position;
      this.batch.set(part, at);
      if (masked) applyMask(this.batch, at, at + part.length, this.mask, phase);
      phase += part.length;
      this.position += part.length;
    }
    this.bytes += headerSize + size;
  }

  private writeHeader(opcode: number, size: number): void {
    const b = this.batch;
    let p = this.position;
    const masked = this.options.masked;
    b[p++] = 0x80 | opcode;
    const maskBit = masked ? 0x80 : 0;
    if (size < 126) {
      b[p++] = maskBit | size;
    } else if (size < 0x10000) {
      b[p++] = maskBit | 126;
      b[p++] = size >>> 8;
      b[p++] = size & 0xff;
    } else {
      b[p++] = maskBit | 127;
      const high = Math.floor(size / 0x100000000);
      for (let shift = 24; shift >= 0; shift -= 8) b[p++] = (high >>> shift) & 0xff;
      for (let shift = 24; shift >= 0; shift -= 8) b[p++] = (size >>> shift) & 0xff;
    }
    if (masked) {
      this.options.fillMask?.(this.mask);
      b.set(this.mask, p);
      p += 4;
    }
    this.position = p;
  }

  /** Room for `n` more octets in the batch, starting a new one if needed. */
  private reserve(n: number): void {
    if (this.batch.length - this.position >= n) return;
    this.seal();
    this.newBatch(Math.max(BATCH_SIZE, n));
  }

  private newBatch(size: number): void {
    this.batch = this.options.allocate(size);
    this.sealed = 0;
    this.position = 0;
  }

  /** Hands out the filled part of the batch as a chunk. */
  private seal(): void {
    if (this.position > this.sealed) this.chunks.push(this.batch.subarray(this.sealed, this.position));
    this.sealed = this.position;
  }
}
