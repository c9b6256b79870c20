import { ZmqError } from "./errors.js";

/**
 * An address range in CIDR form, as libzmq's ZMQ_TCP_ACCEPT_FILTER takes it (src/tcp_address.cpp
 * `tcp_address_mask_t`): a numeric IPv4 or IPv6 address, optionally `/prefix` (0–32, 0–128). No host names.
 * Pure: no `node:` import, so that options can be checked anywhere.
 */
export interface AddressMask {
  /** As given (`"10.0.0.0/8"`), for messages and for reading the option back. */
  readonly text: string;
  /** 4 or 16 octets. */
  readonly bytes: Uint8Array;
  /** Leading bits that must match. */
  readonly prefix: number;
}

function parseIPv4(text: string): Uint8Array | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  const bytes = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const part = parts[i]!;
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const value = Number(part);
    if (value > 255) return undefined;
    bytes[i] = value;
  }
  return bytes;
}

/** The 16 octets of an IPv6 address (`::` shorthand and a trailing dotted IPv4 part allowed). */
function parseIPv6(text: string): Uint8Array | undefined {
  const zone = text.indexOf("%");
  const address = zone >= 0 ? text.slice(0, zone) : text;
  const halves = address.split("::");
  if (halves.length > 2) return undefined;
  const groups = (half: string): number[] | undefined => {
    if (half === "") return [];
    const out: number[] = [];
    const pieces = half.split(":");
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i]!;
      if (i === pieces.length - 1 && piece.includes(".")) {
        const v4 = parseIPv4(piece);
        if (v4 === undefined) return undefined;
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(piece)) return undefined;
        out.push(parseInt(piece, 16));
      }
    }
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  all.forEach((group, i) => {
    bytes[2 * i] = group >>> 8;
    bytes[2 * i + 1] = group & 0xff;
  });
  return bytes;
}

/** The octets of a numeric IPv4 or IPv6 address, or undefined. */
export function addressBytes(text: string): Uint8Array | undefined {
  return text.includes(":") ? parseIPv6(text) : parseIPv4(text);
}

/** Parses `"192.168.1.0/24"`, `"::1"`, …; EINVAL (as libzmq) for anything else. */
export function parseAddressMask(text: string): AddressMask {
  const slash = text.indexOf("/");
  const addressText = slash >= 0 ? text.slice(0, slash) : text;
  const bytes = addressBytes(addressText);
  if (bytes === undefined) {
    throw new ZmqError("EINVAL", `Invalid argument: tcpAcceptFilter needs a numeric IPv4 or IPv6 address, optionally /prefix, not ${JSON.stringify(text)}`);
  }
  const bits = bytes.length * 8;
  let prefix = bits;
  if (slash >= 0) {
    const prefixText = text.slice(slash + 1);
    prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : -1;
    if (prefix < 0 || prefix > bits) {
      throw new ZmqError("EINVAL", `Invalid argument: the prefix of tcpAcceptFilter ${JSON.stringify(text)} must be 0–${bits}`);
    }
  }
  return { text, bytes, prefix };
}

/** IPv4-mapped IPv6 (`::ffff:a.b.c.d`, what a dual-stack listener reports) as the IPv4 address it is. */
function unmapped(bytes: Uint8Array): Uint8Array {
  if (bytes.length !== 16) return bytes;
  for (let i = 0; i < 10; i++) if (bytes[i] !== 0) return bytes;
  if (bytes[10] !== 0xff || bytes[11] !== 0xff) return bytes;
  return bytes.subarray(12);
}

function matches(mask: AddressMask, bytes: Uint8Array): boolean {
  if (bytes.length !== mask.bytes.length) return false;
  const whole = mask.prefix >>> 3;
  for (let i = 0; i < whole; i++) if (bytes[i] !== mask.bytes[i]) return false;
  const rest = mask.prefix & 7;
  if (rest === 0) return true;
  const bitMask = (0xff << (8 - rest)) & 0xff;
  return (bytes[whole]! & bitMask) === (mask.bytes[whole]! & bitMask);
}

/**
 * Whether a peer's address passes the filters: any address when there are none, else one must match
 * (libzmq src/tcp_listener.cpp `accept()`). An address that cannot be read never passes a filter.
 */
export function addressAllowed(masks: readonly AddressMask[], address: string | undefined): boolean {
  if (masks.length === 0) return true;
  if (address === undefined) return false;
  const bytes = addressBytes(address);
  if (bytes === undefined) return false;
  const plain = unmapped(bytes);
  return masks.some((mask) => matches(mask, plain) || matches(mask, bytes));
}

/** The masks of a comma-joined filter list as the tcpAcceptFilter option reads back (null: none). */
export function parseAddressMasks(list: string | null): AddressMask[] {
  return list === null ? [] : list.split(",").map(parseAddressMask);
}
