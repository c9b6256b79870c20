import { ProtocolError, ZmqError } from "../../errors.js";

/** RFC 6455 §5.2 opcodes. */
export const OPCODE_CONTINUATION = 0x0;
export const OPCODE_TEXT = 0x1;
export const OPCODE_BINARY = 0x2;
export const OPCODE_CLOSE = 0x8;
export const OPCODE_PING = 0x9;
export const OPCODE_PONG = 0xa;

/** RFC 6455 §5.5: a control frame's payload is at most 125 octets. */
export const MAX_CONTROL_PAYLOAD = 125;

/** Where decoded messages go. Payloads are views: into the chunk, or into a buffer of their own. */
export interface WsFrameSink {
  /** One whole binary message (never empty). */
  onMessage(payload: Uint8Array): void;
  /** A close, ping or pong frame. */
  onControl(opcode: number, payload: Uint8Array): void;
}

export interface WsFrameDecoderOptions {
  /** Whether the peer masks its frames: a server's peer must, a client's must not (RFC 6455 §5.1). */
  masked: boolean;
  /** Largest message payload accepted; larger ones are refused from their header (EMSGSIZE). */
  maxPayload: number;
  /** Makes the buffer of a message that spans chunks (Buffer.allocUnsafe on Node). */
  allocate: (size: number) => Uint8Array;
}

const enum State {
  Header,
  Payload,
  Stopped,
}

function violation(why: string): ProtocolError {
  return new ProtocolError(`WebSocket: ${why}`, "ERR_WS_UNSPECIFIED");
}

/** XORs `bytes[from, to)` with the 4-octet `mask`, the first octet masked with mask[phase & 3]. */
export function applyMask(bytes: Uint8Array, from: number, to: number, mask: Uint8Array, phase: number): void {
  const m0 = mask[phase & 3]!;
  const m1 = mask[(phase + 1) & 3]!;
  const m2 = mask[(phase + 2) & 3]!;
  const m3 = mask[(phase + 3) & 3]!;
  let i = from;
  for (; i + 4 <= to; i += 4) {
    bytes[i] = bytes[i]! ^ m0;
    bytes[i + 1] = bytes[i + 1]! ^ m1;
    bytes[i + 2] = bytes[i + 2]! ^ m2;
    bytes[i + 3] = bytes[i + 3]! ^ m3;
  }
  const rest = to - i;
  if (rest > 0) bytes[i] = bytes[i]! ^ m0;
  if (rest > 1) bytes[i + 1] = bytes[i + 1]! ^ m1;
  if (rest > 2) bytes[i + 2] = bytes[i + 2]! ^ m2;
}

/**
 * Decodes WebSocket frames (RFC 6455 §5.2) with libzmq's rules for ZWS 2.0 (ws_decoder.cpp,
 * shared/wire-reference.md §4.3): every message is one binary frame (FIN set), so a fragment, a continuation
 * or a text frame ends the connection; the mask bit must be what the role calls for, both ways; a binary
 * payload is never empty (it holds at least ZWS's flags octet). RSV bits must be clear: no extension is ever
 * negotiated. A payload is unmasked in place and handed on as a view into the chunk, unless it spans chunks:
 * then it is copied once into a buffer of its own, allocated only after its size has been checked.
 */
export class WsFrameDecoder {
  private state = State.Header;
  /** A header that spans chunks, gathered here (at most 14 octets). */
  private readonly header = new Uint8Array(14);
  private headerLength = 0;
  private readonly mask = new Uint8Array(4);
  private opcode = 0;
  private payload: Uint8Array | undefined = undefined;
  private payloadSize = 0;
  private payloadFilled = 0;
  private maxPayload: number;

  constructor(
    private readonly sink: WsFrameSink,
    private readonly options: WsFrameDecoderOptions,
  ) {
    this.maxPayload = options.maxPayload;
  }

  /** The largest message accepted from now on. */
  limitPayload(max: number): void {
    this.maxPayload = max;
  }

  /** Decodes no more: the rest of any chunk is dropped. */
  stop(): void {
    this.state = State.Stopped;
    this.payload = undefined;
  }

  /** Decodes a chunk; throws ProtocolError (or EMSGSIZE) for a frame that breaks the rules. */
  push(chunk: Uint8Array): void {
    let offset = 0;
    const end = chunk.length;
    while (offset < end) {
      if (this.state === State.Header) {
        offset = this.readHeader(chunk, offset);
      } else if (this.state === State.Payload) {
        offset = this.readPayload(chunk, offset);
      } else {
        return;
      }
    }
  }

  /** Reads a header from `chunk` at `offset` (in place when whole there); returns where it stopped. */
  private readHeader(chunk: Uint8Array, offset: number): number {
    let bytes: Uint8Array = chunk;
    let at = offset;
    let available = chunk.length - offset;
    if (this.headerLength > 0) {
      // A header that began in an earlier chunk: gather it.
      const take = Math.min(14 - this.headerLength, available);
      this.header.set(chunk.subarray(offset, offset + take), this.headerLength);
      bytes = this.header;
      at = 0;
      available = this.headerLength + take;
    }
    if (available < 2) return this.holdHeader(chunk, offset, bytes, available);
    const b0 = bytes[at]!;
    const b1 = bytes[at + 1]!;
    const length7 = b1 & 0x7f;
    const masked = (b1 & 0x80) !== 0;
    const size = 2 + (length7 === 126 ? 2 : length7 === 127 ? 8 : 0) + (masked ? 4 : 0);
    if (available < size) return this.holdHeader(chunk, offset, bytes, available);
    this.checkFirstOctets(b0, masked);
    let payloadSize = length7;
    if (length7 === 126) {
      payloadSize = (bytes[at + 2]! << 8) | bytes[at + 3]!;
    } else if (length7 === 127) {
      const high = ((bytes[at + 2]! << 24) | (bytes[at + 3]! << 16) | (bytes[at + 4]! << 8) | bytes[at + 5]!) >>> 0;
      const low = ((bytes[at + 6]! << 24) | (bytes[at + 7]! << 16) | (bytes[at + 8]! << 8) | bytes[at + 9]!) >>> 0;
      if (high >= 0x200000) throw violation("a 64-bit payload length beyond 2^53");
      payloadSize = high * 0x100000000 + low;
    }
    if (masked) this.mask.set(bytes.subarray(at + size - 4, at + size));
    this.checkSize(payloadSize);
    // Where the payload starts in `chunk`: after what this chunk contributed to the header.
    const consumed = bytes === chunk ? size : size - this.headerLength;
    this.headerLength = 0;
    this.startPayload(payloadSize);
    return offset + consumed;
  }

  /** Keeps a header's first `available` octets until the rest arrives. */
  private holdHeader(chunk: Uint8Array, offset: number, bytes: Uint8Array, available: number): number {
    if (bytes === chunk) this.header.set(chunk.subarray(offset), 0);
    this.headerLength = available;
    return chunk.length;
  }

  private checkFirstOctets(b0: number, masked: boolean): void {
    const opcode = b0 & 0x0f;
    if ((b0 & 0x70) !== 0) throw violation("RSV bits set, but no extension was negotiated");
    if (opcode === OPCODE_TEXT) throw violation("a text frame (ZWS messages are binary)");
    if (opcode === OPCODE_CONTINUATION || (b0 & 0x80) === 0) {
      throw violation("a fragmented message (ZWS sends each frame as one WebSocket frame)");
    }
    if (opcode !== OPCODE_BINARY && opcode !== OPCODE_CLOSE && opcode !== OPCODE_PING && opcode !== OPCODE_PONG) {
      throw violation(`unknown opcode ${opcode}`);
    }
    if (masked !== this.options.masked) {
      throw violation(this.options.masked ? "an unmasked frame from a client" : "a masked frame from a server");
    }
    this.opcode = opcode;
  }

  private checkSize(size: number): void {
    if (this.opcode >= OPCODE_CLOSE) {
      if (size > MAX_CONTROL_PAYLOAD) throw violation(`a control frame of ${size} octets (at most 125)`);
      return;
    }
    if (size === 0) throw violation("an empty binary message (a ZWS frame starts with its flags octet)");
    if (size > this.maxPayload) {
      throw new ZmqError("EMSGSIZE", `WebSocket message of ${size} octets exceeds the limit of ${this.maxPayload}`);
    }
  }

  private startPayload(size: number): void {
    this.payloadSize = size;
    this.payloadFilled = 0;
    this.payload = undefined;
    this.state = State.Payload;
    if (size === 0) this.finish(new Uint8Array(0));
  }

  private readPayload(chunk: Uint8Array, offset: number): number {
    const size = this.payloadSize;
    const available = chunk.length - offset;
    if (this.payload === undefined && available >= size) {
      // The whole payload is in this chunk: unmask it in place and hand on a view.
      const view = chunk.subarray(offset, offset + size);
      if (this.options.masked) applyMask(view, 0, size, this.mask, 0);
      this.finish(view);
      return offset + size;
    }
    this.payload ??= this.opcode >= OPCODE_CLOSE ? new Uint8Array(size) : this.options.allocate(size);
    const take = Math.min(size - this.payloadFilled, available);
    const from = this.payloadFilled;
    this.payload.set(chunk.subarray(offset, offset + take), from);
    if (this.options.masked) applyMask(this.payload, from, from + take, this.mask, from);
    this.payloadFilled += take;
    if (this.payloadFilled === size) {
      const payload = this.payload;
      this.payload = undefined;
      this.finish(payload);
    }
    return offset + take;
  }

  private finish(payload: Uint8Array): void {
    this.state = State.Header;
    if (this.opcode === OPCODE_BINARY) this.sink.onMessage(payload);
    else this.sink.onControl(this.opcode, payload);
  }
}
