import type { Duplex } from "node:stream";
import type { EngineConnection } from "../engine/engine-connection.js";
import { Pipe } from "../pipe/pipe.js";
import type { Listener } from "../transport/stream-transport.js";
import type { SocketHost } from "./socket-host.js";
import { lingerClose, startConnection } from "./stream-session.js";

/**
 * The binding side of an endpoint: every accepted stream gets a connection, and a new pipe once its peer
 * has completed the handshake. When that peer goes, its pipe and whatever was queued for it go too
 * (shared/conformance.md: the binding side discards a disconnected peer's queue).
 */
export class BoundEndpoint {
  private listener: Listener | undefined = undefined;
  private readonly connections = new Map<EngineConnection, Pipe | undefined>();
  private closing = false;

  constructor(private readonly host: SocketHost) {}

  get endpoint(): string {
    return this.listener?.endpoint ?? "";
  }

  setListener(listener: Listener): void {
    this.listener = listener;
  }

  /** Called by the transport for each accepted stream. */
  readonly accept = (stream: Duplex): void => {
    if (this.closing) {
      stream.destroy();
      return;
    }
    const connection = startConnection(stream, this.host, {
      ready: (conn, peer) => {
        const pipe = Pipe.create(this.host.sendHighWaterMark, this.host.receiveHighWaterMark, this.host.conflate);
        pipe.peer = peer;
        pipe.onEvicted = () => {
          conn.close(undefined);
        };
        if (!this.host.attachPipe(pipe)) return undefined;
        this.connections.set(conn, pipe);
        return pipe;
      },
      closed: (conn) => {
        const pipe = this.connections.get(conn);
        this.connections.delete(conn);
        if (pipe !== undefined) {
          pipe.outbound.clear();
          pipe.terminate();
        }
      },
    });
    this.connections.set(connection, undefined);
  };

  /** Stops listening and ends every connection (after linger). */
  async close(linger: number): Promise<void> {
    this.closing = true;
    const listener = this.listener;
    const done: Promise<void>[] = [];
    if (listener !== undefined) done.push(listener.close());
    for (const [connection, pipe] of [...this.connections]) {
      // As libzmq: the socket stops routing to these peers at once; linger covers only what is queued.
      pipe?.terminate();
      done.push(lingerClose(connection, linger));
    }
    await Promise.all(done);
  }
}
