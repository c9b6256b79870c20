import type { PeerInfo, Pipe } from "../pipe/pipe.js";

/**
 * What a session sees of one connection, whatever it speaks: ZMTP (Connection) or raw bytes
 * (RawConnection, for Stream sockets).
 */
export interface EngineConnection {
  readonly closed: boolean;
  /** Ends the connection at once; queued outbound messages stay in the pipe. Idempotent. */
  close(error: Error | undefined): void;
  /** Ends the connection once what the pipe holds is written (linger); settles when the stream is closed. */
  drainAndClose(): Promise<void>;
}

/** The session's side of a connection. */
export interface EngineHandler {
  /** The peer is ready (ZMTP: handshake complete; raw: connected): the pipe to serve, or undefined to refuse. */
  ready(connection: EngineConnection, peer: PeerInfo): Pipe | undefined;
  /** The connection is gone; `error` says why when it was not a plain close. Called once. */
  closed(connection: EngineConnection, error: Error | undefined): void;
}
