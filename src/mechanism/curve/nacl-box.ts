import { x25519 } from "@noble/curves/ed25519.js";
import { hsalsa, xsalsa20poly1305 } from "@noble/ciphers/salsa.js";

/**
 * NaCl's `crypto_box` and `crypto_secretbox`, as libsodium computes them and libzmq's CURVE uses them, built
 * from audited primitives only (@noble/curves' X25519, @noble/ciphers' HSalsa20 and XSalsa20-Poly1305):
 *  - crypto_box_beforenm(pk, sk) = HSalsa20(key: X25519(sk, pk), input: 16 zero octets);
 *  - crypto_box(m, n, pk, sk) = crypto_secretbox(m, n, beforenm(pk, sk)) = XSalsa20-Poly1305.
 * Boxes are in the "easy" layout libzmq puts on the wire: the 16-octet MAC, then the ciphertext
 * (crypto_box's output without its 16 leading zero octets). Random octets come from the global Web Crypto
 * `getRandomValues` (Node.js ≥ 20 and browsers), so this module imports nothing of Node.js.
 */

export const KEY_BYTES = 32;
export const NONCE_BYTES = 24;
export const MAC_BYTES = 16;

/** "expand 32-byte k", Salsa20's constant, as the four native-order words hsalsa takes. */
const SIGMA = words(new TextEncoder().encode("expand 32-byte k"));
const ZERO_INPUT = new Uint32Array(4);

/** A Uint32Array over a fresh copy of `bytes` (hsalsa reads words in native order from byte arrays). */
function words(bytes: Uint8Array): Uint32Array {
  const copy = new Uint8Array(bytes);
  return new Uint32Array(copy.buffer, 0, copy.length >>> 2);
}

/** Where random octets come from (tests replay recorded ones through the mechanisms' `random` option). */
export type RandomSource = (length: number) => Uint8Array;

export function randomBytes(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  globalThis.crypto.getRandomValues(bytes);
  return bytes;
}

export interface KeyPair {
  publicKey: Uint8Array;
  secretKey: Uint8Array;
}

/** crypto_box_keypair: 32 random octets as the secret key, its X25519 public key. */
export function generateKeyPair(random: RandomSource = randomBytes): KeyPair {
  const secretKey = random(KEY_BYTES);
  return { publicKey: x25519.getPublicKey(secretKey), secretKey };
}

/**
 * crypto_box_beforenm: the shared key of `publicKey` and `secretKey`. Undefined when the public key is of
 * low order (libsodium refuses those too: crypto_scalarmult fails, so crypto_box fails).
 */
export function sharedKey(publicKey: Uint8Array, secretKey: Uint8Array): Uint8Array | undefined {
  let secret: Uint8Array;
  try {
    secret = x25519.getSharedSecret(secretKey, publicKey);
  } catch {
    return undefined;
  }
  const key = new Uint8Array(KEY_BYTES);
  hsalsa(SIGMA, words(secret), ZERO_INPUT, new Uint32Array(key.buffer));
  secret.fill(0);
  return key;
}

/** crypto_secretbox (also crypto_box_afternm): MAC + ciphertext of `plaintext`. */
export function seal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array): Uint8Array {
  return xsalsa20poly1305(key, nonce).encrypt(plaintext);
}

/** crypto_secretbox_open (also crypto_box_open_afternm): the plaintext, or undefined if the MAC fails. */
export function open(key: Uint8Array, nonce: Uint8Array, boxed: Uint8Array): Uint8Array | undefined {
  if (boxed.length < MAC_BYTES) return undefined;
  try {
    return xsalsa20poly1305(key, nonce).decrypt(boxed);
  } catch {
    return undefined;
  }
}

/** crypto_box: `plaintext` from `secretKey`'s owner to `publicKey`'s; undefined for a low-order public key. */
export function box(plaintext: Uint8Array, nonce: Uint8Array, publicKey: Uint8Array, secretKey: Uint8Array): Uint8Array | undefined {
  const key = sharedKey(publicKey, secretKey);
  if (key === undefined) return undefined;
  const boxed = seal(key, nonce, plaintext);
  key.fill(0);
  return boxed;
}

/** crypto_box_open: the plaintext, or undefined if it was not boxed for us by `publicKey`'s owner. */
export function boxOpen(boxed: Uint8Array, nonce: Uint8Array, publicKey: Uint8Array, secretKey: Uint8Array): Uint8Array | undefined {
  const key = sharedKey(publicKey, secretKey);
  if (key === undefined) return undefined;
  const plaintext = open(key, nonce, boxed);
  key.fill(0);
  return plaintext;
}

/**
 * crypto_box_easy_afternm in place, for the traffic path: `frame` holds 32 octets of room, then the
 * plaintext; afterwards frame[16..32] is the MAC and frame[32..] the ciphertext (frame[0..16] is zeroed,
 * left for the caller's header). One pass, no copy of the plaintext.
 */
export function sealInPlace(key: Uint8Array, nonce: Uint8Array, frame: Uint8Array): void {
  xsalsa20poly1305(key, nonce).encrypt(frame.subarray(32), frame);
}

/**
 * crypto_box_open_easy_afternm into `output` (MAC + ciphertext length + 32 octets): the plaintext is
 * output[48..], or the result is false if the MAC fails.
 */
export function openInto(key: Uint8Array, nonce: Uint8Array, boxed: Uint8Array, output: Uint8Array): boolean {
  try {
    xsalsa20poly1305(key, nonce).decrypt(boxed, output);
    return true;
  } catch {
    return false;
  }
}

/** crypto_scalarmult_base: the public key of `secretKey`. */
export function publicKeyOf(secretKey: Uint8Array): Uint8Array {
  return x25519.getPublicKey(secretKey);
}
