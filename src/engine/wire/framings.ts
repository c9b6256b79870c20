import { FrameDecoder, type FrameSink } from "../../codec/frame-decoder.js";
import { FrameEncoder } from "../../codec/frame-encoder.js";
import { checkMajorVersion } from "../../codec/greeting.js";
import { bufferView } from "../buffer-view.js";

/** A frame decoder as a wire drives it, whatever the framing. */
export interface FrameDecoding {
  push(chunk: Uint8Array, offset?: number): void;
  pause(): void;
  resume(): void;
  stop(): void;
}

/** How one peer revision frames its traffic: a decoder and an encoder. */
export interface Framing {
  readonly name: string;
  createDecoder(sink: FrameSink, maxFrameSize: number): FrameDecoding;
  createEncoder(): FrameEncoder;
}

const allocate = (size: number): Uint8Array => Buffer.allocUnsafe(size);

/** ZMTP 3.0 and 3.1 (RFC 23/37 §"Framing"); frames are handed on as Buffer views. */
export const ZMTP3_FRAMING: Framing = {
  name: "ZMTP/3",
  createDecoder: (sink, maxFrameSize) => new FrameDecoder(sink, { maxFrameSize, allocate, view: bufferView }),
  createEncoder: () => new FrameEncoder({ allocate }),
};

/**
 * The framing for a peer's major version, asked as soon as that octet arrives (libzmq's staged greeting).
 * Only ZMTP 3.x is framed today: ZMTP 2.0 and 1.0 framings plug in here. Throws ProtocolError otherwise.
 */
export function framingFor(major: number): Framing {
  checkMajorVersion(major);
  return ZMTP3_FRAMING;
}
