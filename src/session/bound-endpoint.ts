import type { EngineConnection } from "../engine/engine-connection.js";
import type { Listener, TransportStream } from "../transport/stream-transport.js";
import { EngineSide } from "./engine-side.js";
import type { LingerBacklog, LingeringEndpoint } from "./linger-watch.js";
import { socketPipe, type SocketHost } from "./socket-host.js";
import { lingerClose, reportClosed } from "./stream-session.js";
import { peerDetails } from "./peer-details.js";

/**
 * The binding side of an endpoint: every accepted stream gets a connection, and a new pipe once its peer
 * has completed the handshake. When that peer goes, its pipe and whatever was queued for it go too
 * (shared/conformance.md: the binding side discards a disconnected peer's queue).
 */
export class BoundEndpoint implements LingeringEndpoint {
  private listener: Listener | undefined = undefined;
  /** Each connection, and the session's end of its pipe once the handshake is done. */
  private readonly connections = new Map<EngineConnection, EngineSide | undefined>();
  private closing = false;

  constructor(private readonly host: SocketHost) {}

  get endpoint(): string {
    return this.listener?.endpoint ?? "";
  }

  setListener(listener: Listener): void {
    this.listener = listener;
  }

  /** Called by the transport for each accepted stream. */
  readonly accept = (stream: TransportStream): void => {
    if (this.closing) {
      stream.destroy();
      return;
    }
    const host = this.host;
    const address = this.endpoint;
    host.events.emit({ type: "accept", address });
    const connection = host.startConnection(stream, {
      ready: (conn, peer) => {
        const [socketEnd, engineEnd] = socketPipe(host);
        socketEnd.peer = peer;
        host.events.emit({ type: "handshake", address, peer: peerDetails(peer) });
        if (!host.attachPipe(socketEnd)) return undefined;
        // The socket dropping the pipe (ROUTER handover) ends the connection, so the peer learns of it.
        const side = new EngineSide(engineEnd, () => {
          conn.close(undefined);
        });
        side.connection = conn;
        this.connections.set(conn, side);
        return engineEnd;
      },
      closed: (conn, error) => {
        const side = this.connections.get(conn);
        this.connections.delete(conn);
        reportClosed(host.events, address, error, side !== undefined);
        if (side !== undefined) {
          side.connection = undefined;
          side.pipe.discardUnread();
          side.pipe.terminate();
        }
      },
    }, { endpoint: address, dialed: false });
    // Connections report ready and closed only after I/O, so the entry is made before either.
    this.connections.set(connection, undefined);
  };

  /** While closing: what the connections still draining under linger have queued. */
  backlog(): LingerBacklog | undefined {
    if (!this.closing || this.connections.size === 0) return undefined;
    let queued = 0;
    for (const side of this.connections.values()) queued += side?.pipe.readableSize ?? 0;
    return { endpoint: this.endpoint, queued };
  }

  /** Stops listening and ends every connection (after linger). */
  async close(linger: number): Promise<void> {
    this.closing = true;
    const listener = this.listener;
    const done: Promise<void>[] = [];
    if (listener !== undefined) {
      done.push(
        listener.close().then(() => {
          this.host.events.emit({ type: "close", address: listener.endpoint });
        }),
      );
    }
    for (const [connection, side] of [...this.connections]) {
      // As libzmq: the socket stops routing to these peers at once; linger covers only what is queued.
      side?.pipe.terminate();
      done.push(lingerClose(connection, linger));
    }
    await Promise.all(done);
  }
}
