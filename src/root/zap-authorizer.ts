import type { Duplex } from "node:stream";
import type { ZapAuthorize, ZapRequest } from "../mechanism/zap.js";
import type { AuthRequest, SecurityOptionValues } from "../options.js";
import { encode as z85Encode } from "../z85.js";
import { askAuthenticator } from "./zap-authenticator.js";
import { askZapHandler } from "./zap-client.js";

/** What the socket knows of one connection that ZAP asks about. */
export interface ZapContext {
  /** The peer's IP address (ZAP's Address frame), "" when there is none (ipc). */
  address: string;
  /** The socket's own routingId (ZAP's Identity frame, as libzmq sends it), empty if none. */
  identity: Uint8Array;
  /** The handshake interval: how long a handler's answer is worth waiting for (0: no limit). */
  handshakeInterval: number;
}

const decoder = new TextDecoder();

/**
 * The ZAP hook a mechanism gets for one connection: the socket's `authenticator` if it has one (it takes
 * precedence over a handler bound at inproc://zeromq.zap.01), else that handler (none bound: undefined).
 * The mechanism supplies what it learnt from the peer; domain, address and identity are added here.
 */
export function zapAuthorizer(security: SecurityOptionValues, context: ZapContext): ZapAuthorize {
  const { authenticator, zapDomain: domain } = security;
  return (request) => {
    if (authenticator !== null) return askAuthenticator(authenticator, authRequest(request, domain, context));
    return askZapHandler(
      { domain, address: context.address, identity: context.identity, mechanism: request.mechanism, credentials: request.credentials },
      context.handshakeInterval,
    );
  };
}

/** The AuthRequest an authenticator gets: ZAP's request frames in JavaScript form. */
function authRequest(request: ZapRequest, domain: string, context: ZapContext): AuthRequest {
  const out: AuthRequest = {
    mechanism: request.mechanism,
    address: context.address,
    domain,
    routingId: Buffer.from(context.identity),
  };
  const [first, second] = request.credentials;
  if (request.mechanism === "PLAIN") {
    out.username = first === undefined ? "" : decoder.decode(first);
    out.password = second === undefined ? "" : decoder.decode(second);
  } else if (request.mechanism === "CURVE" && first !== undefined) {
    out.clientKey = z85Encode(first);
  }
  return out;
}

/**
 * ZAP's Address for a stream: the peer's IP as getpeername gives it (libzmq's get_peer_ip_address). For ipc
 * libzmq 4.3.5 on Linux sends "localhost:<uid>:<gid>:<pid>" (getnameinfo, then SO_PEERCRED); Node cannot
 * read a unix socket's peer credentials, so zmtp sends "" there.
 */
export function peerAddress(stream: Duplex): string {
  const address = (stream as { remoteAddress?: unknown }).remoteAddress;
  return typeof address === "string" ? address : "";
}
