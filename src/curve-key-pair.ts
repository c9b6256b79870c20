import { generateKeyPair } from "./mechanism/curve/nacl-box.js";
import { encode } from "./z85.js";

/**
 * A new random key pair for the CURVE security mechanism, as zeromq.js's `curveKeyPair()` (libzmq's
 * zmq_curve_keypair): an X25519 secret key of 32 random octets (Web Crypto) and its public key, each as a
 * 40-character Z85 string.
 *
 * A server sets its `curveSecretKey` (and `curveServer = true`); each client sets its own pair as
 * `curvePublicKey` / `curveSecretKey` and the server's public key as `curveServerKey`. Key distribution is
 * not part of CURVE.
 */
export function curveKeyPair(): { publicKey: string; secretKey: string } {
  const pair = generateKeyPair();
  const keys = { publicKey: encode(pair.publicKey), secretKey: encode(pair.secretKey) };
  pair.secretKey.fill(0);
  return keys;
}
