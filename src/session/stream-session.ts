import type { Duplex } from "node:stream";
import { Connection } from "../engine/connection.js";
import type { EngineConnection, EngineHandler } from "../engine/engine-connection.js";
import { RawConnection } from "../engine/raw-connection.js";
import type { SocketHost } from "./socket-host.js";

/**
 * Linger (ZMQ_LINGER): after close, give a connection up to `linger` ms (-1: as long as it takes) to write
 * what its pipe still holds, then end it.
 */
export async function lingerClose(connection: EngineConnection, linger: number): Promise<void> {
  if (linger === 0) {
    connection.close(undefined);
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  const drained = connection.drainAndClose();
  if (linger > 0) {
    await Promise.race([drained, new Promise((resolve) => (timer = setTimeout(resolve, linger)))]);
    clearTimeout(timer);
  } else {
    await drained;
  }
  connection.close(undefined);
}

/** Runs ZMTP over a freshly connected or accepted stream, or raw bytes for a raw (Stream) socket. */
export function startConnection(stream: Duplex, host: SocketHost, handler: EngineHandler): EngineConnection {
  if (host.raw) return new RawConnection(stream, handler);
  return new Connection(stream, host.connectionOptions(), handler);
}
