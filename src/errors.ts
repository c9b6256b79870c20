/**
 * Errors carry the same `code` (and `errno`) that zeromq.js uses, so code written against zeromq.js can keep
 * its `err.code === "EAGAIN"` checks. Codes outside zeromq.js's set follow the
 * POSIX names libzmq uses internally.
 *
 * | code | when |
 * | --- | --- |
 * | `EAGAIN` | `send()` / `receive()` timed out (`sendTimeout`, `receiveTimeout`; at once when 0), or the socket closed while the call waited |
 * | `EFSM` | a call out of turn: REQ `send()` before the reply, REP `send()` before a request, … |
 * | `ENOTSUP` | what the socket type or the runtime does not support: an option value Node.js cannot apply, a v5 option zmtp lacks |
 * | `EBADF` | the socket (or observer, proxy) is closed |
 * | `EINVAL` | a bad argument: an option value outside libzmq's range, a malformed endpoint, an empty message |
 * | `EADDRINUSE` | `bind()`: the address is taken |
 * | `EADDRNOTAVAIL` | `bind()`/`connect()`: no such local address or interface |
 * | `EPROTONOSUPPORT` | an endpoint's transport is unknown or not available here |
 * | `ENOCOMPATPROTO` | a transport the socket type cannot use (udp only for RADIO/DISH/DGRAM, as libzmq) |
 * | `EHOSTUNREACH` | ROUTER (with `mandatory`) or a routing-id socket: no peer with that routing id |
 * | `ECONNREFUSED` | a handshake the peer refused with an ERROR command that carries no status code |
 * | `EPROTO` | the errno of every `ProtocolError` (its `code` is one of `ProtocolErrorCode`) |
 * | `EMSGSIZE` | a peer sent a frame or message larger than `maxMessageSize` (or than a handshake allows): its connection ends |
 * | `ETERM` | zeromq.js's code for a terminated context; zmtp has none to terminate and never raises it |
 * | `ENOENT` | `unbind()` / `disconnect()` of an endpoint not bound / connected; an ipc path whose directory is missing |
 * | `ETIMEDOUT` | a handshake over `handshakeInterval`, or a peer silent past its heartbeat timeout |
 * | `ECONNRESET` | the peer went away during the handshake |
 * | `EACCES` | authentication refused the peer (`AuthError`), or `tcpAcceptFilter` refused a connection |
 * | `EMFILE` | more sockets than the Context's `maxSockets` |
 * | `EFAULT` | authentication was required and nobody could answer (a PLAIN server with no ZAP handler) |
 */
export type ErrorCode =
  | "EAGAIN"
  | "EFSM"
  | "ENOTSUP"
  | "EBADF"
  | "EINVAL"
  | "EADDRINUSE"
  | "EADDRNOTAVAIL"
  | "EPROTONOSUPPORT"
  | "EHOSTUNREACH"
  | "ECONNREFUSED"
  | "EPROTO"
  | "EMSGSIZE"
  | "ETERM"
  | "ENOENT"
  | "ETIMEDOUT"
  | "ECONNRESET"
  | "EACCES"
  | "EMFILE"
  | "EFAULT"
  | "ENOCOMPATPROTO"
  | ProtocolErrorCode;

/**
 * Why a peer broke the protocol, as zeromq.js names libzmq's ZMQ_PROTOCOL_ERROR_* values (the `code` of the
 * error in a `handshake:error:protocol` event). Each ends that peer's connection only.
 *
 * | code | the peer… |
 * | --- | --- |
 * | `ERR_ZMTP_UNSPECIFIED` | broke a rule with no more specific code (a bad greeting, a bad frame) |
 * | `ERR_ZMTP_UNEXPECTED_COMMAND` | sent a command the handshake did not expect there |
 * | `ERR_ZMTP_INVALID_SEQUENCE` | sent a CURVE nonce that does not increase |
 * | `ERR_ZMTP_KEY_EXCHANGE` | failed CURVE's key exchange |
 * | `ERR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED` | sent a malformed command frame (empty, a bad name) |
 * | `ERR_ZMTP_MALFORMED_COMMAND_MESSAGE` | sent a malformed CURVE MESSAGE |
 * | `ERR_ZMTP_MALFORMED_COMMAND_HELLO` | sent a malformed HELLO (PLAIN, CURVE) |
 * | `ERR_ZMTP_MALFORMED_COMMAND_INITIATE` | sent a malformed INITIATE |
 * | `ERR_ZMTP_MALFORMED_COMMAND_ERROR` | sent a malformed ERROR |
 * | `ERR_ZMTP_MALFORMED_COMMAND_READY` | sent a malformed READY |
 * | `ERR_ZMTP_MALFORMED_COMMAND_WELCOME` | sent a malformed WELCOME |
 * | `ERR_ZMTP_INVALID_METADATA` | sent metadata that breaks RFC 23's grammar, or announced a socket type ours cannot talk to |
 * | `ERR_ZMTP_CRYPTOGRAPHIC` | sent a CURVE box that does not open (a wrong key, a forged or replayed box) |
 * | `ERR_ZMTP_MECHANISM_MISMATCH` | greeted with another security mechanism than ours |
 * | `ERR_ZAP_UNSPECIFIED` | (our ZAP handler) answered wrongly in a way with no more specific code |
 * | `ERR_ZAP_MALFORMED_REPLY` | (our ZAP handler) sent a reply that is not a ZAP reply |
 * | `ERR_ZAP_BAD_REQUEST_ID` | (our ZAP handler) answered another request |
 * | `ERR_ZAP_BAD_VERSION` | (our ZAP handler) answered with a version other than 1.0 |
 * | `ERR_ZAP_INVALID_STATUS_CODE` | (our ZAP handler) answered with a status other than 200, 300, 400, 500 |
 * | `ERR_ZAP_INVALID_METADATA` | (our ZAP handler) answered with malformed metadata |
 * | `ERR_WS_UNSPECIFIED` | broke the WebSocket transport's rules (ZWS 2.0: a refused upgrade, a wrong subprotocol, a text message) |
 */
export type ProtocolErrorCode =
  | "ERR_ZMTP_UNSPECIFIED"
  | "ERR_ZMTP_UNEXPECTED_COMMAND"
  | "ERR_ZMTP_INVALID_SEQUENCE"
  | "ERR_ZMTP_KEY_EXCHANGE"
  | "ERR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED"
  | "ERR_ZMTP_MALFORMED_COMMAND_MESSAGE"
  | "ERR_ZMTP_MALFORMED_COMMAND_HELLO"
  | "ERR_ZMTP_MALFORMED_COMMAND_INITIATE"
  | "ERR_ZMTP_MALFORMED_COMMAND_ERROR"
  | "ERR_ZMTP_MALFORMED_COMMAND_READY"
  | "ERR_ZMTP_MALFORMED_COMMAND_WELCOME"
  | "ERR_ZMTP_INVALID_METADATA"
  | "ERR_ZMTP_CRYPTOGRAPHIC"
  | "ERR_ZMTP_MECHANISM_MISMATCH"
  | "ERR_ZAP_UNSPECIFIED"
  | "ERR_ZAP_MALFORMED_REPLY"
  | "ERR_ZAP_BAD_REQUEST_ID"
  | "ERR_ZAP_BAD_VERSION"
  | "ERR_ZAP_INVALID_STATUS_CODE"
  | "ERR_ZAP_INVALID_METADATA"
  // libzmq's ZMQ_PROTOCOL_ERROR_WS_UNSPECIFIED: a bad WebSocket upgrade or frame (ws://, wss://).
  | "ERR_WS_UNSPECIFIED";

const ERRNO: Record<Exclude<ErrorCode, ProtocolErrorCode>, number> = {
  EAGAIN: 11,
  EFSM: 156384763,
  ENOTSUP: 95,
  EBADF: 9,
  EINVAL: 22,
  EADDRINUSE: 98,
  EADDRNOTAVAIL: 99,
  EPROTONOSUPPORT: 93,
  EHOSTUNREACH: 113,
  ECONNREFUSED: 111,
  EPROTO: 71,
  EMSGSIZE: 90,
  ETERM: 156384765,
  ENOENT: 2,
  ETIMEDOUT: 110,
  ECONNRESET: 104,
  EACCES: 13,
  EMFILE: 24,
  EFAULT: 14,
  // libzmq's own: the transport does not suit the socket type (udp:// on anything but RADIO/DISH/DGRAM).
  ENOCOMPATPROTO: 156384764,
};

const EPROTO = 71;

/** zeromq.js's `ErrnoError`: what every error it raises for a failed operation carries. ZmqError is one. */
export interface ErrnoError extends Error {
  /** The error's name as a string (`"EAGAIN"`, …). */
  code: string;
  /** The POSIX (or libzmq) errno number. */
  errno: number;
}

/**
 * Every error zmtp raises or reports: an `Error` with zeromq.js's `code` (see `ErrorCode`), the POSIX
 * `errno` libzmq would set, and `address` for endpoint errors. `instanceof ZmqError` holds across zmtp's ESM
 * and CommonJS builds. Subclasses tell handshake failures apart: ProtocolError, AuthError, HandshakeError.
 */
export class ZmqError extends Error implements ErrnoError {
  /** What went wrong, as zeromq.js names it (`"EAGAIN"`, `"EFSM"`, …; see `ErrorCode`). */
  readonly code: ErrorCode;
  /** The matching errno number (EAGAIN 11, EFSM 156384763, …; 71, EPROTO, for a ProtocolError). */
  readonly errno: number;
  /**
   * The endpoint an error concerns, when there is one (as zeromq.js sets it for bind, connect, unbind and
   * disconnect errors). Absent, not undefined, otherwise: `"address" in err` is true only when it is set.
   */
  declare address?: string;

  constructor(code: ErrorCode, message: string, address?: string) {
    super(message);
    this.name = "ZmqError";
    this.code = code;
    this.errno = code.startsWith("ERR_") ? EPROTO : ERRNO[code as Exclude<ErrorCode, ProtocolErrorCode>];
    if (address !== undefined) this.address = address;
  }
}

/**
 * A peer broke the ZMTP rules (bad greeting, bad frame, malformed or unexpected command, wrong mechanism,
 * incompatible socket type): its connection is closed. `code` says which rule, with zeromq.js's names;
 * `errno` is EPROTO. During a handshake it is reported as `handshake:error:protocol`.
 */
export class ProtocolError extends ZmqError {
  /** Which rule the peer broke (see `ProtocolErrorCode`). */
  declare readonly code: ProtocolErrorCode;

  constructor(message: string, code: ProtocolErrorCode = "ERR_ZMTP_UNSPECIFIED") {
    super(code, message);
    this.name = "ProtocolError";
  }
}

/**
 * The peer was refused by authentication (a ZAP status code 300, 400 or 500, sent to us in ERROR or given by
 * our authenticator): reported as `handshake:error:auth`, as zeromq.js's AuthError.
 */
export class AuthError extends ZmqError {
  constructor(
    message: string,
    /** The ZAP status code (RFC 27): 300 temporary failure, 400 denied, 500 internal error. */
    readonly status: 300 | 400 | 500,
  ) {
    super("EACCES", message);
    this.name = "AuthError";
  }
}

/**
 * A handshake failed for another reason (`handshake:error:other`): it took longer than `handshakeInterval`
 * (ETIMEDOUT), the peer refused us with an ERROR command that carries no status code (ECONNREFUSED), or
 * authentication was required and nobody could answer (EFAULT, as libzmq: a PLAIN server with no ZAP handler).
 */
export class HandshakeError extends ZmqError {
  constructor(code: "ETIMEDOUT" | "ECONNREFUSED" | "EFAULT", message: string) {
    super(code, message);
    this.name = "HandshakeError";
  }
}

/**
 * `instanceof` across copies of this module. The package ships two builds (ESM and CJS), each with its own
 * copy of these classes, and a program can load both (an ESM app with a CJS dependency, both on zmtp): an
 * error thrown by one copy must still be `instanceof ZmqError` (or ProtocolError, …) of the other. Each
 * class's prototype carries its kind and its ancestors' kinds under a registry symbol (the same key in every
 * copy and realm), and each class's `Symbol.hasInstance` accepts a value whose prototype chain carries its
 * kind, besides the ordinary prototype-chain test. A user's subclass of these classes keeps the ordinary
 * test only.
 */
const KINDS = Symbol.for("zmtp.ZmqError.kinds");
const ordinaryHasInstance = Function.prototype[Symbol.hasInstance];

function brand(cls: abstract new (...args: never[]) => Error, kinds: readonly string[]): void {
  const kind = kinds[kinds.length - 1]!;
  Object.defineProperty(cls.prototype, KINDS, { value: Object.freeze([...kinds]), configurable: true });
  Object.defineProperty(cls, Symbol.hasInstance, {
    configurable: true,
    value: function hasInstance(this: unknown, value: unknown): boolean {
      if (ordinaryHasInstance.call(this, value)) return true;
      if (this !== cls || typeof value !== "object" || value === null) return false;
      const carried = (value as { [KINDS]?: unknown })[KINDS];
      return Array.isArray(carried) && carried.includes(kind);
    },
  });
}

brand(ZmqError, ["ZmqError"]);
brand(ProtocolError, ["ZmqError", "ProtocolError"]);
brand(AuthError, ["ZmqError", "AuthError"]);
brand(HandshakeError, ["ZmqError", "HandshakeError"]);

/** Narrows a caught value to an Error (anything thrown here is one; this keeps the types honest). */
export function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

const mechanismFailures = new WeakSet<Error>();

/**
 * Marks an error of the security mechanism's traffic processing (a CURVE MESSAGE that fails to open, a
 * nonce out of sequence): libzmq reports those as `handshake:error:protocol` even after the handshake
 * (curve_mechanism_base.cpp `decode`), where other broken traffic is only a disconnect.
 */
export function markMechanismFailure(error: Error): Error {
  mechanismFailures.add(error);
  return error;
}

export function isMechanismFailure(error: Error | undefined): boolean {
  return error !== undefined && mechanismFailures.has(error);
}

const peerRefusals = new WeakSet<Error>();

/**
 * Marks the error for an ERROR command the peer sent (a refusal it chose), as opposed to one our own socket
 * raised with the same code (ROUTER refusing a peer whose routing id is taken): libzmq's dialer reconnects
 * after the latter and never after the former (see session/stream-session.ts `endsDialing`).
 */
export function markPeerRefusal<E extends Error>(error: E): E {
  peerRefusals.add(error);
  return error;
}

export function isPeerRefusal(error: Error | undefined): boolean {
  return error !== undefined && peerRefusals.has(error);
}
