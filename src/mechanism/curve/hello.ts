import { ProtocolError } from "../../errors.js";
import { box, boxOpen, KEY_BYTES, type KeyPair } from "./nacl-box.js";
import { HELLO_PREFIX, shortNonce, shortNonceFromWire, type PeerNonce } from "./nonces.js";

/**
 * HELLO (RFC 26 §"The HELLO Command"), as data after the command name: version 1.0, 72 octets of
 * anti-amplification padding, the client's short-term public key C', the short nonce's counter, and the
 * signature box [64 zero octets] from C' to the server's long-term key S. 194 octets; with "\x05HELLO",
 * the 200 libzmq requires exactly.
 */
export const HELLO_SIZE = 194;
const KEY_AT = 74;
const NONCE_AT = 106;
const BOX_AT = 114;
const SIGNATURE_PLAINTEXT = new Uint8Array(64);

/** The client's HELLO; undefined if the server key is unusable (of low order: crypto_box fails). */
export function produceHello(serverKey: Uint8Array, clientShort: KeyPair, counter: number): Uint8Array | undefined {
  const nonce = shortNonce(HELLO_PREFIX, counter);
  const signature = box(SIGNATURE_PLAINTEXT, nonce, serverKey, clientShort.secretKey);
  if (signature === undefined) return undefined;
  const data = new Uint8Array(HELLO_SIZE);
  data[0] = 1; // CurveZMQ major version
  data[1] = 0; // minor
  data.set(clientShort.publicKey, KEY_AT);
  data.set(nonce.subarray(16), NONCE_AT);
  data.set(signature, BOX_AT);
  return data;
}

/**
 * The server's check of a HELLO (libzmq curve_server_t::process_hello): exactly 194 octets and version 1.0
 * (else ERR_ZMTP_MALFORMED_COMMAND_HELLO), a signature box that opens with our secret key (else
 * ERR_ZMTP_CRYPTOGRAPHIC: the client has the wrong server key). Records the client's nonce; returns C'.
 */
export function openHello(data: Uint8Array, serverSecret: Uint8Array, peerNonce: PeerNonce): Uint8Array {
  if (data.length !== HELLO_SIZE) {
    throw new ProtocolError(`CURVE HELLO of ${data.length + 6} octets (200 expected)`, "ERR_ZMTP_MALFORMED_COMMAND_HELLO");
  }
  if (data[0] !== 1 || data[1] !== 0) {
    throw new ProtocolError(`CURVE HELLO of unknown version ${data[0]}.${data[1]}`, "ERR_ZMTP_MALFORMED_COMMAND_HELLO");
  }
  const clientShortKey = data.slice(KEY_AT, KEY_AT + KEY_BYTES);
  peerNonce.record(data, NONCE_AT);
  const nonce = shortNonceFromWire(HELLO_PREFIX, data.subarray(NONCE_AT));
  if (boxOpen(data.subarray(BOX_AT), nonce, clientShortKey, serverSecret) === undefined) {
    throw new ProtocolError("cannot open the CURVE HELLO signature: the client has another server key", "ERR_ZMTP_CRYPTOGRAPHIC");
  }
  return clientShortKey;
}
