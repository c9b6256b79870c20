import type { Context } from "./sockets/context.js";

/**
 * Socket options with zeromq.js v6 names and libzmq's defaults. Pass them to the constructor
 * (`new Push({ sendHighWaterMark: 10 })`) or set them as properties before bind/connect.
 */
export interface SocketOptions {
  /** The Context whose options (blocky, ipv6, maxSockets) the socket takes; default: the shared `context`. */
  context?: Context;
  /** Messages queued per peer for sending before `send()` waits (0: no limit). Default 1000. */
  sendHighWaterMark?: number;
  /** Messages queued per peer on receipt before reading pauses (0: no limit). Default 1000. */
  receiveHighWaterMark?: number;
  /** ms to keep sending queued messages after close(); -1 forever (libzmq's default), 0 drop at once. */
  linger?: number;
  /** Identity sent to ROUTER peers (1–255 bytes, not starting with a zero byte). */
  routingId?: string | null;
  /** ms before the first reconnect attempt. Default 100. */
  reconnectInterval?: number;
  /** Upper bound for exponential reconnect back-off in ms; 0 keeps `reconnectInterval`. Default 0. */
  reconnectMaxInterval?: number;
  /** ms `send()` may wait at the high-water mark before EAGAIN; -1 forever, 0 fail at once. Default -1. */
  sendTimeout?: number;
  /** ms `receive()` may wait before EAGAIN; -1 forever, 0 fail at once. Default -1. */
  receiveTimeout?: number;
  /** Largest inbound frame in bytes; larger ones close the connection. -1: no limit. */
  maxMessageSize?: number;
  /** Queue messages only to completed connections. Default false. */
  immediate?: boolean;
  /** Bind `tcp://*` on IPv6 as well. Default false. */
  ipv6?: boolean;
  /** Listen backlog. Default 100. */
  backlog?: number;
  /** ms allowed for the greeting and handshake; 0 no limit. Default 30000. */
  handshakeInterval?: number;
  /** ms a tcp connect attempt may take before it is abandoned and retried; 0 system default. */
  connectTimeout?: number;
  /** ZMQ_TCP_KEEPALIVE: -1 the system's default, 0 off, 1 on. */
  tcpKeepalive?: number;
  /** ZMQ_TCP_KEEPALIVE_IDLE: seconds of silence before the first keepalive probe; -1 the system's default. */
  tcpKeepaliveIdle?: number;
  /** ZMQ_TCP_KEEPALIVE_CNT: only -1 on Node.js (it cannot set it per socket); other values are ENOTSUP. */
  tcpKeepaliveCount?: number;
  /** ZMQ_TCP_KEEPALIVE_INTVL: only -1 on Node.js; other values are ENOTSUP. */
  tcpKeepaliveInterval?: number;
  /** ZMQ_HEARTBEAT_IVL: ms between PINGs to a ZMTP 3.1 peer; 0 (the default) sends none. */
  heartbeatInterval?: number;
  /** ZMQ_HEARTBEAT_TIMEOUT: ms without traffic after a PING before the peer is dropped; -1: heartbeatInterval. */
  heartbeatTimeout?: number;
  /** ZMQ_HEARTBEAT_TTL: ms the peer may wait for traffic from us before dropping us (sent in PING; 0: none). */
  heartbeatTimeToLive?: number;
  /** ZMQ_SNDBUF: only -1 (the system's default) on Node.js, which sets no SO_SNDBUF per socket; else ENOTSUP. */
  sendBufferSize?: number;
  /** ZMQ_RCVBUF: only -1 (the system's default) on Node.js; else ENOTSUP. */
  receiveBufferSize?: number;
  /** ZMQ_RATE: epgm's data rate in kbit/s (a source's ceiling; with recoveryInterval, the windows). Default 100. */
  rate?: number;
  /** ZMQ_RECOVERY_IVL: ms of epgm data kept for repairs (the window: rate × this). Default 10000. */
  recoveryInterval?: number;
  /** ZMQ_MULTICAST_MAXTPDU: the largest epgm IP packet, headers included. Default 1500. */
  multicastMaxTransportDataUnit?: number;
  /**
   * ZMQ_TCP_ACCEPT_FILTER: each string assigned adds an address or CIDR range (`"10.0.0.0/8"`, `"::1"`) that
   * incoming tcp connections must come from; null clears the list. Empty list: any address.
   */
  tcpAcceptFilter?: string | null;
  /** ZMQ_PLAIN_SERVER: be a PLAIN server (RFC 24). */
  plainServer?: boolean;
  /** ZMQ_PLAIN_USERNAME: be a PLAIN client with this user name (and `plainPassword`). */
  plainUsername?: string | null;
  /** ZMQ_PLAIN_PASSWORD: be a PLAIN client with this password (and `plainUsername`). */
  plainPassword?: string | null;
  /** ZMQ_CURVE_SERVER: be a CURVE server (RFC 26); it needs curveSecretKey. */
  curveServer?: boolean;
  /** ZMQ_CURVE_PUBLICKEY: this socket's long-term public key, a 40-character Z85 string (or 32 bytes). */
  curvePublicKey?: string | null;
  /** ZMQ_CURVE_SECRETKEY: this socket's long-term secret key, a 40-character Z85 string (or 32 bytes). */
  curveSecretKey?: string | null;
  /** ZMQ_CURVE_SERVERKEY: the server's public key (Z85 or 32 bytes); setting it makes a CURVE client. */
  curveServerKey?: string | null;
  /** ZMQ_ZAP_DOMAIN (RFC 27): the domain a server asks ZAP with; a NULL server asks ZAP only if set. */
  zapDomain?: string | null;
  /** ZMQ_ZAP_ENFORCE_DOMAIN: with a zapDomain, refuse peers when no ZAP handler answers. */
  zapEnforceDomain?: boolean;
  /** zmtp's JavaScript ZAP handler (see Authenticator). */
  authenticator?: Authenticator | null;
  /** ZMQ_WSS_CERT_PEM: the certificate chain (PEM) of the wss:// endpoints this socket binds. */
  wssCertPem?: string | null;
  /** ZMQ_WSS_KEY_PEM: the private key (PEM) of the wss:// endpoints this socket binds. */
  wssKeyPem?: string | null;
  /** ZMQ_WSS_TRUST_PEM: a certificate authority (PEM) to trust when connecting to wss:// (a self-signed server). */
  wssTrustPem?: string | null;
  /** ZMQ_WSS_HOSTNAME: the name a wss:// server's certificate must carry (default: the endpoint's host). */
  wssHostname?: string | null;
  /** ZMQ_WSS_TRUST_SYSTEM: trust the system's certificate authorities too (default true). */
  wssTrustSystem?: boolean;
}

/** The options that are not plain values with a default in DEFAULT_OPTIONS (security: sockets/security-options.ts). */
type SpecialOptions =
  | "routingId"
  | "tcpAcceptFilter"
  | "context"
  | "plainServer"
  | "plainUsername"
  | "plainPassword"
  | "curveServer"
  | "curvePublicKey"
  | "curveSecretKey"
  | "curveServerKey"
  | "zapDomain"
  | "zapEnforceDomain"
  | "authenticator"
  | "wssCertPem"
  | "wssKeyPem"
  | "wssTrustPem"
  | "wssHostname"
  | "wssTrustSystem";

/** ZAP's question, put to a socket's `authenticator` (zmtp's addition; RFC 27 §"Request" in JavaScript form). */
export interface AuthRequest {
  /** The mechanism the peer is authenticating with. */
  mechanism: "NULL" | "PLAIN" | "CURVE";
  /** The peer's IP address, as ZAP's Address frame ("" for ipc and inproc). */
  address: string;
  /** The socket's zapDomain ("" if none). */
  domain: string;
  /** ZAP's Identity frame: the socket's routingId as libzmq sends it (empty if none). */
  routingId: Buffer;
  /** PLAIN: the user name the client sent. */
  username?: string;
  /** PLAIN: the password the client sent. */
  password?: string;
  /** CURVE: the client's long-term public key, in Z85. */
  clientKey?: string;
}

/** An authenticator's answer: true/false, or a ZAP reply's fields (RFC 27 §"Reply"). */
export type AuthDecision =
  | boolean
  | {
      allow: boolean;
      /** ZAP's User-Id of an allowed peer. */
      userId?: string;
      /** ZAP's metadata of an allowed peer. */
      metadata?: Record<string, string | Buffer>;
      /** For a denial: 300 (temporary), 400 (denied, the default) or 500 (internal error). */
      statusCode?: 200 | 300 | 400 | 500;
      statusText?: string;
    };

/**
 * zmtp's JavaScript ZAP handler: one call per peer to authenticate; may return a promise. It is asked
 * wherever a ZAP handler would be (a PLAIN or CURVE server's clients), and on a NULL socket for every peer
 * (libzmq asks ZAP under NULL only with a zapDomain; setting an authenticator is asking for it). It takes
 * precedence over a handler bound at inproc://zeromq.zap.01, which is then not asked. A throw, a rejection
 * or an answer that is not an AuthDecision denies the peer with 500; the handshake timer bounds the wait.
 */
export type Authenticator = (request: AuthRequest) => AuthDecision | Promise<AuthDecision>;

/** A socket's security options as its connections read them (SocketPort.security()). */
export interface SecurityOptionValues {
  readonly mechanism: "NULL" | "PLAIN" | "CURVE";
  readonly asServer: boolean;
  readonly plainUsername: string | null;
  readonly plainPassword: string | null;
  /** 32 bytes each when set. */
  readonly curvePublicKey: Uint8Array | null;
  readonly curveSecretKey: Uint8Array | null;
  readonly curveServerKey: Uint8Array | null;
  /** "" when none. */
  readonly zapDomain: string;
  readonly zapEnforceDomain: boolean;
  readonly authenticator: Authenticator | null;
}

/** The option values the layers below a socket read from it (they are the socket's own public properties). */
export interface SocketOptionValues {
  readonly sendHighWaterMark: number;
  readonly receiveHighWaterMark: number;
  readonly reconnectInterval: number;
  readonly reconnectMaxInterval: number;
  readonly connectTimeout: number;
  readonly immediate: boolean;
  readonly ipv6: boolean;
  readonly backlog: number;
  /** ZMQ_CONFLATE: inbound queues keep only the newest message. */
  readonly conflate: boolean;
  readonly maxMessageSize: number;
  readonly handshakeInterval: number;
  readonly routingId: string | null;
  /** ZMQ_TCP_KEEPALIVE: -1 the system's default, 0 off, 1 on. */
  readonly tcpKeepalive: number;
  /** ZMQ_TCP_KEEPALIVE_IDLE: seconds of silence before the first probe; -1 the system's default. */
  readonly tcpKeepaliveIdle: number;
  /** ZMQ_TCP_ACCEPT_FILTER: the filters (numeric addresses or CIDR ranges) joined by commas; null: none. */
  readonly tcpAcceptFilter: string | null;
  /** ZMQ_HEARTBEAT_IVL: ms between PINGs; 0 none. */
  readonly heartbeatInterval: number;
  /** ZMQ_HEARTBEAT_TIMEOUT: ms of silence after a PING before the peer is dropped; -1 means heartbeatInterval. */
  readonly heartbeatTimeout: number;
  /** ZMQ_HEARTBEAT_TTL in ms (sent to the peer in deciseconds); 0 none. */
  readonly heartbeatTimeToLive: number;
  /** ZMQ_WSS_CERT_PEM, ZMQ_WSS_KEY_PEM: a bound wss:// endpoint's certificate chain and key (PEM); absent: none. */
  readonly wssCertPem?: string | null;
  readonly wssKeyPem?: string | null;
  /** ZMQ_WSS_TRUST_PEM: a certificate authority a wss:// connect trusts (PEM); absent: none. */
  readonly wssTrustPem?: string | null;
  /** ZMQ_WSS_HOSTNAME: the name a wss:// server's certificate must carry; absent: the endpoint's host. */
  readonly wssHostname?: string | null;
  /** ZMQ_WSS_TRUST_SYSTEM: trust the system's certificate authorities too; absent: true. */
  readonly wssTrustSystem?: boolean;
  /** ZMQ_RATE (epgm), kbit/s; undefined: libzmq's default (100). */
  readonly rate?: number;
  /** ZMQ_RECOVERY_IVL (epgm), ms; undefined: libzmq's default (10000). */
  readonly recoveryInterval?: number;
  /** ZMQ_MULTICAST_MAXTPDU (epgm), octets; undefined: libzmq's default (1500). */
  readonly multicastMaxTransportDataUnit?: number;
  /** ZMQ_MULTICAST_HOPS (udp senders: Radio, Datagram); undefined on other types (libzmq's default 1). */
  readonly multicastHops?: number;
  /** ZMQ_MULTICAST_LOOP (udp senders); undefined on other types (libzmq's default true). */
  readonly multicastLoop?: boolean;
}

export const DEFAULT_OPTIONS: Required<Omit<SocketOptions, SpecialOptions>> & {
  routingId: string | null;
  tcpAcceptFilter: string | null;
} = {
  sendHighWaterMark: 1000,
  receiveHighWaterMark: 1000,
  linger: -1,
  routingId: null,
  reconnectInterval: 100,
  reconnectMaxInterval: 0,
  sendTimeout: -1,
  receiveTimeout: -1,
  maxMessageSize: -1,
  immediate: false,
  ipv6: false,
  backlog: 100,
  handshakeInterval: 30000,
  connectTimeout: 0,
  tcpKeepalive: -1,
  tcpKeepaliveIdle: -1,
  tcpKeepaliveCount: -1,
  tcpKeepaliveInterval: -1,
  heartbeatInterval: 0,
  heartbeatTimeout: -1,
  heartbeatTimeToLive: 0,
  sendBufferSize: -1,
  receiveBufferSize: -1,
  rate: 100,
  recoveryInterval: 10000,
  multicastMaxTransportDataUnit: 1500,
  tcpAcceptFilter: null,
};

/**
 * zeromq.js's `version`: the libzmq release whose behaviour zmtp follows and is tested against (zeromq.js
 * reports the libzmq it was built with). zmtp's own version is its package's.
 */
export const version = "4.3.5";

/**
 * What this build supports, as zeromq.js's `capability` (keys it lacks are false): ipc over Unix domain
 * sockets (not on Windows), CURVE (pure JavaScript), no pgm/tipc/norm transports, no GSSAPI, no draft
 * socket types yet.
 */
export const capability: Readonly<
  Partial<{
    /** ipc:// (Unix domain sockets): true but on Windows and in browsers. */
    ipc: boolean;
    /** pgm:// (OpenPGM over raw IP): false. */
    pgm: boolean;
    /** tipc://: false. */
    tipc: boolean;
    /** norm://: false. */
    norm: boolean;
    /** The CURVE mechanism: true (pure JavaScript, from `@noble/*`). */
    curve: boolean;
    /** The GSSAPI mechanism: false. */
    gssapi: boolean;
    /** libzmq's draft API: false for now (the draft socket types are in `zmtp/draft`). */
    draft: boolean;
  }>
> = Object.freeze({
  // Not on Windows, nor in a browser (no process there; the browser build refuses ipc://).
  ipc: typeof process !== "undefined" && process.platform !== "win32",
  pgm: false,
  tipc: false,
  norm: false,
  curve: true,
  gssapi: false,
  draft: false,
});
