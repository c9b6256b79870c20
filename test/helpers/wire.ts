/**
 * Wire images built by hand from the specs (RFC 23/37), independently of src/codec, so that tests compare
 * the codec against bytes written down here rather than against itself.
 */
import { bytes, concat, type ByteSource } from "./bytes.js";

export interface GreetingSpec {
  /** Octet 0 (0xFF for ZMTP 2.0 and later). */
  first?: number;
  /** Octets 1–8; libzmq puts a length there, any value is legal. */
  padding?: readonly number[];
  /** Octet 9 (0x7F; only bit 0 matters). */
  last?: number;
  major?: number;
  minor?: number;
  mechanism?: string;
  asServer?: number;
  /** Value of the 31 filler octets. */
  filler?: number;
}

/** A 64-octet ZMTP 3.x greeting: signature (10), major, minor, mechanism (20, NUL-padded), as-server, filler (31). */
export function greetingBytes(spec: GreetingSpec = {}): Uint8Array {
  const out = new Uint8Array(64);
  out[0] = spec.first ?? 0xff;
  const padding = spec.padding ?? [0, 0, 0, 0, 0, 0, 0, 0];
  for (let i = 0; i < 8; i++) out[1 + i] = padding[i] ?? 0;
  out[9] = spec.last ?? 0x7f;
  out[10] = spec.major ?? 3;
  out[11] = spec.minor ?? 1;
  const mechanism = spec.mechanism ?? "NULL";
  for (let i = 0; i < mechanism.length; i++) out[12 + i] = mechanism.charCodeAt(i);
  out[32] = spec.asServer ?? 0;
  out.fill(spec.filler ?? 0, 33);
  return out;
}

/** A frame: flags, then a 1-octet size (short) or an 8-octet size with the LONG bit (long), then the body. */
export function frameBytes(flags: number, body: ByteSource, options: { long?: boolean } = {}): Uint8Array {
  const payload = bytes(body);
  const long = options.long ?? payload.length > 255;
  if (!long) return concat([bytes(flags, payload.length), payload]);
  const header = new Uint8Array(9);
  header[0] = flags | 0x02;
  new DataView(header.buffer).setBigUint64(1, BigInt(payload.length));
  return concat([header, payload]);
}

/** A command body: 1-octet name length, name, data. */
export function commandBody(name: string, data: ByteSource = []): Uint8Array {
  return bytes(name.length, name, data);
}

/** A whole command frame (COMMAND flag, short or long as the size needs). */
export function commandFrame(name: string, data: ByteSource = []): Uint8Array {
  return frameBytes(0x04, commandBody(name, data));
}

/** Metadata properties: 1-octet name length, name, 4-octet big-endian value length, value. */
export function metadataBytes(properties: readonly (readonly [string, ByteSource])[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const [name, value] of properties) {
    const data = bytes(value);
    const length = new Uint8Array(4);
    new DataView(length.buffer).setUint32(0, data.length);
    parts.push(bytes(name.length, name), length, data);
  }
  return concat(parts);
}

/** The READY command frame carrying these properties. */
export function readyFrame(properties: readonly (readonly [string, ByteSource])[]): Uint8Array {
  return commandFrame("READY", metadataBytes(properties));
}

/** A multipart message: MORE on every frame but the last. */
export function messageBytes(frames: readonly ByteSource[]): Uint8Array {
  return concat(frames.map((frame, i) => frameBytes(i < frames.length - 1 ? 0x01 : 0x00, frame)));
}
