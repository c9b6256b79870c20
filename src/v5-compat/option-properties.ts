import { EventEmitter } from "node:events";
import type { OptionValue } from "./option-access.js";
import { shortOptions, type OptionKey, type OptionName } from "./short-options.js";

/**
 * v5's option properties: `sock.linger = 0` is `sock.setsockopt("linger", 0)`, `sock.identity` is
 * `sock.getsockopt("identity")`, for each name of `zmq.options`. Reading or writing one goes through the
 * same checks as setsockopt/getsockopt (a TypeError, or a ZmqError: EINVAL, ENOTSUP for what zmtp lacks).
 */
export abstract class OptionProperties extends EventEmitter {
  /** ZMQ_FD: not available (ENOTSUP): a zmtp socket has no descriptor. */
  declare readonly _fd: number;
  /** ZMQ_EVENTS: ZMQ_POLLIN | ZMQ_POLLOUT, whether a message could be received / sent now. */
  declare readonly _ioevents: number;
  /** ZMQ_RCVMORE: not available (ENOTSUP): messages are delivered whole. */
  declare readonly _receiveMore: number;
  /** Writing subscribes (sub sockets). */
  declare _subscribe: string | Buffer;
  /** Writing unsubscribes (sub sockets). */
  declare _unsubscribe: string | Buffer;
  /** ZMQ_AFFINITY: not available (ENOTSUP): zmtp has no I/O threads. */
  declare affinity: number;
  /** ZMQ_BACKLOG: the listen backlog (pending connections), as zmtp's `backlog`. */
  declare backlog: number;
  /** ZMQ_IDENTITY (ZMQ_ROUTING_ID): read back as a string (as zeromq.js's v5-compat does), null if none. */
  declare identity: string | Buffer | null;
  /** ZMQ_LINGER: ms queued messages may still go after close() (-1 forever), as zmtp's `linger`. */
  declare linger: number;
  /** ZMQ_RATE: not available (ENOTSUP): no pgm. */
  declare rate: number;
  /** ZMQ_RCVBUF (bytes): only -1 (the system's default), as zmtp's `receiveBufferSize`. */
  declare rcvbuf: number;
  /** ZMQ_LAST_ENDPOINT: the endpoint last bound (with the real port or path) or connected. */
  declare readonly last_endpoint: string | null;
  /** ZMQ_RECONNECT_IVL: ms before reconnecting, as zmtp's `reconnectInterval`. */
  declare reconnect_ivl: number;
  /** ZMQ_RECOVERY_IVL: not available (ENOTSUP): no pgm. */
  declare recovery_ivl: number;
  /** ZMQ_SNDBUF (bytes): only -1 (the system's default), as zmtp's `sendBufferSize`. */
  declare sndbuf: number;
  /** ZMQ_MECHANISM: 0 (NULL), 1 (PLAIN), 2 (CURVE). */
  declare readonly mechanism: number;
  /** ZMQ_PLAIN_SERVER: 1/true makes a PLAIN server, as zmtp's `plainServer`. */
  declare plain_server: number | boolean;
  /** ZMQ_PLAIN_USERNAME: makes a PLAIN client, as zmtp's `plainUsername`. */
  declare plain_username: string | Buffer | null;
  /** ZMQ_PLAIN_PASSWORD: a PLAIN client's password, as zmtp's `plainPassword`. */
  declare plain_password: string | Buffer | null;
  /** ZMQ_CURVE_SERVER: 1/true makes a CURVE server, as zmtp's `curveServer`. */
  declare curve_server: number | boolean;
  /** ZMQ_CURVE_PUBLICKEY: the socket's public key (Z85 or 32 bytes), as zmtp's `curvePublicKey`. */
  declare curve_publickey: string | Buffer | null;
  /** ZMQ_CURVE_SECRETKEY: the socket's secret key (Z85 or 32 bytes), as zmtp's `curveSecretKey`. */
  declare curve_secretkey: string | Buffer | null;
  /** ZMQ_CURVE_SERVERKEY: the server's public key; makes a CURVE client, as zmtp's `curveServerKey`. */
  declare curve_serverkey: string | Buffer | null;
  /** ZMQ_ZAP_DOMAIN: the ZAP domain, as zmtp's `zapDomain`. */
  declare zap_domain: string | Buffer | null;
  /** ZMQ_HEARTBEAT_IVL: ms between PINGs (0: none), as zmtp's `heartbeatInterval`. */
  declare heartbeat_ivl: number;
  /** ZMQ_HEARTBEAT_TTL: ms a peer may wait for our traffic, as zmtp's `heartbeatTimeToLive`. */
  declare heartbeat_ttl: number;
  /** ZMQ_HEARTBEAT_TIMEOUT: ms a peer may stay silent after a PING, as zmtp's `heartbeatTimeout`. */
  declare heartbeat_timeout: number;
  /** ZMQ_CONNECT_TIMEOUT: ms a tcp connect may take (0: the system's), as zmtp's `connectTimeout`. */
  declare connect_timeout: number;

  abstract setsockopt(option: OptionKey, value: unknown): this;
  abstract getsockopt(option: OptionKey): OptionValue;
}

for (const name of Object.keys(shortOptions) as OptionName[]) {
  const option = shortOptions[name];
  Object.defineProperty(OptionProperties.prototype, name, {
    get(this: OptionProperties): OptionValue {
      return this.getsockopt(option);
    },
    set(this: OptionProperties, value: unknown) {
      this.setsockopt(option, value);
    },
    configurable: true,
  });
}
