import type { EngineConnection } from "../engine/engine-connection.js";
import { AuthError, HandshakeError, isMechanismFailure, isPeerRefusal, ProtocolError, ZmqError } from "../errors.js";
import type { SocketEventSink, SocketEventType } from "../events.js";

/**
 * Linger (ZMQ_LINGER): after close, give a connection up to `linger` ms (-1: as long as it takes) to write
 * what its pipe still holds, then end it.
 */
export async function lingerClose(connection: EngineConnection, linger: number): Promise<void> {
  if (linger === 0) {
    connection.close(undefined);
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  const drained = connection.drainAndClose();
  if (linger > 0) {
    await Promise.race([drained, new Promise((resolve) => (timer = setTimeout(resolve, linger)))]);
    clearTimeout(timer);
  } else {
    await drained;
  }
  connection.close(undefined);
}

/** The monitor event for a failed handshake, by the kind of its error (as libzmq's three events). */
function handshakeFailure(error: ZmqError): SocketEventType {
  if (error instanceof ProtocolError) return "handshake:error:protocol";
  if (error instanceof AuthError) return "handshake:error:auth";
  return "handshake:error:other";
}

/** Turns whatever ended a connection into a ZmqError for an event. */
function asZmqError(error: Error | undefined): ZmqError {
  if (error instanceof ZmqError) return error;
  const code = error === undefined ? undefined : (error as NodeJS.ErrnoException).code;
  return new ZmqError(code === "ETIMEDOUT" ? "ETIMEDOUT" : "ECONNRESET", error?.message ?? "connection closed by the peer");
}

/**
 * Reports a connection's end: before its handshake completed, or later when the mechanism's traffic failed
 * (CURVE), a handshake failure (protocol, auth or other, as libzmq's monitor); then, as libzmq, `disconnect`.
 */
export function reportClosed(events: SocketEventSink, address: string, error: Error | undefined, handshakeDone: boolean): void {
  if (!handshakeDone || isMechanismFailure(error)) {
    const failure = asZmqError(error);
    events.emit({ type: handshakeFailure(failure), address, error: failure });
  }
  events.emit({ type: "disconnect", address });
}

/**
 * Whether a connection's end ends its dialer too, with no reconnection: what libzmq calls a protocol_error,
 * after which a connecting session terminates instead of reconnecting (libzmq 4.3.5 session_base.cpp
 * engine_error; stream_engine_base.cpp raises it for a bad greeting, a failed mechanism step or socket type
 * check, an ERROR from the peer, and input the decoder refuses, maxMessageSize included). Trying again would
 * meet the same refusal, every reconnectInterval, for ever. A silent close, a reset, and handshake or
 * heartbeat timeouts are libzmq's connection and timeout errors: it reconnects after those, and so do we.
 */
export function endsDialing(error: Error | undefined): boolean {
  if (error instanceof ProtocolError || isPeerRefusal(error)) return true;
  // Our own authenticator refused the peer (a CURVE or PLAIN server that dials): it sent ERROR and ended.
  if (error instanceof AuthError) return true;
  return error instanceof ZmqError && error.code === "EMSGSIZE";
}

/**
 * Whether the peer refused us, or we it, at the handshake (wrong mechanism or socket type, an ERROR, a
 * timeout): a dialer then queues nothing to it until a handshake succeeds.
 */
export function isRefusal(error: Error | undefined): boolean {
  if (error instanceof HandshakeError || error instanceof AuthError) return true;
  return error instanceof ProtocolError && (error.code === "ERR_ZMTP_MECHANISM_MISMATCH" || error.code === "ERR_ZMTP_INVALID_METADATA");
}
