import { ProtocolError } from "../../errors.js";
import { box, boxOpen, KEY_BYTES, MAC_BYTES, type KeyPair, type RandomSource } from "./nacl-box.js";
import { INITIATE_PREFIX, longNonce, shortNonce, shortNonceFromWire, VOUCH_PREFIX, type PeerNonce } from "./nonces.js";
import { checkCookie, COOKIE_SIZE, sameBytes } from "./welcome.js";

/**
 * INITIATE (RFC 26 §"The INITIATE Command"), as data after the command name: the server's cookie (96), the
 * short nonce's counter (8), then the box [C + vouch + metadata] from C' to S'. The vouch is the vouch
 * nonce's 16 random octets and the box [C' + S] from C to S' (80): proof that the owner of the long-term
 * key C stands behind this connection's C'. At least 248 octets; with "\x08INITIATE", libzmq's minimum 257.
 */
export const INITIATE_MIN_SIZE = COOKIE_SIZE + 8 + MAC_BYTES + 128;
const NONCE_AT = COOKIE_SIZE;
const BOX_AT = COOKIE_SIZE + 8;

export interface ClientKeys {
  /** C, c: the client's long-term key pair. */
  long: KeyPair;
  /** C', c': this connection's. */
  short: KeyPair;
  /** S: the server's long-term public key. */
  serverKey: Uint8Array;
}

/** The client's INITIATE; undefined if S' is unusable (of low order). */
export function produceInitiate(
  keys: ClientKeys,
  serverShortKey: Uint8Array,
  cookie: Uint8Array,
  counter: number,
  metadata: Uint8Array,
  random: RandomSource,
): Uint8Array | undefined {
  const vouchPlaintext = new Uint8Array(64);
  vouchPlaintext.set(keys.short.publicKey, 0);
  vouchPlaintext.set(keys.serverKey, 32);
  const vouchTail = random(16);
  const vouch = box(vouchPlaintext, longNonce(VOUCH_PREFIX, vouchTail), serverShortKey, keys.long.secretKey);
  if (vouch === undefined) return undefined;

  const plaintext = new Uint8Array(128 + metadata.length);
  plaintext.set(keys.long.publicKey, 0);
  plaintext.set(vouchTail, 32);
  plaintext.set(vouch, 48);
  plaintext.set(metadata, 128);
  const nonce = shortNonce(INITIATE_PREFIX, counter);
  const boxed = box(plaintext, nonce, serverShortKey, keys.short.secretKey);
  if (boxed === undefined) return undefined;
  const data = new Uint8Array(BOX_AT + boxed.length);
  data.set(cookie, 0);
  data.set(nonce.subarray(16), NONCE_AT);
  data.set(boxed, BOX_AT);
  return data;
}

/** What the server learns from a valid INITIATE. */
export interface Initiate {
  /** C: the client's long-term public key (what ZAP authenticates). */
  clientKey: Uint8Array;
  /** The client's metadata, still encoded. */
  metadata: Uint8Array;
}

/** The server's own state the INITIATE is checked against. */
export interface ServerConnectionKeys {
  cookieKey: Uint8Array;
  /** C' from HELLO. */
  clientShortKey: Uint8Array;
  /** S', s'. */
  short: KeyPair;
  /** S: our long-term public key (what the vouch must name). */
  serverKey: Uint8Array;
}

/**
 * The server's check of INITIATE, in libzmq's order (curve_server_t::process_initiate): the size (else
 * ERR_ZMTP_MALFORMED_COMMAND_INITIATE), the cookie, the box, the vouch (ERR_ZMTP_CRYPTOGRAPHIC for a box
 * that does not open), then that the vouch names this connection's C' (ERR_ZMTP_KEY_EXCHANGE). Beyond
 * libzmq, as RFC 26 asks, the vouch must also name our S: a client never vouches for another server.
 */
export function openInitiate(data: Uint8Array, keys: ServerConnectionKeys, peerNonce: PeerNonce): Initiate {
  if (data.length < INITIATE_MIN_SIZE) {
    throw new ProtocolError(`CURVE INITIATE of ${data.length + 9} octets (at least 257 expected)`, "ERR_ZMTP_MALFORMED_COMMAND_INITIATE");
  }
  checkCookie(data.subarray(0, COOKIE_SIZE), keys.cookieKey, keys.clientShortKey, keys.short.secretKey);
  peerNonce.record(data, NONCE_AT);
  const nonce = shortNonceFromWire(INITIATE_PREFIX, data.subarray(NONCE_AT));
  const plaintext = boxOpen(data.subarray(BOX_AT), nonce, keys.clientShortKey, keys.short.secretKey);
  if (plaintext === undefined) throw new ProtocolError("cannot open the CURVE INITIATE box", "ERR_ZMTP_CRYPTOGRAPHIC");
  const clientKey = plaintext.slice(0, KEY_BYTES);
  const vouch = boxOpen(plaintext.subarray(48, 128), longNonce(VOUCH_PREFIX, plaintext.subarray(32, 48)), clientKey, keys.short.secretKey);
  if (vouch === undefined) throw new ProtocolError("cannot open the CURVE INITIATE vouch", "ERR_ZMTP_CRYPTOGRAPHIC");
  if (!sameBytes(vouch.subarray(0, 32), keys.clientShortKey) || !sameBytes(vouch.subarray(32, 64), keys.serverKey)) {
    throw new ProtocolError("the CURVE vouch does not name this connection's keys", "ERR_ZMTP_KEY_EXCHANGE");
  }
  return { clientKey, metadata: plaintext.subarray(128) };
}
