/**
 * The numeric constants zeromq.js v5 exported (and zeromq.js's `zeromq/v5-compat` still does): libzmq's
 * option, socket type, poll, send flag, capability and socket state numbers, as in zmq.h. v5 programs pass
 * them to `setsockopt`/`getsockopt` and `send`, or compare them with what they read back.
 */

// ---- socket options (zmq.h) -------------------------------------------------------------------------------
/** `ZMQ_AFFINITY`: a socket option number (zmq.h), for `setsockopt` / `getsockopt`. */
export const ZMQ_AFFINITY = 4;
/** `ZMQ_IDENTITY`: a socket option number (zmq.h), for `setsockopt` / `getsockopt`. */
export const ZMQ_IDENTITY = 5;
/** `ZMQ_SUBSCRIBE`: a socket option number (zmq.h), for `setsockopt` / `getsockopt`. */
export const ZMQ_SUBSCRIBE = 6;
/** `ZMQ_UNSUBSCRIBE`: a socket option number (zmq.h), for `setsockopt` / `getsockopt`. */
export const ZMQ_UNSUBSCRIBE = 7;
/** `ZMQ_RATE`: a socket option number (zmq.h), for `setsockopt` / `getsockopt`. */
export const ZMQ_RATE = 8;
/** `ZMQ_RECOVERY_IVL`: a socket option number (zmq.h), for `setsockopt` / `getsockopt`. */
export const ZMQ_RECOVERY_IVL = 9;
/** The ZMQ 2.x name of ZMQ_RECOVERY_IVL (zeromq.js v5-compat gives it the same number). */
export const ZMQ_RECOVERY_IVL_MSEC = 9;
/** `ZMQ_SNDBUF`: a socket option number (zmq.h), for `setsockopt` / `getsockopt`. */
export const ZMQ_SNDBUF = 11;
/** `ZMQ_RCVBUF`: a socket option number (zmq.h), for `setsockopt` / `getsockopt`. */
export const ZMQ_RCVBUF = 12;
/** `ZMQ_RCVMORE`: a socket option number (zmq.h), for `setsockopt` / `getsockopt`. */
export const ZMQ_RCVMORE = 13;
/** `ZMQ_FD`: a socket option number (zmq.h), for `setsockopt` / `getsockopt`. */
export const ZMQ_FD = 14;
/** `ZMQ_EVENTS`: a socket option number (zmq.h), for `setsockopt` / `getsockopt`. */
export const ZMQ_EVENTS = 15;
/** `ZMQ_TYPE`: a socket option number (zmq.h), for `setsockopt` / `getsockopt`. */
export const ZMQ_TYPE = 16;
/** `ZMQ_LINGER`: a socket option number (zmq.h), for `setsockopt` / `getsockopt`. */
export const ZMQ_LINGER = 17;
/** `ZMQ_RECONNECT_IVL`: a socket option number (zmq.h), for `setsockopt` / `getsockopt`. */
export const ZMQ_RECONNECT_IVL = 18;
/** `ZMQ_BACKLOG`: a socket option number (zmq.h), for `setsockopt` / `getsockopt`. */
export const ZMQ_BACKLOG = 19;
/** `ZMQ_RECONNECT_IVL_MAX`: a socket option number (zmq.h), for `setsockopt` / `getsockopt`. */
export const ZMQ_RECONNECT_IVL_MAX = 21;
/** `ZMQ_MAXMSGSIZE`: a socket option number (zmq.h), for `setsockopt` / `getsockopt`. */
export const ZMQ_MAXMSGSIZE = 22;
/** `ZMQ_SNDHWM`: a socket option number (zmq.h), for `setsockopt` / `getsockopt`. */
export const ZMQ_SNDHWM = 23;
/** `ZMQ_RCVHWM`: a socket option number (zmq.h), for `setsockopt` / `getsockopt`. */
export const ZMQ_RCVHWM = 24;
/** `ZMQ_MULTICAST_HOPS`: a socket option number (zmq.h), for `setsockopt` / `getsockopt`. */
export const ZMQ_MULTICAST_HOPS = 25;
/** `ZMQ_RCVTIMEO`: a socket option number (zmq.h), for `setsockopt` / `getsockopt`. */
export const ZMQ_RCVTIMEO = 27;
/** `ZMQ_SNDTIMEO`: a socket option number (zmq.h), for `setsockopt` / `getsockopt`. */
export const ZMQ_SNDTIMEO = 28;
/** `ZMQ_IPV4ONLY`: a socket option number (zmq.h), for `setsockopt` / `getsockopt`. */
export const ZMQ_IPV4ONLY = 31;
/** `ZMQ_LAST_ENDPOINT`: a socket option number (zmq.h), for `setsockopt` / `getsockopt`. */
export const ZMQ_LAST_ENDPOINT = 32;
/** `ZMQ_ROUTER_MANDATORY`: a socket option number (zmq.h), for `setsockopt` / `getsockopt`. */
export const ZMQ_ROUTER_MANDATORY = 33;
/** `ZMQ_TCP_KEEPALIVE`: a socket option number (zmq.h), for `setsockopt` / `getsockopt`. */
export const ZMQ_TCP_KEEPALIVE = 34;
/** `ZMQ_TCP_KEEPALIVE_CNT`: a socket option number (zmq.h), for `setsockopt` / `getsockopt`. */
export const ZMQ_TCP_KEEPALIVE_CNT = 35;
/** `ZMQ_TCP_KEEPALIVE_IDLE`: a socket option number (zmq.h), for `setsockopt` / `getsockopt`. */
export const ZMQ_TCP_KEEPALIVE_IDLE = 36;
/** `ZMQ_TCP_KEEPALIVE_INTVL`: a socket option number (zmq.h), for `setsockopt` / `getsockopt`. */
export const ZMQ_TCP_KEEPALIVE_INTVL = 37;
/** `ZMQ_TCP_ACCEPT_FILTER`: a socket option number (zmq.h), for `setsockopt` / `getsockopt`. */
export const ZMQ_TCP_ACCEPT_FILTER = 38;
/** ZMQ_IMMEDIATE's 3.x name. */
export const ZMQ_DELAY_ATTACH_ON_CONNECT = 39;
/** `ZMQ_XPUB_VERBOSE`: a socket option number (zmq.h), for `setsockopt` / `getsockopt`. */
export const ZMQ_XPUB_VERBOSE = 40;
/** `ZMQ_ROUTER_RAW`: a socket option number (zmq.h), for `setsockopt` / `getsockopt`. */
export const ZMQ_ROUTER_RAW = 41;
/** `ZMQ_IPV6`: a socket option number (zmq.h), for `setsockopt` / `getsockopt`. */
export const ZMQ_IPV6 = 42;
/** `ZMQ_MECHANISM`: a socket option number (zmq.h), for `setsockopt` / `getsockopt`. */
export const ZMQ_MECHANISM = 43;
/** `ZMQ_PLAIN_SERVER`: a socket option number (zmq.h), for `setsockopt` / `getsockopt`. */
export const ZMQ_PLAIN_SERVER = 44;
/** `ZMQ_PLAIN_USERNAME`: a socket option number (zmq.h), for `setsockopt` / `getsockopt`. */
export const ZMQ_PLAIN_USERNAME = 45;
/** `ZMQ_PLAIN_PASSWORD`: a socket option number (zmq.h), for `setsockopt` / `getsockopt`. */
export const ZMQ_PLAIN_PASSWORD = 46;
/** `ZMQ_CURVE_SERVER`: a socket option number (zmq.h), for `setsockopt` / `getsockopt`. */
export const ZMQ_CURVE_SERVER = 47;
/** `ZMQ_CURVE_PUBLICKEY`: a socket option number (zmq.h), for `setsockopt` / `getsockopt`. */
export const ZMQ_CURVE_PUBLICKEY = 48;
/** `ZMQ_CURVE_SECRETKEY`: a socket option number (zmq.h), for `setsockopt` / `getsockopt`. */
export const ZMQ_CURVE_SECRETKEY = 49;
/** `ZMQ_CURVE_SERVERKEY`: a socket option number (zmq.h), for `setsockopt` / `getsockopt`. */
export const ZMQ_CURVE_SERVERKEY = 50;
/** `ZMQ_ZAP_DOMAIN`: a socket option number (zmq.h), for `setsockopt` / `getsockopt`. */
export const ZMQ_ZAP_DOMAIN = 55;
/** `ZMQ_ROUTER_HANDOVER`: a socket option number (zmq.h), for `setsockopt` / `getsockopt`. */
export const ZMQ_ROUTER_HANDOVER = 56;
/** `ZMQ_HEARTBEAT_IVL`: a socket option number (zmq.h), for `setsockopt` / `getsockopt`. */
export const ZMQ_HEARTBEAT_IVL = 75;
/** `ZMQ_HEARTBEAT_TTL`: a socket option number (zmq.h), for `setsockopt` / `getsockopt`. */
export const ZMQ_HEARTBEAT_TTL = 76;
/** `ZMQ_HEARTBEAT_TIMEOUT`: a socket option number (zmq.h), for `setsockopt` / `getsockopt`. */
export const ZMQ_HEARTBEAT_TIMEOUT = 77;
/** `ZMQ_CONNECT_TIMEOUT`: a socket option number (zmq.h), for `setsockopt` / `getsockopt`. */
export const ZMQ_CONNECT_TIMEOUT = 79;

// ---- context options --------------------------------------------------------------------------------------
/** `ZMQ_IO_THREADS`: a context option number (zmq.h). */
export const ZMQ_IO_THREADS = 1;
/** `ZMQ_MAX_SOCKETS`: a context option number (zmq.h). */
export const ZMQ_MAX_SOCKETS = 2;

// ---- socket types -----------------------------------------------------------------------------------------
/** `ZMQ_PAIR`: a socket type number (zmq.h), as `socket.type` reads. */
export const ZMQ_PAIR = 0;
/** `ZMQ_PUB`: a socket type number (zmq.h), as `socket.type` reads. */
export const ZMQ_PUB = 1;
/** `ZMQ_SUB`: a socket type number (zmq.h), as `socket.type` reads. */
export const ZMQ_SUB = 2;
/** `ZMQ_REQ`: a socket type number (zmq.h), as `socket.type` reads. */
export const ZMQ_REQ = 3;
/** `ZMQ_REP`: a socket type number (zmq.h), as `socket.type` reads. */
export const ZMQ_REP = 4;
/** `ZMQ_DEALER`: a socket type number (zmq.h), as `socket.type` reads. */
export const ZMQ_DEALER = 5;
/** `ZMQ_XREQ`: a socket type number (zmq.h), as `socket.type` reads. */
export const ZMQ_XREQ = 5;
/** `ZMQ_ROUTER`: a socket type number (zmq.h), as `socket.type` reads. */
export const ZMQ_ROUTER = 6;
/** `ZMQ_XREP`: a socket type number (zmq.h), as `socket.type` reads. */
export const ZMQ_XREP = 6;
/** `ZMQ_PULL`: a socket type number (zmq.h), as `socket.type` reads. */
export const ZMQ_PULL = 7;
/** `ZMQ_PUSH`: a socket type number (zmq.h), as `socket.type` reads. */
export const ZMQ_PUSH = 8;
/** `ZMQ_XPUB`: a socket type number (zmq.h), as `socket.type` reads. */
export const ZMQ_XPUB = 9;
/** `ZMQ_XSUB`: a socket type number (zmq.h), as `socket.type` reads. */
export const ZMQ_XSUB = 10;
/** `ZMQ_STREAM`: a socket type number (zmq.h), as `socket.type` reads. */
export const ZMQ_STREAM = 11;

// ---- poll states (what getsockopt(ZMQ_EVENTS) combines) ---------------------------------------------------
/** `ZMQ_POLLIN`: a bit of `getsockopt(ZMQ_EVENTS)` (zmq.h). */
export const ZMQ_POLLIN = 1;
/** `ZMQ_POLLOUT`: a bit of `getsockopt(ZMQ_EVENTS)` (zmq.h). */
export const ZMQ_POLLOUT = 2;
/** `ZMQ_POLLERR`: a bit of `getsockopt(ZMQ_EVENTS)` (zmq.h). */
export const ZMQ_POLLERR = 4;

// ---- send flags -------------------------------------------------------------------------------------------
/** `send(part, ZMQ_SNDMORE)`: more parts of the same message follow. */
export const ZMQ_SNDMORE = 2;

// ---- capabilities (all present, as in zeromq.js v5-compat) ------------------------------------------------
/** `ZMQ_CAN_MONITOR`: a capability flag: 1, present (as in zeromq.js v5-compat). */
export const ZMQ_CAN_MONITOR = 1;
/** `ZMQ_CAN_DISCONNECT`: a capability flag: 1, present (as in zeromq.js v5-compat). */
export const ZMQ_CAN_DISCONNECT = 1;
/** `ZMQ_CAN_UNBIND`: a capability flag: 1, present (as in zeromq.js v5-compat). */
export const ZMQ_CAN_UNBIND = 1;
/** `ZMQ_CAN_SET_CTX`: a capability flag: 1, present (as in zeromq.js v5-compat). */
export const ZMQ_CAN_SET_CTX = 1;

// ---- socket states (v5's binding states) ------------------------------------------------------------------
/** `STATE_READY`: a v5 socket state number (v5's binding kept them). */
export const STATE_READY = 0;
/** `STATE_BUSY`: a v5 socket state number (v5's binding kept them). */
export const STATE_BUSY = 1;
/** `STATE_CLOSED`: a v5 socket state number (v5's binding kept them). */
export const STATE_CLOSED = 2;
