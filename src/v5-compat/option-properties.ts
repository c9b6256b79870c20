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
  declare backlog: number;
  /** ZMQ_IDENTITY (ZMQ_ROUTING_ID): read back as a string (as zeromq.js's v5-compat does), null if none. */
  declare identity: string | Buffer | null;
  declare linger: number;
  /** ZMQ_RATE: not available (ENOTSUP): no pgm. */
  declare rate: number;
  declare rcvbuf: number;
  declare readonly last_endpoint: string | null;
  declare reconnect_ivl: number;
  /** ZMQ_RECOVERY_IVL: not available (ENOTSUP): no pgm. */
  declare recovery_ivl: number;
  declare sndbuf: number;
  /** ZMQ_MECHANISM: 0 (NULL), 1 (PLAIN), 2 (CURVE). */
  declare readonly mechanism: number;
  declare plain_server: number | boolean;
  declare plain_username: string | Buffer | null;
  declare plain_password: string | Buffer | null;
  declare curve_server: number | boolean;
  declare curve_publickey: string | Buffer | null;
  declare curve_secretkey: string | Buffer | null;
  declare curve_serverkey: string | Buffer | null;
  declare zap_domain: string | Buffer | null;
  declare heartbeat_ivl: number;
  declare heartbeat_ttl: number;
  declare heartbeat_timeout: number;
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
