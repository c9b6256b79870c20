import { NONCE_BYTES } from "./nacl-box.js";

/**
 * CurveZMQ's nonces (RFC 26 §"Nonces"): a short nonce is a 16-octet prefix naming the command and who sent
 * it, then an 8-octet network-order counter that only the prefix's sender increases; a long nonce is an
 * 8-octet prefix, then 16 random octets.
 */
export const HELLO_PREFIX = "CurveZMQHELLO---";
export const INITIATE_PREFIX = "CurveZMQINITIATE";
export const READY_PREFIX = "CurveZMQREADY---";
export const CLIENT_MESSAGE_PREFIX = "CurveZMQMESSAGEC";
export const SERVER_MESSAGE_PREFIX = "CurveZMQMESSAGES";
export const WELCOME_PREFIX = "WELCOME-";
export const COOKIE_PREFIX = "COOKIE--";
export const VOUCH_PREFIX = "VOUCH---";

const TWO_32 = 2 ** 32;

function ascii(text: string, into: Uint8Array): void {
  for (let i = 0; i < text.length; i++) into[i] = text.charCodeAt(i);
}

/** A 24-octet nonce: `prefix` (16 octets), then `counter` as 8 network-order octets. */
export function shortNonce(prefix: string, counter: number): Uint8Array {
  const nonce = new Uint8Array(NONCE_BYTES);
  ascii(prefix, nonce);
  writeCounter(nonce, 16, counter);
  return nonce;
}

/** A 24-octet nonce: `prefix` (8 octets), then the 16 octets of `tail`. */
export function longNonce(prefix: string, tail: Uint8Array): Uint8Array {
  const nonce = new Uint8Array(NONCE_BYTES);
  ascii(prefix, nonce);
  nonce.set(tail.subarray(0, 16), 8);
  return nonce;
}

/** A 24-octet nonce: `prefix` (16 octets), then the 8 octets of a counter as the peer sent them. */
export function shortNonceFromWire(prefix: string, counter: Uint8Array): Uint8Array {
  const nonce = new Uint8Array(NONCE_BYTES);
  ascii(prefix, nonce);
  nonce.set(counter.subarray(0, 8), 16);
  return nonce;
}

/** Writes `counter` (below 2^53) as 8 network-order octets at `at`. */
export function writeCounter(bytes: Uint8Array, at: number, counter: number): void {
  const high = Math.floor(counter / TWO_32);
  const low = counter >>> 0;
  bytes[at] = high >>> 24;
  bytes[at + 1] = (high >>> 16) & 0xff;
  bytes[at + 2] = (high >>> 8) & 0xff;
  bytes[at + 3] = high & 0xff;
  bytes[at + 4] = low >>> 24;
  bytes[at + 5] = (low >>> 16) & 0xff;
  bytes[at + 6] = (low >>> 8) & 0xff;
  bytes[at + 7] = low & 0xff;
}

function readUint32(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
}

/**
 * The highest short nonce the peer has used so far (libzmq's `_cn_peer_nonce`, 1 at the start). The
 * handshake records the peer's HELLO/INITIATE or READY nonce without judging it; every MESSAGE nonce must
 * then be strictly greater than the last (libzmq curve_encoding_t::check_validity), so a replayed or
 * reordered box is refused before it is opened. Kept as two 32-bit halves: a peer may send any 64-bit value.
 */
export class PeerNonce {
  private high = 0;
  private low = 1;

  /** Records the 8 octets at `bytes[at]` as the peer's latest nonce. */
  record(bytes: Uint8Array, at: number): void {
    this.high = readUint32(bytes, at);
    this.low = readUint32(bytes, at + 4);
  }

  /** Records the nonce at `bytes[at]` if it is above the last one; false (nothing recorded) otherwise. */
  advance(bytes: Uint8Array, at: number): boolean {
    const high = readUint32(bytes, at);
    const low = readUint32(bytes, at + 4);
    if (high < this.high || (high === this.high && low <= this.low)) return false;
    this.high = high;
    this.low = low;
    return true;
  }
}
