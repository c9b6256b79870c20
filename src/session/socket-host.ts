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
  /** A fresh set of options (and a fresh mechanism) for one connection. */
  connectionOptions(): ConnectionOptions;
  /** Gives the socket a pipe whose peer is ready; false if the socket refuses it (e.g. duplicate identity). */
  attachPipe(pipe: Pipe): boolean;
}
