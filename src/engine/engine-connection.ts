import type { PeerInfo, Pipe } from "../pipe/pipe.js";

/**
 * What a session sees of one connection, whatever it speaks: ZMTP (a protocol over a wire) or raw bytes
 * (RawConnection, for Stream sockets).
 */
export interface EngineConnection {
  readonly closed: boolean;
  /** Ends the connection at once; queued outbound messages stay in the pipe. Idempotent. */
  close(error: Error | undefined): void;
  /** Ends the connection once what the pipe holds is written (linger); settles when the stream is closed. */
  drainAndClose(): Promise<void>;
  /** The pipe end it serves went from empty to holding messages to send. */
  pipeReadable(): void;
  /** The socket has read its pipe down: read more from the peer. */
  pipeWritable(): void;
}

/** The session's side of a connection. */
export interface EngineHandler {
  /**
   * The peer is ready (ZMTP: handshake complete; raw: connected): the engine end of the pipe to serve, or
   * undefined to refuse the peer.
   */
  ready(connection: EngineConnection, peer: PeerInfo): Pipe | undefined;
  /** The connection is gone; `error` says why when it was not a plain close. Called once. */
  closed(connection: EngineConnection, error: Error | undefined): void;
}
