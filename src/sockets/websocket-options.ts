import { boolean, type OptionSpec } from "./socket-options.js";

/** A string (PEM text, a host name) or null. */
function textOrNull(): OptionSpec<string | null> {
  return {
    default: null,
    check: (name, value) => {
      if (value !== null && typeof value !== "string") throw new TypeError(`Option value must be a string or null: ${name}`);
      return value;
    },
  };
}

/**
 * wss:// (ZWS 2.0 over TLS) as libzmq configures it, with its option names (ZMQ_WSS_CERT_PEM, ZMQ_WSS_KEY_PEM,
 * ZMQ_WSS_TRUST_PEM, ZMQ_WSS_HOSTNAME, ZMQ_WSS_TRUST_SYSTEM): PEM text, read when an endpoint is bound or a
 * connection dialed. A wss:// endpoint may instead mount on the user's https.Server (attachHttpServer).
 */
export const WEBSOCKET_OPTIONS: Record<string, OptionSpec> = {
  wssCertPem: textOrNull(),
  wssKeyPem: textOrNull(),
  wssTrustPem: textOrNull(),
  wssHostname: textOrNull(),
  wssTrustSystem: boolean(true),
};
