import { AuthError, HandshakeError, markPeerRefusal } from "../errors.js";

/**
 * The error for an ERROR command from the peer (RFC 37 §"The ERROR Command"). A reason that is a ZAP status
 * code (300, 400 or 500, RFC 27) is an authentication failure, as libzmq's handle_error_reason reads it;
 * anything else is a plain refusal.
 */
export function peerError(reason: string): AuthError | HandshakeError {
  if (reason === "300" || reason === "400" || reason === "500") {
    return markPeerRefusal(new AuthError(`peer refused authentication: ${reason}`, Number(reason) as 300 | 400 | 500));
  }
  return markPeerRefusal(new HandshakeError("ECONNREFUSED", `peer sent ERROR: ${reason}`));
}
