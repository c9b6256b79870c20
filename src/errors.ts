/**
 * Errors carry the same `code` (and `errno`) that zeromq.js uses, so code written against zeromq.js can keep
 * its `err.code === "EAGAIN"` checks. Codes outside zeromq.js's set follow the
 * POSIX names libzmq uses internally.
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
  | ProtocolErrorCode;

/**
 * Why a peer broke the protocol, as zeromq.js names libzmq's ZMQ_PROTOCOL_ERROR_* values (the `code` of the
 * error in a `handshake:error:protocol` event).
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
  | "ERR_ZAP_INVALID_METADATA";

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
};

const EPROTO = 71;

/** zeromq.js's `ErrnoError`: what every error it raises for a failed operation carries. ZmqError is one. */
export interface ErrnoError extends Error {
  code: string;
  errno: number;
}

export class ZmqError extends Error implements ErrnoError {
  readonly code: ErrorCode;
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
