import type { SocketEventSink } from "../events.js";
import type { SecurityOptionValues, SocketOptionValues } from "../options.js";
import type { Pipe } from "../pipe/pipe.js";
import type { SocketTypeInfo } from "./socket-types.js";

/** What the layers below a socket see of it: its type, its options, where its pipes and events go. */
export interface SocketPort {
  readonly type: SocketTypeInfo;
  readonly options: SocketOptionValues;
  /**
   * Hands the socket its end of a pipe (the peer is ready, or, before a handshake, being reached); the
   * socket becomes that end's owner. false: the socket refuses the pipe (closed, PAIR already paired…).
   */
  attach(pipe: Pipe): boolean;
  /** Where the socket's monitor events go. */
  readonly events: SocketEventSink;
  /** The socket's security options as they are now (read once per connection: mechanism, keys, ZAP). */
  security(): SecurityOptionValues;
}

/** What a socket asks of the layers below it: its endpoints. */
export interface SocketEndpoints {
  /** As libzmq's ZMQ_LAST_ENDPOINT: the last bind (resolved port or path) or connect (as written). */
  readonly lastEndpoint: string | null;
  bind(endpoint: string): Promise<void>;
  unbind(endpoint: string, linger: number): Promise<void>;
  /** `peerRoutingId`: ZMQ_CONNECT_ROUTING_ID, the id the socket will know this peer by (ROUTER, STREAM). */
  connect(endpoint: string, peerRoutingId?: Buffer): void;
  disconnect(endpoint: string, linger: number): void;
  /** Ends every endpoint; settles when every connection is gone (after linger). */
  close(linger: number): Promise<void>;
}

/**
 * The composition root's face to sockets: it wires a socket to endpoints, sessions, engines, mechanisms and
 * transports, none of which a socket type knows. zeromq.js's `Context` will be one.
 */
export interface SocketContext {
  open(socket: SocketPort): SocketEndpoints;
}

let defaultContext: SocketContext | undefined;

/** Installed by the composition root when the package entry is loaded. */
export function setDefaultContext(context: SocketContext): void {
  defaultContext = context;
}

export function getDefaultContext(): SocketContext {
  if (defaultContext === undefined) {
    throw new Error("zmtp: no socket context is installed; import sockets from the package entry (\"zmtp\")");
  }
  return defaultContext;
}
