import { DEFAULT_OPTIONS, type Authenticator } from "../options.js";
import { applyOptions } from "./apply-options.js";
import { checkContext, Context, context as defaultContext, openOnContext } from "./context.js";
import { defineSecurityOptions } from "./security-options.js";
import { parseAddressMask } from "../address-mask.js";
import { boolean, defineOptions, integer, optionDefaults, routingId, systemDefaultOnly } from "./socket-options.js";
import { WEBSOCKET_OPTIONS } from "./websocket-options.js";

/**
 * The options every socket has, with zeromq.js's names, libzmq's ranges and defaults: accessors defined from
 * the table below (socket-options.ts), checked on every assignment as the constructor checks them. Socket
 * types add their own with `defineOptions` on their class.
 */
export abstract class SocketOptionFields {
  /** Messages queued per peer for sending before `send()` waits (ZMQ_SNDHWM; 0: no limit). @defaultValue `1000` */
  declare sendHighWaterMark: number;
  /** Messages queued per peer on receipt before reading pauses (ZMQ_RCVHWM; 0: no limit). @defaultValue `1000` */
  declare receiveHighWaterMark: number;
  /**
   * ms to keep delivering queued messages after close() (ZMQ_LINGER): -1 forever, 0 drop at once. 0 on Subscriber and XSubscriber, as libzmq.
   * @defaultValue `-1`
   */
  declare linger: number;
  /**
   * The identity this socket announces to ROUTER peers (ZMQ_ROUTING_ID): 1–255 bytes, not starting with a
   * zero byte (those are the ids a ROUTER generates itself). null: none. Set it before connecting.
   * @defaultValue `null`
   */
  declare routingId: string | null;
  /** ms before the first reconnect attempt (ZMQ_RECONNECT_IVL; -1: never reconnect). @defaultValue `100` */
  declare reconnectInterval: number;
  /** Upper bound of the exponential reconnect back-off in ms (ZMQ_RECONNECT_IVL_MAX; 0: none). @defaultValue `0` */
  declare reconnectMaxInterval: number;
  /**
   * ms `send()` may wait at the high-water mark before EAGAIN (ZMQ_SNDTIMEO; -1 forever, 0 at once).
   * @defaultValue `-1`
   */
  declare sendTimeout: number;
  /** ms `receive()` may wait before EAGAIN (ZMQ_RCVTIMEO; -1 forever, 0 at once). @defaultValue `-1` */
  declare receiveTimeout: number;
  /**
   * Largest inbound frame in bytes (ZMQ_MAXMSGSIZE); larger ones close the connection. -1: no limit.
   * @defaultValue `-1`
   */
  declare maxMessageSize: number;
  /** Queue messages only to completed connections (ZMQ_IMMEDIATE). @defaultValue `false` */
  declare immediate: boolean;
  /** Bind `tcp://*` on IPv6 as well (ZMQ_IPV6). Its default is the socket's Context's `ipv6`. @defaultValue `false` */
  declare ipv6: boolean;
  /** Listen backlog: connections waiting to be accepted (ZMQ_BACKLOG). @defaultValue `100` */
  declare backlog: number;
  /** ms allowed for the greeting and handshake (ZMQ_HANDSHAKE_IVL; 0: no limit). @defaultValue `30000` */
  declare handshakeInterval: number;
  /**
   * ms a tcp connect attempt may take before it is abandoned and retried (ZMQ_CONNECT_TIMEOUT; 0: none).
   * @defaultValue `0`
   */
  declare connectTimeout: number;
  /** ZMQ_TCP_KEEPALIVE: -1 the system's default, 0 off, 1 on (tcp connections). @defaultValue `-1` */
  declare tcpKeepalive: number;
  /**
   * ZMQ_TCP_KEEPALIVE_IDLE: seconds of silence before the first keepalive probe; -1 the system's default.
   * @defaultValue `-1`
   */
  declare tcpKeepaliveIdle: number;
  /**
   * ZMQ_TCP_KEEPALIVE_CNT: only -1 (the system's default). Node.js cannot set it per socket, so any other
   * value is refused (ENOTSUP) rather than ignored.
   * @defaultValue `-1`
   */
  declare tcpKeepaliveCount: number;
  /**
   * ZMQ_TCP_KEEPALIVE_INTVL (seconds between probes): only -1 (the system's default), for the same reason.
   * @defaultValue `-1`
   */
  declare tcpKeepaliveInterval: number;
  /** ZMQ_HEARTBEAT_IVL: ms between PINGs to each ZMTP 3.1 peer (RFC 37 §"PING and PONG"); 0: none. @defaultValue `0` */
  declare heartbeatInterval: number;
  /**
   * ZMQ_HEARTBEAT_TIMEOUT: ms a peer may stay silent after a PING before it is dropped; -1 (the default):
   * heartbeatInterval. Only meaningful with heartbeatInterval > 0.
   * @defaultValue `-1`
   */
  declare heartbeatTimeout: number;
  /**
   * ZMQ_HEARTBEAT_TTL: ms a peer may wait for traffic from us before it drops us (sent in each PING); 0: none.
   * @defaultValue `0`
   */
  declare heartbeatTimeToLive: number;
  /**
   * ZMQ_SNDBUF (bytes): only -1 (the system's default); Node.js sets no SO_SNDBUF per socket, so others are ENOTSUP.
   * @defaultValue `-1`
   */
  declare sendBufferSize: number;
  /** ZMQ_RCVBUF (bytes): only -1 (the system's default), for the same reason. @defaultValue `-1` */
  declare receiveBufferSize: number;
  /**
   * ZMQ_RATE: epgm's data rate in kbit/s (default 100): a Publisher sends no faster (IP and UDP headers
   * counted, as OpenPGM does), and with recoveryInterval it sizes both ends' windows.
   */
  declare rate: number;
  /** ZMQ_RECOVERY_IVL: ms of epgm data a Publisher keeps to repair losses (default 10000). */
  declare recoveryInterval: number;
  /** ZMQ_MULTICAST_MAXTPDU: the largest epgm IP packet, headers included (default 1500: 1448 octets of data). */
  declare multicastMaxTransportDataUnit: number;
  /**
   * ZMQ_TCP_ACCEPT_FILTER: each assignment adds a numeric address or CIDR range (`"10.0.0.0/8"`, `"::1"`) that
   * connections accepted on tcp endpoints bound afterwards must come from; null clears them. No filter: any
   * address. Reads back as the filters joined by commas, or null (libzmq cannot read it back at all).
   * @defaultValue `null`
   */
  declare tcpAcceptFilter: string | null;
  /** ZMQ_WSS_CERT_PEM: the certificate chain (PEM) of wss:// endpoints bound afterwards. @defaultValue `null` */
  declare wssCertPem: string | null;
  /** ZMQ_WSS_KEY_PEM: the private key (PEM) of wss:// endpoints bound afterwards. @defaultValue `null` */
  declare wssKeyPem: string | null;
  /**
   * ZMQ_WSS_TRUST_PEM: a certificate authority (PEM) wss:// connects trust, e.g. a self-signed server's.
   * @defaultValue `null`
   */
  declare wssTrustPem: string | null;
  /**
   * ZMQ_WSS_HOSTNAME: the name a wss:// server's certificate must carry (null: the endpoint's host).
   * @defaultValue `null`
   */
  declare wssHostname: string | null;
  /** ZMQ_WSS_TRUST_SYSTEM: wss:// connects trust the system's certificate authorities too (default true). */
  declare wssTrustSystem: boolean;

  // ---- security (RFC 24 PLAIN, RFC 26 CURVE, RFC 27 ZAP): sockets/security-options.ts ----------------
  /**
   * ZMQ_MECHANISM as zeromq.js names it: null for NULL, else the mechanism the last security option chose.
   * @defaultValue `null`
   */
  declare readonly securityMechanism: null | "plain" | "curve" | "gssapi";
  /** ZMQ_PLAIN_SERVER: true makes the socket a PLAIN server, false returns it to NULL. @defaultValue `false` */
  declare plainServer: boolean;
  /**
   * ZMQ_PLAIN_USERNAME: makes the socket a PLAIN client (null or "": back to NULL). At most 255 bytes.
   * @defaultValue `null`
   */
  declare plainUsername: string | null;
  /**
   * ZMQ_PLAIN_PASSWORD: makes the socket a PLAIN client (null or "": back to NULL). At most 255 bytes.
   * @defaultValue `null`
   */
  declare plainPassword: string | null;
  /**
   * ZMQ_CURVE_SERVER: true makes the socket a CURVE server (it needs curveSecretKey), false returns it to NULL.
   * @defaultValue `false`
   */
  declare curveServer: boolean;
  /**
   * ZMQ_CURVE_PUBLICKEY: this socket's long-term public key; set as 40-char Z85 or 32 bytes, read as Z85.
   * @defaultValue `null`
   */
  declare curvePublicKey: string | null;
  /**
   * ZMQ_CURVE_SECRETKEY: this socket's long-term secret key; set as 40-char Z85 or 32 bytes, read as Z85.
   * @defaultValue `null`
   */
  declare curveSecretKey: string | null;
  /**
   * ZMQ_CURVE_SERVERKEY: the server's public key; makes the socket a CURVE client. Z85 or 32 bytes.
   * @defaultValue `null`
   */
  declare curveServerKey: string | null;
  /**
   * ZMQ_ZAP_DOMAIN: the domain a server asks ZAP with (null: none; a NULL server asks ZAP only if set).
   * @defaultValue `null`
   */
  declare zapDomain: string | null;
  /**
   * ZMQ_ZAP_ENFORCE_DOMAIN: with a zapDomain, refuse peers when no ZAP handler answers (libzmq's draft option).
   * @defaultValue `false`
   */
  declare zapEnforceDomain: boolean;
  /**
   * zmtp's addition: decides ZAP requests in JavaScript (before any handler bound at inproc://zeromq.zap.01):
   * called with the mechanism, the peer's address, the domain and the credentials, it returns or resolves to
   * allow (true / { allow: true, userId, metadata }) or deny (false / { allow: false, statusCode }).
   * @defaultValue `null`
   */
  declare authenticator: Authenticator | null;
  /**
   * ZMQ_CONFLATE: each peer's queue keeps only the newest message. Writable on Pull, Dealer and Subscriber
   * (what they receive) and on Push and Publisher (what they send); always false elsewhere.
   * @defaultValue `false`
   */
  declare readonly conflate: boolean;

  /** The values behind the option accessors (socket-options.ts reads and writes them, checked). */
  protected readonly optionValues: Record<string, unknown> = optionDefaults(this);

  private ownContext: Context = defaultContext;

  /** The Context the socket was made with (`{ context }`), else the default `context`. */
  get context(): Context {
    return this.ownContext;
  }

  /**
   * Applies (and checks, as zeromq.js does) constructor options, then seals the socket: concrete classes
   * call it last, once every field exists. The context comes first: its `blocky` and `ipv6` are defaults
   * the other options may override (libzmq copies them into a new socket's options).
   */
  protected applyOptions(options: unknown): void {
    let rest = options;
    let given: unknown = undefined;
    if (options !== null && typeof options === "object" && !Array.isArray(options) && "context" in options) {
      ({ context: given, ...rest } = options as { context?: unknown });
    }
    const ctx = checkContext(given);
    if (!ctx.blocky) this.linger = 0;
    if (ctx.ipv6) this.ipv6 = true;
    applyOptions(this, rest);
    this.ownContext = openOnContext(ctx);
    Object.preventExtensions(this);
  }
}

// The options every socket has, with libzmq's ranges and zeromq.js's defaults.
defineOptions(SocketOptionFields, {
  sendHighWaterMark: integer(DEFAULT_OPTIONS.sendHighWaterMark, 0),
  receiveHighWaterMark: integer(DEFAULT_OPTIONS.receiveHighWaterMark, 0),
  linger: integer(DEFAULT_OPTIONS.linger, -1),
  routingId: routingId(),
  reconnectInterval: integer(DEFAULT_OPTIONS.reconnectInterval, -1),
  reconnectMaxInterval: integer(DEFAULT_OPTIONS.reconnectMaxInterval, 0),
  sendTimeout: integer(DEFAULT_OPTIONS.sendTimeout, -1),
  receiveTimeout: integer(DEFAULT_OPTIONS.receiveTimeout, -1),
  maxMessageSize: integer(DEFAULT_OPTIONS.maxMessageSize, -1, Number.MAX_SAFE_INTEGER),
  immediate: boolean(DEFAULT_OPTIONS.immediate),
  ipv6: boolean(DEFAULT_OPTIONS.ipv6),
  backlog: integer(DEFAULT_OPTIONS.backlog, 0),
  handshakeInterval: integer(DEFAULT_OPTIONS.handshakeInterval, 0),
  connectTimeout: integer(DEFAULT_OPTIONS.connectTimeout, 0),
  tcpKeepalive: integer(DEFAULT_OPTIONS.tcpKeepalive, -1, 1),
  tcpKeepaliveIdle: integer(DEFAULT_OPTIONS.tcpKeepaliveIdle, -1),
  tcpKeepaliveCount: systemDefaultOnly("TCP_KEEPCNT"),
  tcpKeepaliveInterval: systemDefaultOnly("TCP_KEEPINTVL"),
  heartbeatInterval: integer(DEFAULT_OPTIONS.heartbeatInterval, 0),
  // libzmq refuses -1 once set (options.cpp: value >= 0); -1 is only the default.
  heartbeatTimeout: integer(DEFAULT_OPTIONS.heartbeatTimeout, 0),
  // Sent in deciseconds in a 16-bit field (RFC 37 §"PING and PONG"): at most 65535 ds.
  heartbeatTimeToLive: integer(DEFAULT_OPTIONS.heartbeatTimeToLive, 0, 6_553_599),
  sendBufferSize: systemDefaultOnly("SO_SNDBUF"),
  receiveBufferSize: systemDefaultOnly("SO_RCVBUF"),
  // libzmq's ranges (src/options.cpp): rate > 0, recovery interval >= 0, max TPDU > 0.
  rate: integer(DEFAULT_OPTIONS.rate, 1),
  recoveryInterval: integer(DEFAULT_OPTIONS.recoveryInterval, 0),
  multicastMaxTransportDataUnit: integer(DEFAULT_OPTIONS.multicastMaxTransportDataUnit, 1),
  ...WEBSOCKET_OPTIONS,
});
defineSecurityOptions(SocketOptionFields);

// Each assignment adds a filter (libzmq keeps a list); null clears it.
Object.defineProperty(SocketOptionFields.prototype, "tcpAcceptFilter", {
  get(this: { optionValues: Record<string, unknown> }): string | null {
    const filters = this.optionValues.tcpAcceptFilter as readonly string[] | undefined;
    return filters === undefined || filters.length === 0 ? null : filters.join(",");
  },
  set(this: { optionValues: Record<string, unknown> }, value: unknown) {
    if (value === null) {
      this.optionValues.tcpAcceptFilter = [];
      return;
    }
    if (typeof value !== "string") throw new TypeError("Option value must be a string or null: tcpAcceptFilter");
    const filters = (this.optionValues.tcpAcceptFilter as readonly string[] | undefined) ?? [];
    this.optionValues.tcpAcceptFilter = [...filters, parseAddressMask(value).text];
  },
  enumerable: true,
  configurable: true,
});
// Read-only false here; Pull, Dealer, Subscriber, Push and Publisher define a writable `conflate` of their own.
Object.defineProperty(SocketOptionFields.prototype, "conflate", { get: () => false, enumerable: true, configurable: true });
