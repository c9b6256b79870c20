import { ProtocolError } from "../errors.js";

/**
 * Metadata properties of READY / INITIATE (RFC 37 §"The NULL Security Mechanism", RFC 23 grammar):
 * name = 1-octet length + 1–255 chars of [A-Za-z0-9.\-_+]; value = 4-octet network-order length + octets.
 * Names compare case-insensitively, so the decoded map is keyed by the lower-cased name; we always send the
 * exact spellings libzmq matches (`Socket-Type`, `Identity`).
 */
export type Metadata = Map<string, Uint8Array>;

const NAME_CHAR = /^[A-Za-z0-9.\-_+]+$/;
const encoder = new TextEncoder();

export function encodeMetadata(properties: Iterable<readonly [string, Uint8Array]>): Uint8Array {
  const entries: [Uint8Array, Uint8Array][] = [];
  let size = 0;
  for (const [name, value] of properties) {
    if (name.length === 0 || name.length > 255 || !NAME_CHAR.test(name)) {
      throw new RangeError(`invalid metadata property name: ${JSON.stringify(name)}`);
    }
    const nameBytes = encoder.encode(name);
    entries.push([nameBytes, value]);
    size += 1 + nameBytes.length + 4 + value.length;
  }
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  let at = 0;
  for (const [name, value] of entries) {
    out[at++] = name.length;
    out.set(name, at);
    at += name.length;
    view.setUint32(at, value.length);
    at += 4;
    out.set(value, at);
    at += value.length;
  }
  return out;
}

export function decodeMetadata(data: Uint8Array): Metadata {
  const properties: Metadata = new Map();
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let at = 0;
  while (at < data.length) {
    const nameLength = data[at++]!;
    if (nameLength === 0) throw new ProtocolError("metadata property with an empty name", "ERR_ZMTP_INVALID_METADATA");
    if (at + nameLength + 4 > data.length) throw new ProtocolError("metadata property name is truncated", "ERR_ZMTP_INVALID_METADATA");
    let name = "";
    for (let i = 0; i < nameLength; i++) name += String.fromCharCode(data[at + i]!);
    if (!NAME_CHAR.test(name)) throw new ProtocolError(`invalid metadata property name: ${JSON.stringify(name)}`, "ERR_ZMTP_INVALID_METADATA");
    at += nameLength;
    const valueLength = view.getUint32(at);
    at += 4;
    if (valueLength > data.length - at) throw new ProtocolError(`metadata property ${name} value is truncated`, "ERR_ZMTP_INVALID_METADATA");
    properties.set(name.toLowerCase(), data.subarray(at, at + valueLength));
    at += valueLength;
  }
  return properties;
}
