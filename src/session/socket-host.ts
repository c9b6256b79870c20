import type { EngineConnection, EngineHandler } from "../engine/engine-connection.js";
import type { SocketEventSink } from "../events.js";
import type { SocketOptionValues } from "../options.js";
import { Pipe } from "../pipe/pipe.js";
import type { InprocEnd } from "../transport/inproc-link.js";
import type { TransportStream } from "../transport/stream-transport.js";

/**
 * What a session needs from the socket it serves, as the composition root presents it: option values, how
 * to run a connection (the engine and mechanism the root chose), where pipes and events go.
 */
export interface SocketHost extends InprocEnd {
  readonly options: SocketOptionValues;
  /** The connecting side may queue to a pipe before its handshake (false with `immediate`, and for ROUTER). */
  readonly attachesBeforeHandshake: boolean;
  /** Raw sockets (Stream) speak no ZMTP: one pipe per connection, no inproc. */
  readonly raw: boolean;
  /**
   * Runs a connection over a freshly connected or accepted stream; `origin` (its endpoint, dialed or accepted)
   * labels the connection for the frame tracer.
   */
  startConnection(stream: TransportStream, handler: EngineHandler, origin?: ConnectionOrigin): EngineConnection;
  /**
   * The ZWS 2.0 subprotocols the socket's mechanism speaks now, best first (ws://, wss://: RFC 45); absent:
   * the NULL mechanism's.
   */
  readonly webSocketSubprotocols?: readonly string[];
  /** Gives the socket its end of a pipe; false if the socket refuses it (e.g. duplicate identity). */
  attachPipe(pipe: Pipe): boolean;
  /** Where monitor events go. */
  readonly events: SocketEventSink;
}

/** How a connection came to be: the endpoint it was dialed to or accepted on. */
export interface ConnectionOrigin {
  readonly endpoint: string;
  readonly dialed: boolean;
}

/** A new pipe between the socket and a session, with the socket's marks and conflation: [socket's end, engine's end]. */
export function socketPipe(host: SocketHost): [Pipe, Pipe] {
  const { sendHighWaterMark, receiveHighWaterMark } = host.options;
  return Pipe.forSocket(sendHighWaterMark, receiveHighWaterMark, host.conflateInbound, host.conflateOutbound);
}
