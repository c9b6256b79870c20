/**
 * Errors carry the same `code` (and `errno`) that zeromq.js uses, so code written against zeromq.js can keep
 * its `err.code === "EAGAIN"` checks. Codes outside zeromq.js's set (EPROTO for wire violations) follow the
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
  | "ENOENT";

const ERRNO: Record<ErrorCode, number> = {
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
};

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
    this.errno = ERRNO[code];
    if (address !== undefined) this.address = address;
  }
}

/** A peer broke the ZMTP rules (bad greeting, bad frame, bad command): the connection is closed. */
export class ProtocolError extends ZmqError {
  constructor(message: string) {
    super("EPROTO", message);
    this.name = "ProtocolError";
  }
}

/** The security handshake failed (mechanism mismatch, incompatible socket type, peer sent ERROR). */
export class HandshakeError extends ZmqError {
  constructor(message: string) {
    super("EPROTO", message);
    this.name = "HandshakeError";
  }
}

/** Narrows a caught value to an Error (anything thrown here is one; this keeps the types honest). */
export function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
