import { ProtocolError } from "../errors.js";

/** A command frame's body split into name and data (RFC 37 §"Commands": 1-octet name length, name, data). */
export interface Command {
  name: string;
  data: Uint8Array;
}

export function decodeCommand(body: Uint8Array): Command {
  if (body.length === 0) throw new ProtocolError("empty command frame", "ERR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED");
  const nameLength = body[0]!;
  if (nameLength === 0 || 1 + nameLength > body.length) throw new ProtocolError("malformed command name", "ERR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED");
  let name = "";
  for (let i = 1; i <= nameLength; i++) name += String.fromCharCode(body[i]!);
  return { name, data: body.subarray(1 + nameLength) };
}

const textEncoder = new TextEncoder();

/** A command frame's body: name length, name, data (what a frame transform boxes, RFC 37 §"Commands"). */
export function encodeCommandBody(name: string, data: Uint8Array): Uint8Array {
  const nameBytes = textEncoder.encode(name);
  if (nameBytes.length === 0 || nameBytes.length > 255) throw new RangeError("command name must be 1–255 octets");
  const body = new Uint8Array(1 + nameBytes.length + data.length);
  body[0] = nameBytes.length;
  body.set(nameBytes, 1);
  body.set(data, 1 + nameBytes.length);
  return body;
}
const textDecoder = new TextDecoder();

/** ERROR data: 1-octet reason length + reason (RFC 37 §"The ERROR Command"). */
export function encodeErrorReason(reason: string): Uint8Array {
  const text = textEncoder.encode(reason).subarray(0, 255);
  const out = new Uint8Array(1 + text.length);
  out[0] = text.length;
  out.set(text, 1);
  return out;
}

export function decodeErrorReason(data: Uint8Array): string {
  if (data.length === 0) throw new ProtocolError("ERROR command without a reason length", "ERR_ZMTP_MALFORMED_COMMAND_ERROR");
  const length = data[0]!;
  if (1 + length > data.length) throw new ProtocolError("ERROR reason is truncated", "ERR_ZMTP_MALFORMED_COMMAND_ERROR");
  return textDecoder.decode(data.subarray(1, 1 + length));
}

/** PING data: 2-octet TTL in tenths of a second, then up to 16 octets of context (RFC 37 §"PING"). */
export interface Ping {
  ttlDeciseconds: number;
  context: Uint8Array;
}

export function encodePing(ttlDeciseconds: number, context: Uint8Array = new Uint8Array(0)): Uint8Array {
  const out = new Uint8Array(2 + Math.min(context.length, 16));
  out[0] = (ttlDeciseconds >>> 8) & 0xff;
  out[1] = ttlDeciseconds & 0xff;
  out.set(context.subarray(0, 16), 2);
  return out;
}

export function decodePing(data: Uint8Array): Ping {
  if (data.length < 2) throw new ProtocolError("PING without a TTL");
  return { ttlDeciseconds: (data[0]! << 8) | data[1]!, context: data.subarray(2) };
}

/** The PONG for a PING echoes its context, cut to 16 octets. */
export function pongContext(ping: Ping): Uint8Array {
  return ping.context.subarray(0, 16);
}
