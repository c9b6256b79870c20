import type { ZmqError } from "./errors.js";

/**
 * What happened to a socket's endpoints and connections: the events of libzmq's socket monitor, with
 * zeromq.js's names. The engine reports them to its session, the session adds the endpoint, and the socket
 * hands them to whoever listens (the Observer, later).
 */
export type SocketEventType =
  | "connect"
  | "connect:delay"
  | "connect:retry"
  | "bind"
  | "bind:error"
  | "accept"
  | "accept:error"
  | "close"
  | "close:error"
  | "disconnect"
  | "handshake"
  | "handshake:error:protocol"
  | "handshake:error:auth"
  | "handshake:error:other"
  | "end";

/**
 * Who a peer is, on a `handshake` event (zmtp's addition; zeromq.js has no message properties): what it
 * announced in its READY / INITIATE metadata and, for an authenticated peer, what the ZAP handler said.
 */
export interface PeerDetails {
  /** Its Socket-Type ("" for a ZMTP 1.0 peer, which sends none). */
  readonly socketType: string;
  /** ZAP's User-Id, when a ZAP handler (or the authenticator) accepted the peer. */
  readonly userId?: string;
  /** Every property: the peer's metadata and ZAP's, by lower-cased name ("socket-type", "identity", …). */
  readonly properties: Readonly<Record<string, Buffer>>;
}

export interface SocketEvent {
  /** What happened: one of the event types `EventType` lists. */
  readonly type: SocketEventType;
  /** The endpoint concerned: as bound (real port or path) or as connected. Empty for `end`. */
  readonly address: string;
  /** Why, for the `…:error` events (a ProtocolError, AuthError, HandshakeError or transport error). */
  readonly error?: ZmqError;
  /** `connect:retry`: milliseconds until the next attempt. */
  readonly interval?: number;
  /** `handshake`: who the peer is (zmtp's addition). */
  readonly peer?: PeerDetails;
}

/** Where events go. One method, so that any layer can be handed a sink and a test can record one. */
export interface SocketEventSink {
  emit(event: SocketEvent): void;
}
