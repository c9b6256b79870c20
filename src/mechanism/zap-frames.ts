import { decodeMetadata } from "../codec/metadata.js";
import { ProtocolError } from "../errors.js";
import type { ZapStatusCode, ZapVerdict } from "./zap.js";

/**
 * ZAP messages (RFC 27 §"Request" and §"Reply") exactly as libzmq 4.3.5 writes and checks them
 * (src/zap_client.cpp), starting at the empty delimiter frame that libzmq writes first (a REP handler strips
 * it as an envelope, a ROUTER handler sees it after the routing id).
 */

/** The only version RFC 27 defines. */
export const ZAP_VERSION = "1.0";

/** A ZAP reply has exactly these frames: delimiter, version, request id, status code, text, user id, metadata. */
const REPLY_FRAMES = 7;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export interface ZapRequestFields {
  /** libzmq always sends "1": it has one ZAP pipe per connection and one request on it. */
  readonly requestId: string;
  /** The socket's zapDomain ("" if none). */
  readonly domain: string;
  /** The peer's IP address (getpeername as text); "" when there is none (zmtp over ipc). */
  readonly address: string;
  /** libzmq sends the authenticating socket's own routing id option here (empty if none). */
  readonly identity: Uint8Array;
  readonly mechanism: string;
  readonly credentials: readonly Uint8Array[];
}

/** The request's frames, delimiter first (a sender marks all but the last with MORE). */
export function encodeZapRequest(request: ZapRequestFields): Uint8Array[] {
  return [
    new Uint8Array(0),
    encoder.encode(ZAP_VERSION),
    encoder.encode(request.requestId),
    encoder.encode(request.domain),
    encoder.encode(request.address),
    request.identity,
    encoder.encode(request.mechanism),
    ...request.credentials,
  ];
}

function sameText(frame: Uint8Array, text: string): boolean {
  if (frame.length !== text.length) return false;
  for (let i = 0; i < frame.length; i++) if (frame[i] !== text.charCodeAt(i)) return false;
  return true;
}

/**
 * Checks a reply in libzmq's order (zap_client_t::receive_and_process_zap_reply) and returns its verdict;
 * throws ProtocolError with the code libzmq reports: ERR_ZAP_MALFORMED_REPLY (not 7 frames),
 * ERR_ZAP_UNSPECIFIED (non-empty delimiter), ERR_ZAP_BAD_VERSION, ERR_ZAP_BAD_REQUEST_ID,
 * ERR_ZAP_INVALID_STATUS_CODE (only 200, 300, 400, 500), ERR_ZAP_INVALID_METADATA.
 */
export function decodeZapReply(frames: readonly Uint8Array[], requestId: string): ZapVerdict {
  if (frames.length !== REPLY_FRAMES) {
    throw new ProtocolError(`ZAP reply has ${frames.length} frames, not ${REPLY_FRAMES}`, "ERR_ZAP_MALFORMED_REPLY");
  }
  const [delimiter, version, id, status, text, userId, metadata] = frames as [Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array];
  if (delimiter.length > 0) throw new ProtocolError("ZAP reply does not start with an empty delimiter frame", "ERR_ZAP_UNSPECIFIED");
  if (!sameText(version, ZAP_VERSION)) throw new ProtocolError(`ZAP reply version is not ${ZAP_VERSION}`, "ERR_ZAP_BAD_VERSION");
  if (!sameText(id, requestId)) throw new ProtocolError("ZAP reply does not carry the request id", "ERR_ZAP_BAD_REQUEST_ID");
  const statusCode = zapStatusCode(status);
  if (statusCode === undefined) throw new ProtocolError("ZAP reply status code is not 200, 300, 400 or 500", "ERR_ZAP_INVALID_STATUS_CODE");
  let properties;
  try {
    properties = decodeMetadata(metadata);
  } catch (err) {
    throw new ProtocolError(`ZAP reply metadata is malformed: ${(err as Error).message}`, "ERR_ZAP_INVALID_METADATA");
  }
  return { statusCode, statusText: decoder.decode(text), userId, metadata: properties };
}

/** libzmq accepts "200", "300", "400", "500" (first digit 2–5, then "00"). */
function zapStatusCode(frame: Uint8Array): ZapStatusCode | undefined {
  if (frame.length !== 3 || frame[1] !== 0x30 || frame[2] !== 0x30) return undefined;
  const digit = frame[0]!;
  return digit >= 0x32 && digit <= 0x35 ? (((digit - 0x30) * 100) as ZapStatusCode) : undefined;
}
