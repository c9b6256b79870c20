import type { EngineConnection } from "../engine/engine-connection.js";
import type { Pipe, PipeOwner } from "../pipe/pipe.js";

/**
 * The session's end of a socket's pipe: it owns that end for as long as the pipe lives (a dialer keeps one
 * pipe across reconnects) and lends it to the connection serving it now, passing the pipe's events on.
 */
export class EngineSide implements PipeOwner {
  /** The connection serving the pipe now, if any. */
  connection: EngineConnection | undefined = undefined;

  constructor(
    readonly pipe: Pipe,
    /** The socket terminated the pipe (it dropped the peer: ROUTER handover, duplicate identity). */
    private readonly onDropped: () => void,
  ) {
    pipe.attach(this);
  }

  pipeReadable(): void {
    this.connection?.pipeReadable();
  }

  pipeWritable(): void {
    this.connection?.pipeWritable();
  }

  pipeTerminated(): void {
    this.onDropped();
  }

  pipeReconnected(): void {
    // Only a socket's end hears of new peers.
  }
}
