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
  /**
   * ZMQ_TCP_ACCEPT_FILTER: each string assigned adds an address or CIDR range (`"10.0.0.0/8"`, `"::1"`) that
   * incoming tcp connections must come from; null clears the list. Empty list: any address.
   */
  tcpAcceptFilter?: string | null;
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
}

export const DEFAULT_OPTIONS: Required<Omit<SocketOptions, "routingId" | "tcpAcceptFilter" | "context">> & {
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
  tcpAcceptFilter: null,
};

/**
 * What this build supports, as zeromq.js's `capability` (keys it lacks are false): ipc over Unix domain
 * sockets (not on Windows), no pgm/tipc/norm transports, no CURVE or GSSAPI yet, no draft socket types.
 */
/**
 * zeromq.js's `version`: the libzmq release whose behaviour zmtp follows and is tested against (zeromq.js
 * reports the libzmq it was built with). zmtp's own version is its package's.
 */
export const version = "4.3.5";

export const capability: Readonly<
  Partial<{ ipc: boolean; pgm: boolean; tipc: boolean; norm: boolean; curve: boolean; gssapi: boolean; draft: boolean }>
> = Object.freeze({
  ipc: process.platform !== "win32",
  pgm: false,
  tipc: false,
  norm: false,
  curve: false,
  gssapi: false,
  draft: false,
});
