import { encodeErrorReason } from "../codec/command.js";
import type { Metadata } from "../codec/metadata.js";
import { AuthError, HandshakeError } from "../errors.js";
import type { CommandWriter } from "./mechanism.js";

/**
 * ZAP (RFC 27) as a mechanism sees it: a question about a peer, put to whoever authenticates for the socket
 * (a handler bound at inproc://zeromq.zap.01, or zmtp's JavaScript `authenticator`), and the verdict. The
 * mechanism supplies only what it learnt from the peer; the composition root adds what the socket knows
 * (domain, address, the Identity frame) and does the asking. Nothing here does I/O.
 */

export type ZapMechanismName = "NULL" | "PLAIN" | "CURVE";

export interface ZapRequest {
  readonly mechanism: ZapMechanismName;
  /**
   * RFC 27 §"Request", the frames after the mechanism: PLAIN sends [username, password], CURVE the client's
   * long-term public key (32 octets), NULL nothing.
   */
  readonly credentials: readonly Uint8Array[];
}

export type ZapStatusCode = 200 | 300 | 400 | 500;

/** A ZAP reply as it was checked (zap-frames.ts) or as an authenticator decided it. */
export interface ZapVerdict {
  readonly statusCode: ZapStatusCode;
  readonly statusText: string;
  /** The User-Id frame (empty if none). */
  readonly userId: Uint8Array;
  /** The metadata frame, decoded (names lower-cased). */
  readonly metadata: Metadata;
}

/**
 * Asks about a peer. Resolves undefined when there is nobody to ask (libzmq's `zap_connect` failed: nothing
 * bound at inproc://zeromq.zap.01), and each mechanism then applies libzmq's rule for that case; rejects with
 * a ProtocolError (`ERR_ZAP_*`) for a malformed reply, or another ZmqError if the handler went away.
 */
export type ZapAuthorize = (request: ZapRequest) => Promise<ZapVerdict | undefined>;

/**
 * The failure when ZAP is required and nobody answers: libzmq reports `event_handshake_failed_no_detail`
 * with EFAULT (a PLAIN server with no handler; NULL or CURVE with `zapEnforceDomain`).
 */
export function zapUnavailable(mechanism: ZapMechanismName, why = "no ZAP handler is bound at inproc://zeromq.zap.01"): HandshakeError {
  return new HandshakeError("EFAULT", `${mechanism} authentication is not possible: ${why}`);
}

/**
 * Acts on a verdict as libzmq's `zap_client_common_handshake_t::handle_zap_status_code` does: 200 lets the
 * handshake go on; 300 (temporary) ends it without ERROR ("silently disconnected", RFC 26); 400 and 500
 * send ERROR with the status code as its reason (RFC 27 §"Reply", RFC 37 §"The ERROR Command") and end it.
 * Throws an AuthError carrying the status for every refusal. `sendError` sends the ERROR (PLAIN sends it in
 * libzmq's spelling); by default it is the RFC's.
 */
export function applyZapVerdict(verdict: ZapVerdict, out: CommandWriter, sendError = sendErrorCommand): void {
  const status = verdict.statusCode;
  if (status === 200) return;
  if (status !== 300) sendError(out, String(status));
  const text = verdict.statusText === "" ? "" : `: ${verdict.statusText}`;
  throw new AuthError(`ZAP refused the peer with ${status}${text}`, status);
}

/** ERROR with `reason` (RFC 37 §"The ERROR Command"), as NULL and CURVE send it. */
export function sendErrorCommand(out: CommandWriter, reason: string): void {
  out.sendCommand("ERROR", encodeErrorReason(reason));
}

/** Property names that are protocol, not message properties: the peer's own stay, whatever ZAP says. */
const PEER_OWNED = new Set(["socket-type", "identity"]);

/**
 * The peer's metadata with an accepted verdict's User-Id (always, even empty, as libzmq's `set_user_id`) and
 * metadata added. As in libzmq's message properties, ZAP's take precedence over the peer's own of the same
 * name (stream_engine_base::mechanism_ready inserts ZAP properties first), except Socket-Type and Identity,
 * which the handshake decides.
 */
export function withZapProperties(peer: Metadata, verdict: ZapVerdict | undefined): Metadata {
  if (verdict === undefined) return peer;
  const merged: Metadata = new Map(peer);
  merged.set("user-id", verdict.userId);
  for (const [name, value] of verdict.metadata) {
    if (!PEER_OWNED.has(name) || !merged.has(name)) merged.set(name, value);
  }
  return merged;
}
