import type { Metadata } from "../codec/metadata.js";
import { ProtocolError } from "../errors.js";
import type { ZapStatusCode, ZapVerdict } from "../mechanism/zap.js";
import type { AuthDecision, AuthRequest, Authenticator } from "../options.js";

/**
 * zmtp's JavaScript ZAP handler (the `authenticator` option): the same question a ZAP handler gets, as an
 * AuthRequest, and its AuthDecision turned into the verdict a ZAP reply would give. The authenticator runs
 * in the socket's process, so nothing it does may hurt the connection's peers or the process: a throw or a
 * rejection is a denial with 500 (RFC 27: "internal error"), as is an answer that is not an AuthDecision.
 */
export async function askAuthenticator(authenticator: Authenticator, request: AuthRequest): Promise<ZapVerdict> {
  let decision: unknown;
  try {
    decision = await authenticator(request);
  } catch (err) {
    return refusal(500, `the authenticator failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  return verdictOf(decision);
}

const NO_USER = new Uint8Array(0);
const encoder = new TextEncoder();

function refusal(statusCode: Exclude<ZapStatusCode, 200>, statusText: string): ZapVerdict {
  return { statusCode, statusText, userId: NO_USER, metadata: new Map() };
}

function verdictOf(decision: unknown): ZapVerdict {
  if (decision === true) return { statusCode: 200, statusText: "OK", userId: NO_USER, metadata: new Map() };
  if (decision === false) return refusal(400, "");
  if (typeof decision !== "object" || decision === null || typeof (decision as { allow?: unknown }).allow !== "boolean") {
    return refusal(500, "the authenticator returned neither a boolean nor { allow }");
  }
  const answer = decision as Exclude<AuthDecision, boolean>;
  const statusText = typeof answer.statusText === "string" ? answer.statusText : "";
  if (!answer.allow) {
    const status = answer.statusCode;
    return refusal(status === 300 || status === 500 ? status : 400, statusText);
  }
  return {
    statusCode: 200,
    statusText: statusText === "" ? "OK" : statusText,
    userId: typeof answer.userId === "string" ? encoder.encode(answer.userId) : NO_USER,
    metadata: metadataOf(answer.metadata),
  };
}

/** RFC 23's property names; libzmq would not be able to send anything else in READY either. */
const NAME = /^[A-Za-z0-9.\-_+]{1,255}$/;

/**
 * An allowed peer's metadata, as a ZAP reply's metadata frame would decode (names lower-cased). A bad name
 * or value is what a malformed metadata frame is from a ZAP handler: ERR_ZAP_INVALID_METADATA.
 */
function metadataOf(metadata: unknown): Metadata {
  const out: Metadata = new Map();
  if (metadata === undefined || metadata === null) return out;
  if (typeof metadata !== "object") throw new ProtocolError("the authenticator's metadata is not an object", "ERR_ZAP_INVALID_METADATA");
  for (const [name, value] of Object.entries(metadata as Record<string, unknown>)) {
    if (!NAME.test(name)) throw new ProtocolError(`the authenticator's metadata has an invalid name: ${JSON.stringify(name)}`, "ERR_ZAP_INVALID_METADATA");
    if (typeof value === "string") out.set(name.toLowerCase(), encoder.encode(value));
    else if (value instanceof Uint8Array) out.set(name.toLowerCase(), Uint8Array.from(value));
    else throw new ProtocolError(`the authenticator's metadata value for ${name} is not a string or Buffer`, "ERR_ZAP_INVALID_METADATA");
  }
  return out;
}
