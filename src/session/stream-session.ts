import type { Duplex } from "node:stream";
import { Connection, type ConnectionHandler } from "../engine/connection.js";
import type { SocketHost } from "./socket-host.js";

/**
 * Linger (ZMQ_LINGER): after close, give a connection up to `linger` ms (-1: as long as it takes) to write
 * what its pipe still holds, then end it.
 */
export async function lingerClose(connection: Connection, linger: number): Promise<void> {
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

/** Runs ZMTP over a freshly connected or accepted stream. */
export function startConnection(stream: Duplex, host: SocketHost, handler: ConnectionHandler): Connection {
  return new Connection(stream, host.connectionOptions(), handler);
}
