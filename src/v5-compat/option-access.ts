import { Subscriber, XPublisher, ZmqError, type Socket as ZmtpSocket } from "../index.js";
import * as c from "./constants.js";
import { isOptionName, shortOptions, type OptionKey } from "./short-options.js";

/** What getsockopt gives back: numbers for libzmq's int options (0/1 for its booleans), strings, null. */
export type OptionValue = string | number | boolean | null;

/**
 * How a libzmq option number maps onto a zmtp socket:
 *  - `int`: the zmtp property of that name, as is (zmtp checks the type and libzmq's range);
 *  - `flag`: a boolean property; v5 code sets libzmq's ints (0/1) or booleans, and reads back 0/1;
 *  - `text`: a string property; a Buffer is taken as its UTF-8 text (zmtp keeps these as strings);
 *  - `special`: its own get/set below.
 * A property the zmtp socket lacks is a clear error, never a silent no-op: ENOTSUP with `missing` when zmtp
 * has not got the feature (multicast, GSSAPI…), EINVAL when it belongs to other socket types.
 */
interface PropertyOption {
  readonly name: string;
  readonly kind: "int" | "flag" | "text";
  readonly property: string;
  /** Why a socket may lack the property: zmtp has no such feature (ENOTSUP), or only some types have it. */
  readonly missing: string | { readonly onlyOn: string };
}

/**
 * What the v5 layer keeps itself. ZMQ_RCVTIMEO: v5 read with ZMQ_DONTWAIT and delivered messages as
 * events, so the option was kept and read back but never timed anything out; applied to the zmtp socket it
 * would make the receive loop fail and retry every `n` ms (at 0, without pause), so it stays here. And
 * whether messages were read ahead for read() (ZMQ_EVENTS has ZMQ_POLLIN then).
 */
export interface HeldOptions {
  receiveTimeout: number;
  readonly hasReadAhead: () => boolean;
}

interface SpecialOption {
  readonly name: string;
  readonly kind: "special";
  get?(socket: ZmtpSocket, held: HeldOptions): OptionValue;
  set?(socket: ZmtpSocket, value: unknown, held: HeldOptions): void;
}

type OptionSpec = PropertyOption | SpecialOption;

const NO_PGM = "pgm/epgm multicast, which zmtp does not have";
const NO_THREADS = "I/O threads to pin (zmtp runs on the event loop)";
const NO_PLAIN = "the PLAIN mechanism, which this zmtp socket does not have";
const NO_CURVE = "the CURVE mechanism, which this zmtp socket does not have";
const NO_ZAP = "ZAP authentication, which this zmtp socket does not have";
const EVERY_SOCKET = "";

const int = (name: string, property: string, missing: PropertyOption["missing"] = EVERY_SOCKET): PropertyOption => ({
  name,
  kind: "int",
  property,
  missing,
});
const flag = (name: string, property: string, missing: PropertyOption["missing"] = EVERY_SOCKET): PropertyOption => ({
  name,
  kind: "flag",
  property,
  missing,
});
const text = (name: string, property: string, missing: PropertyOption["missing"] = EVERY_SOCKET): PropertyOption => ({
  name,
  kind: "text",
  property,
  missing,
});

function readOnly(name: string, get: (socket: ZmtpSocket) => OptionValue): SpecialOption {
  return { name, kind: "special", get };
}

function unsupported(name: string, why: string): SpecialOption {
  const refuse = (): never => {
    throw new ZmqError("ENOTSUP", `${name} is not supported: ${why}`);
  };
  return { name, kind: "special", get: refuse, set: refuse };
}

/** The subscription options: SUB only, written only (libzmq refuses to read them: EINVAL). */
function subscription(name: string, apply: (socket: Subscriber, topic: string | Buffer) => void): SpecialOption {
  return {
    name,
    kind: "special",
    set(socket, value) {
      if (!(socket instanceof Subscriber)) throw new ZmqError("EINVAL", `${name} applies to sub sockets only`);
      if (typeof value !== "string" && !Buffer.isBuffer(value)) throw new TypeError(`${name} takes a string or a Buffer`);
      apply(socket, value);
    },
  };
}

/** Every option number zeromq.js's v5-compat maps, with the same meaning. */
const OPTIONS = new Map<number, OptionSpec>([
  [c.ZMQ_AFFINITY, int("ZMQ_AFFINITY", "affinity", NO_THREADS)],
  [c.ZMQ_IDENTITY, text("ZMQ_IDENTITY", "routingId")],
  [c.ZMQ_SUBSCRIBE, subscription("ZMQ_SUBSCRIBE", (s, topic) => { s.subscribe(topic); })],
  [c.ZMQ_UNSUBSCRIBE, subscription("ZMQ_UNSUBSCRIBE", (s, topic) => { s.unsubscribe(topic); })],
  [c.ZMQ_RATE, int("ZMQ_RATE", "rate", NO_PGM)],
  [c.ZMQ_RECOVERY_IVL, int("ZMQ_RECOVERY_IVL", "recoveryInterval", NO_PGM)],
  [c.ZMQ_SNDBUF, int("ZMQ_SNDBUF", "sendBufferSize")],
  [c.ZMQ_RCVBUF, int("ZMQ_RCVBUF", "receiveBufferSize")],
  [c.ZMQ_RCVMORE, unsupported("ZMQ_RCVMORE", "messages are delivered whole, all frames at once (as in zeromq.js v5-compat)")],
  [c.ZMQ_FD, unsupported("ZMQ_FD", "a zmtp socket has no file descriptor to poll")],
  [
    c.ZMQ_EVENTS,
    {
      name: "ZMQ_EVENTS",
      kind: "special",
      get: (s, held) => (s.readable || held.hasReadAhead() ? c.ZMQ_POLLIN : 0) | (s.writable ? c.ZMQ_POLLOUT : 0),
    },
  ],
  [c.ZMQ_TYPE, readOnly("ZMQ_TYPE", (s) => s.type)],
  [c.ZMQ_LINGER, int("ZMQ_LINGER", "linger")],
  [c.ZMQ_RECONNECT_IVL, int("ZMQ_RECONNECT_IVL", "reconnectInterval")],
  [c.ZMQ_BACKLOG, int("ZMQ_BACKLOG", "backlog")],
  [c.ZMQ_RECONNECT_IVL_MAX, int("ZMQ_RECONNECT_IVL_MAX", "reconnectMaxInterval")],
  [c.ZMQ_MAXMSGSIZE, int("ZMQ_MAXMSGSIZE", "maxMessageSize")],
  [c.ZMQ_SNDHWM, int("ZMQ_SNDHWM", "sendHighWaterMark")],
  [c.ZMQ_RCVHWM, int("ZMQ_RCVHWM", "receiveHighWaterMark")],
  [c.ZMQ_MULTICAST_HOPS, int("ZMQ_MULTICAST_HOPS", "multicastHops", NO_PGM)],
  [
    c.ZMQ_RCVTIMEO,
    {
      name: "ZMQ_RCVTIMEO",
      kind: "special",
      get: (_s, held) => held.receiveTimeout,
      set: (_s, value, held) => {
        held.receiveTimeout = toTimeout("ZMQ_RCVTIMEO", value);
      },
    },
  ],
  [c.ZMQ_SNDTIMEO, int("ZMQ_SNDTIMEO", "sendTimeout")],
  [
    c.ZMQ_IPV4ONLY,
    {
      name: "ZMQ_IPV4ONLY",
      kind: "special",
      get: (s) => (s.ipv6 ? 0 : 1),
      set: (s, value) => {
        s.ipv6 = !toFlag("ZMQ_IPV4ONLY", value);
      },
    },
  ],
  [c.ZMQ_LAST_ENDPOINT, readOnly("ZMQ_LAST_ENDPOINT", (s) => s.lastEndpoint)],
  [c.ZMQ_ROUTER_MANDATORY, flag("ZMQ_ROUTER_MANDATORY", "mandatory", { onlyOn: "router" })],
  [c.ZMQ_TCP_KEEPALIVE, int("ZMQ_TCP_KEEPALIVE", "tcpKeepalive")],
  [c.ZMQ_TCP_KEEPALIVE_CNT, int("ZMQ_TCP_KEEPALIVE_CNT", "tcpKeepaliveCount")],
  [c.ZMQ_TCP_KEEPALIVE_IDLE, int("ZMQ_TCP_KEEPALIVE_IDLE", "tcpKeepaliveIdle")],
  [c.ZMQ_TCP_KEEPALIVE_INTVL, int("ZMQ_TCP_KEEPALIVE_INTVL", "tcpKeepaliveInterval")],
  [c.ZMQ_TCP_ACCEPT_FILTER, text("ZMQ_TCP_ACCEPT_FILTER", "tcpAcceptFilter")],
  [c.ZMQ_DELAY_ATTACH_ON_CONNECT, flag("ZMQ_DELAY_ATTACH_ON_CONNECT", "immediate")],
  [
    c.ZMQ_XPUB_VERBOSE,
    {
      name: "ZMQ_XPUB_VERBOSE",
      kind: "special",
      get: (s) => (asXPublisher(s).verbosity === null ? 0 : 1),
      set: (s, value) => {
        asXPublisher(s).verbosity = toFlag("ZMQ_XPUB_VERBOSE", value) ? "allSubs" : null;
      },
    },
  ],
  [c.ZMQ_ROUTER_RAW, unsupported("ZMQ_ROUTER_RAW", "deprecated in libzmq; use a stream socket")],
  [c.ZMQ_IPV6, flag("ZMQ_IPV6", "ipv6")],
  [c.ZMQ_MECHANISM, readOnly("ZMQ_MECHANISM", (s) => MECHANISMS[s.securityMechanism ?? "null"])],
  [c.ZMQ_PLAIN_SERVER, flag("ZMQ_PLAIN_SERVER", "plainServer", NO_PLAIN)],
  [c.ZMQ_PLAIN_USERNAME, text("ZMQ_PLAIN_USERNAME", "plainUsername", NO_PLAIN)],
  [c.ZMQ_PLAIN_PASSWORD, text("ZMQ_PLAIN_PASSWORD", "plainPassword", NO_PLAIN)],
  [c.ZMQ_CURVE_SERVER, flag("ZMQ_CURVE_SERVER", "curveServer", NO_CURVE)],
  [c.ZMQ_CURVE_PUBLICKEY, text("ZMQ_CURVE_PUBLICKEY", "curvePublicKey", NO_CURVE)],
  [c.ZMQ_CURVE_SECRETKEY, text("ZMQ_CURVE_SECRETKEY", "curveSecretKey", NO_CURVE)],
  [c.ZMQ_CURVE_SERVERKEY, text("ZMQ_CURVE_SERVERKEY", "curveServerKey", NO_CURVE)],
  [c.ZMQ_ZAP_DOMAIN, text("ZMQ_ZAP_DOMAIN", "zapDomain", NO_ZAP)],
  [c.ZMQ_ROUTER_HANDOVER, flag("ZMQ_ROUTER_HANDOVER", "handover", { onlyOn: "router" })],
  [c.ZMQ_HEARTBEAT_IVL, int("ZMQ_HEARTBEAT_IVL", "heartbeatInterval")],
  [c.ZMQ_HEARTBEAT_TTL, int("ZMQ_HEARTBEAT_TTL", "heartbeatTimeToLive")],
  [c.ZMQ_HEARTBEAT_TIMEOUT, int("ZMQ_HEARTBEAT_TIMEOUT", "heartbeatTimeout")],
  [c.ZMQ_CONNECT_TIMEOUT, int("ZMQ_CONNECT_TIMEOUT", "connectTimeout")],
]);

/** ZMQ_MECHANISM's values (zmq.h: ZMQ_NULL 0, ZMQ_PLAIN 1, ZMQ_CURVE 2, ZMQ_GSSAPI 3). */
const MECHANISMS: Readonly<Record<"null" | "plain" | "curve" | "gssapi", number>> = { null: 0, plain: 1, curve: 2, gssapi: 3 };

function asXPublisher(socket: ZmtpSocket): XPublisher {
  if (!(socket instanceof XPublisher)) throw new ZmqError("EINVAL", "ZMQ_XPUB_VERBOSE applies to xpub sockets only");
  return socket;
}

/** libzmq's boolean options are ints: 0 or 1 (a boolean is taken too). */
function toFlag(name: string, value: unknown): boolean {
  if (typeof value === "boolean") return value;
  if (typeof value !== "number") throw new TypeError(`${name} takes 0 or 1 (or a boolean), not ${typeof value}`);
  if (value !== 0 && value !== 1) throw new ZmqError("EINVAL", `Invalid argument: ${name} takes 0 or 1, not ${value}`);
  return value === 1;
}

/** A timeout in ms as libzmq takes it: -1 (forever) up to 2^31 - 1. */
function toTimeout(name: string, value: unknown): number {
  if (typeof value !== "number") throw new TypeError(`${name} takes a number of milliseconds, not ${typeof value}`);
  if (!Number.isInteger(value) || value < -1 || value > 2 ** 31 - 1) {
    throw new ZmqError("EINVAL", `Invalid argument: ${name} must be an integer from -1 to ${2 ** 31 - 1}, not ${value}`);
  }
  return value;
}

/** zmtp keeps identities, keys and filters as strings: a Buffer must be UTF-8 text that reads back the same. */
function toText(name: string, value: unknown): unknown {
  if (!Buffer.isBuffer(value)) return value;
  const decoded = value.toString("utf8");
  if (!Buffer.from(decoded, "utf8").equals(value)) {
    throw new ZmqError("EINVAL", `Invalid argument: ${name} must be UTF-8 text in zmtp (it keeps it as a string)`);
  }
  return decoded;
}

function specFor(option: unknown): OptionSpec {
  let id: number | undefined;
  if (typeof option === "number") id = option;
  else if (typeof option === "string") {
    if (!isOptionName(option)) throw new ZmqError("EINVAL", `Unknown option: ${option}`);
    id = shortOptions[option];
  } else {
    throw new TypeError(`An option is a number (zmq.ZMQ_LINGER) or a name ("linger"), not ${typeof option}`);
  }
  const spec = OPTIONS.get(id);
  if (spec === undefined) throw new ZmqError("EINVAL", `Unknown option: ${id}`);
  return spec;
}

/** The zmtp property behind an option, as a record; a clear error when this socket has none. */
function propertyOf(socket: ZmtpSocket, spec: PropertyOption): Record<string, unknown> {
  if (spec.property in socket) return socket as unknown as Record<string, unknown>;
  if (typeof spec.missing === "string") throw new ZmqError("ENOTSUP", `${spec.name} is not supported: it needs ${spec.missing}`);
  throw new ZmqError("EINVAL", `${spec.name} applies to ${spec.missing.onlyOn} sockets only`);
}

/** getsockopt: the value of an option, as libzmq reports it. */
export function readOption(socket: ZmtpSocket, option: OptionKey, held: HeldOptions): OptionValue {
  const spec = specFor(option);
  if (spec.kind === "special") {
    if (spec.get === undefined) throw new ZmqError("EINVAL", `${spec.name} can only be set`);
    return spec.get(socket, held);
  }
  const value = propertyOf(socket, spec)[spec.property];
  if (spec.kind === "flag") return value === true ? 1 : 0;
  return value as OptionValue;
}

/** setsockopt: sets an option, checked as zmtp checks its own properties (TypeError, EINVAL, ENOTSUP). */
export function writeOption(socket: ZmtpSocket, option: OptionKey, value: unknown, held: HeldOptions): void {
  const spec = specFor(option);
  if (spec.kind === "special") {
    if (spec.set === undefined) throw new ZmqError("EINVAL", `${spec.name} is read-only`);
    spec.set(socket, value, held);
    return;
  }
  const target = propertyOf(socket, spec);
  if (spec.kind === "flag") target[spec.property] = toFlag(spec.name, value);
  else if (spec.kind === "text") target[spec.property] = toText(spec.name, value);
  else target[spec.property] = value;
}
