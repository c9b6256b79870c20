import { ProtocolError } from "../../errors.js";
import { MAC_BYTES, open, seal } from "./nacl-box.js";
import { READY_PREFIX, shortNonce, shortNonceFromWire, type PeerNonce } from "./nonces.js";

/**
 * READY (RFC 26 §"The READY Command"), as data after the command name: the short nonce's counter, then the
 * box [metadata] from S' to C' under the connection's shared key. At least 24 octets; with "\x05READY",
 * libzmq's minimum 30.
 */
export const READY_MIN_SIZE = 8 + MAC_BYTES;

/** The server's READY, with its `counter`. */
export function produceReady(sharedKey: Uint8Array, counter: number, metadata: Uint8Array): Uint8Array {
  const nonce = shortNonce(READY_PREFIX, counter);
  const boxed = seal(sharedKey, nonce, metadata);
  const data = new Uint8Array(8 + boxed.length);
  data.set(nonce.subarray(16), 0);
  data.set(boxed, 8);
  return data;
}

/**
 * The client's reading of READY (libzmq curve_client_t::process_ready): its size (else
 * ERR_ZMTP_MALFORMED_COMMAND_READY), its box (else ERR_ZMTP_CRYPTOGRAPHIC). Records the server's nonce, and
 * returns the server's metadata, still encoded.
 */
export function openReady(data: Uint8Array, sharedKey: Uint8Array, peerNonce: PeerNonce): Uint8Array {
  if (data.length < READY_MIN_SIZE) {
    throw new ProtocolError(`CURVE READY of ${data.length + 6} octets (at least 30 expected)`, "ERR_ZMTP_MALFORMED_COMMAND_READY");
  }
  peerNonce.record(data, 0);
  const metadata = open(sharedKey, shortNonceFromWire(READY_PREFIX, data.subarray(0, 8)), data.subarray(8));
  if (metadata === undefined) throw new ProtocolError("cannot open the CURVE READY box", "ERR_ZMTP_CRYPTOGRAPHIC");
  return metadata;
}
