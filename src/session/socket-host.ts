import type { ConnectionOptions } from "../engine/connection.js";
import type { Pipe } from "../pipe/pipe.js";

/**
 * What a session needs from the socket it serves: option values, how to build each connection's options
 * (mechanism, peer check), and where to hand a pipe once its peer has completed the handshake.
 */
export interface SocketHost {
  readonly sendHighWaterMark: number;
  readonly receiveHighWaterMark: number;
  readonly reconnectInterval: number;
  readonly reconnectMaxInterval: number;
  readonly connectTimeout: number;
  readonly immediate: boolean;
  readonly ipv6: boolean;
  readonly backlog: number;
  /** ZMQ_CONFLATE: inbound queues keep only the newest message. */
  readonly conflate: boolean;
  /** The connecting side may queue to a pipe before its handshake (false with `immediate`, and for ROUTER). */
  readonly attachesBeforeHandshake: boolean;
  // ---- inproc and raw sessions ----
  /** The socket's type as ZMTP names it ("PUSH", "ROUTER", …): what an inproc peer learns about it. */
  readonly socketTypeName: string;
  /** The socket's `routingId`, if set: the identity an inproc ROUTER peer knows it by. */
  readonly routingIdentity: Buffer | undefined;
  /** Whether this socket type may talk to a peer of that type (checked for inproc, where no handshake is). */
  acceptsPeer(socketTypeName: string): boolean;
  /** Raw sockets (Stream) speak no ZMTP: their connections carry bytes, one pipe per connection. */
  readonly raw: boolean;
  /** A fresh set of options (and a fresh mechanism) for one connection. */
  connectionOptions(): ConnectionOptions;
  /** Gives the socket a pipe whose peer is ready; false if the socket refuses it (e.g. duplicate identity). */
  attachPipe(pipe: Pipe): boolean;
}
