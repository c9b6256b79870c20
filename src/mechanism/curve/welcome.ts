import { ProtocolError } from "../../errors.js";
import { box, boxOpen, KEY_BYTES, open, seal, type KeyPair, type RandomSource } from "./nacl-box.js";
import { COOKIE_PREFIX, longNonce, WELCOME_PREFIX } from "./nonces.js";

/**
 * WELCOME (RFC 26 §"The WELCOME Command"), as data after the command name: the long nonce's 16 random
 * octets, then the box [S' + cookie] from S to C' (144 octets). 160 octets; with "\x07WELCOME", the 168
 * libzmq requires exactly. The cookie is the cookie nonce's 16 random octets and the secretbox [C' + s']
 * under the server's cookie key, which libzmq draws fresh for each connection: the server keeps no state
 * for C' but the key, and gets C' and s' back, unforgeable, in INITIATE.
 */
export const WELCOME_SIZE = 160;
export const COOKIE_SIZE = 96;

export interface Welcome {
  serverShortKey: Uint8Array;
  cookie: Uint8Array;
}

/** The server's WELCOME to `clientShortKey`; undefined if that key is unusable (of low order). */
export function produceWelcome(
  clientShortKey: Uint8Array,
  serverSecret: Uint8Array,
  serverShort: KeyPair,
  cookieKey: Uint8Array,
  random: RandomSource,
): Uint8Array | undefined {
  const cookieTail = random(16);
  const cookiePlaintext = new Uint8Array(64);
  cookiePlaintext.set(clientShortKey, 0);
  cookiePlaintext.set(serverShort.secretKey, 32);
  const cookieBox = seal(cookieKey, longNonce(COOKIE_PREFIX, cookieTail), cookiePlaintext);
  cookiePlaintext.fill(0);

  const plaintext = new Uint8Array(128);
  plaintext.set(serverShort.publicKey, 0);
  plaintext.set(cookieTail, 32);
  plaintext.set(cookieBox, 48);
  const welcomeTail = random(16);
  const boxed = box(plaintext, longNonce(WELCOME_PREFIX, welcomeTail), clientShortKey, serverSecret);
  if (boxed === undefined) return undefined;
  const data = new Uint8Array(WELCOME_SIZE);
  data.set(welcomeTail, 0);
  data.set(boxed, 16);
  return data;
}

/**
 * The client's reading of WELCOME: 160 octets (else ERR_ZMTP_MALFORMED_COMMAND_WELCOME; libzmq reports a
 * wrong size as ERR_ZMTP_CRYPTOGRAPHIC), a box that opens from the server key we were given (else
 * ERR_ZMTP_CRYPTOGRAPHIC: that is not the server we meant to reach).
 */
export function openWelcome(data: Uint8Array, serverKey: Uint8Array, clientShortSecret: Uint8Array): Welcome {
  if (data.length !== WELCOME_SIZE) {
    throw new ProtocolError(`CURVE WELCOME of ${data.length + 8} octets (168 expected)`, "ERR_ZMTP_MALFORMED_COMMAND_WELCOME");
  }
  const plaintext = boxOpen(data.subarray(16), longNonce(WELCOME_PREFIX, data.subarray(0, 16)), serverKey, clientShortSecret);
  if (plaintext === undefined) {
    throw new ProtocolError("cannot open the CURVE WELCOME box: the server does not hold the curveServerKey we have", "ERR_ZMTP_CRYPTOGRAPHIC");
  }
  return { serverShortKey: plaintext.slice(0, KEY_BYTES), cookie: plaintext.slice(32, 32 + COOKIE_SIZE) };
}

/**
 * The server's check of the cookie a client returns in INITIATE: it opens under our cookie key and holds the
 * C' and s' of this connection (libzmq curve_server_t::process_initiate); ERR_ZMTP_CRYPTOGRAPHIC otherwise.
 */
export function checkCookie(cookie: Uint8Array, cookieKey: Uint8Array, clientShortKey: Uint8Array, serverShortSecret: Uint8Array): void {
  const plaintext = open(cookieKey, longNonce(COOKIE_PREFIX, cookie.subarray(0, 16)), cookie.subarray(16, COOKIE_SIZE));
  if (plaintext === undefined) throw new ProtocolError("cannot open the CURVE INITIATE cookie", "ERR_ZMTP_CRYPTOGRAPHIC");
  const valid = sameBytes(plaintext.subarray(0, 32), clientShortKey) && sameBytes(plaintext.subarray(32, 64), serverShortSecret);
  plaintext.fill(0);
  if (!valid) throw new ProtocolError("the CURVE INITIATE cookie is not this connection's", "ERR_ZMTP_CRYPTOGRAPHIC");
}

/** Equal contents, in time that does not depend on where they differ. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
