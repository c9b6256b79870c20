import * as c from "./constants.js";

/**
 * v5's option names (`exports.options`): each is also a property of every v5 socket (`sock.linger = 0`,
 * `sock.identity`), read and written through getsockopt/setsockopt with the option number here. The same
 * table as zeromq.js's `zeromq/v5-compat` (v5's ZMQ 2.x names `hwm`, `swap` and `mcast_loop` are gone there
 * too: libzmq 4 has none of them).
 */
export const shortOptions = Object.freeze({
  _fd: c.ZMQ_FD,
  _ioevents: c.ZMQ_EVENTS,
  _receiveMore: c.ZMQ_RCVMORE,
  _subscribe: c.ZMQ_SUBSCRIBE,
  _unsubscribe: c.ZMQ_UNSUBSCRIBE,
  affinity: c.ZMQ_AFFINITY,
  backlog: c.ZMQ_BACKLOG,
  identity: c.ZMQ_IDENTITY,
  linger: c.ZMQ_LINGER,
  rate: c.ZMQ_RATE,
  rcvbuf: c.ZMQ_RCVBUF,
  last_endpoint: c.ZMQ_LAST_ENDPOINT,
  reconnect_ivl: c.ZMQ_RECONNECT_IVL,
  recovery_ivl: c.ZMQ_RECOVERY_IVL,
  sndbuf: c.ZMQ_SNDBUF,
  mechanism: c.ZMQ_MECHANISM,
  plain_server: c.ZMQ_PLAIN_SERVER,
  plain_username: c.ZMQ_PLAIN_USERNAME,
  plain_password: c.ZMQ_PLAIN_PASSWORD,
  curve_server: c.ZMQ_CURVE_SERVER,
  curve_publickey: c.ZMQ_CURVE_PUBLICKEY,
  curve_secretkey: c.ZMQ_CURVE_SECRETKEY,
  curve_serverkey: c.ZMQ_CURVE_SERVERKEY,
  zap_domain: c.ZMQ_ZAP_DOMAIN,
  heartbeat_ivl: c.ZMQ_HEARTBEAT_IVL,
  heartbeat_ttl: c.ZMQ_HEARTBEAT_TTL,
  heartbeat_timeout: c.ZMQ_HEARTBEAT_TIMEOUT,
  connect_timeout: c.ZMQ_CONNECT_TIMEOUT,
});

/** A v5 option name (`"linger"`, `"identity"`, …). */
export type OptionName = keyof typeof shortOptions;

/** What `setsockopt`/`getsockopt` take: an option number (`zmq.ZMQ_LINGER`) or a v5 option name. */
export type OptionKey = number | OptionName;

export function isOptionName(name: string): name is OptionName {
  return Object.hasOwn(shortOptions, name);
}
