import { FrameDecoder, type FrameSink } from "../../codec/frame-decoder.js";
import { FrameEncoder } from "../../codec/frame-encoder.js";
import { LegacyFrameDecoder } from "../../codec/legacy-frame-decoder.js";
import { LegacyFrameEncoder } from "../../codec/legacy-frame-encoder.js";
import { bufferView } from "../buffer-view.js";

/** A frame decoder as a wire drives it, whatever the framing. */
export interface FrameDecoding {
  push(chunk: Uint8Array, offset?: number): void;
  pause(): void;
  resume(): void;
  stop(): void;
  /** The largest frame accepted from now on, named in the EMSGSIZE error. */
  limitFrames(max: number, name: string): void;
}

/** A frame encoder as a wire drives it, whatever the framing (FrameEncoder for ZMTP 3.x). */
export interface FrameEncoding {
  readonly pendingBytes: number;
  message(frames: readonly Uint8Array[]): void;
  frame(body: Uint8Array, flags: number): void;
  command(name: string, data?: Uint8Array): void;
  raw(bytes: Uint8Array): void;
  take(): Uint8Array[];
}

/** How one peer revision frames its traffic: a decoder and an encoder. */
export interface Framing {
  readonly name: string;
  createDecoder(sink: FrameSink, maxFrameSize: number): FrameDecoding;
  createEncoder(): FrameEncoding;
}

const allocate = (size: number): Uint8Array => Buffer.allocUnsafe(size);

/** ZMTP 3.0 and 3.1 (RFC 23/37 §"Framing"); frames are handed on as Buffer views. */
export const ZMTP3_FRAMING: Framing = {
  name: "ZMTP/3",
  createDecoder: (sink, maxFrameSize) => new FrameDecoder(sink, { maxFrameSize, allocate, view: bufferView }),
  createEncoder: () => new FrameEncoder({ allocate, view: bufferView }),
};

/** ZMTP/2.0 (RFC 15): a revision 1 peer. */
export const ZMTP2_FRAMING: Framing = {
  name: "ZMTP/2.0",
  createDecoder: (sink, maxFrameSize) => new LegacyFrameDecoder(sink, { version: 2, maxFrameSize, allocate, view: bufferView }),
  createEncoder: () => new LegacyFrameEncoder(2, { allocate }),
};

/** ZMTP/1.0 (RFC 13): an unversioned peer, or a revision 0 one. */
export const ZMTP1_FRAMING: Framing = {
  name: "ZMTP/1.0",
  createDecoder: (sink, maxFrameSize) => new LegacyFrameDecoder(sink, { version: 1, maxFrameSize, allocate, view: bufferView }),
  createEncoder: () => new LegacyFrameEncoder(1, { allocate }),
};

/**
 * The framing for a peer's revision (octet 10), asked as soon as that octet arrives (libzmq's staged
 * greeting, `select_handshake_fun`): 0 is ZMTP/1.0, 1 is ZMTP/2.0, anything else ZMTP 3.x (libzmq treats
 * 2 and anything above 3 as 3.x too). An unversioned peer gets ZMTP1_FRAMING without a revision.
 */
export function framingFor(major: number): Framing {
  if (major === 0) return ZMTP1_FRAMING;
  if (major === 1) return ZMTP2_FRAMING;
  return ZMTP3_FRAMING;
}
