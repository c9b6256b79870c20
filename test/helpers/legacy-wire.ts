/**
 * Wire images of older peers, built by hand from RFC 13 (ZMTP/1.0) and RFC 15 (ZMTP/2.0) independently of
 * src/codec: frames in each framing, a versioned peer's 12-octet greeting, and the 10-octet signature whose
 * padding is the length of the sender's identity frame (as libzmq writes it).
 */
import { bytes, concat, type ByteSource } from "./bytes.js";
import { frameBytes } from "./wire.js";

/**
 * A ZMTP/1.0 frame: length (body + 1 for the flags octet) in one octet below 255, else 0xFF and a uint64
 * (or always long with `long`), then flags, then the body.
 */
export function v1FrameBytes(flags: number, body: ByteSource, options: { long?: boolean } = {}): Uint8Array {
  const payload = bytes(body);
  const length = payload.length + 1;
  if (length < 255 && options.long !== true) return concat([bytes(length, flags), payload]);
  const header = new Uint8Array(10);
  header[0] = 0xff;
  new DataView(header.buffer).setBigUint64(1, BigInt(length));
  header[9] = flags;
  return concat([header, payload]);
}

/** A ZMTP/1.0 message: MORE (0x01) on every frame but the last. */
export function v1MessageBytes(frames: readonly ByteSource[]): Uint8Array {
  return concat(frames.map((frame, i) => v1FrameBytes(i < frames.length - 1 ? 0x01 : 0x00, frame)));
}

/** A ZMTP/2.0 frame (RFC 15): flags (MORE, LONG), 1- or 8-octet length of the body, the body. */
export function v2FrameBytes(flags: number, body: ByteSource, options: { long?: boolean } = {}): Uint8Array {
  return frameBytes(flags, body, options);
}

/** A ZMTP/2.0 message: MORE on every frame but the last. */
export function v2MessageBytes(frames: readonly ByteSource[]): Uint8Array {
  return concat(frames.map((frame, i) => v2FrameBytes(i < frames.length - 1 ? 0x01 : 0x00, frame)));
}

/** The 10-octet signature with the uint64 `identitySize + 1` in its padding (RFC 15, libzmq). */
export function signatureBytes(identitySize = 0): Uint8Array {
  const out = new Uint8Array(10);
  out[0] = 0xff;
  new DataView(out.buffer).setBigUint64(1, BigInt(identitySize + 1));
  out[9] = 0x7f;
  return out;
}

/** A versioned older peer's greeting: signature, revision (0: ZMTP 1.0, 1: ZMTP 2.0), socket type. */
export function legacyGreetingBytes(revision: number, socketType: number, identitySize = 0): Uint8Array {
  return concat([signatureBytes(identitySize), bytes(revision, socketType)]);
}

/** libzmq's socket type numbers, as a ZMTP 2.0 greeting carries them. */
export const SOCKET_TYPE_NUMBER = {
  PAIR: 0,
  PUB: 1,
  SUB: 2,
  REQ: 3,
  REP: 4,
  DEALER: 5,
  ROUTER: 6,
  PULL: 7,
  PUSH: 8,
  XPUB: 9,
  XSUB: 10,
} as const;
