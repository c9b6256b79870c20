import { afterEach } from "vitest";

/** A socket of either implementation (zmtp's or libzmq's through zeromq.js): what teardown needs of it. */
export interface Closable {
  linger: number;
  close(): unknown;
}

export interface Teardown {
  /** Closes `socket` (linger 0) after the test; returns it. */
  track: <S extends Closable>(socket: S) => S;
  /** Runs `cleanup` after the test, once the sockets are closed (servers to close, handlers to detach). */
  defer: (cleanup: () => Promise<void> | void) => void;
}

/**
 * Registers one afterEach that first closes (linger 0, without waiting) the sockets given to `track`, then
 * runs the cleanups given to `defer` in order: the sockets go first, so that a server's close never waits on
 * a connection they still hold. For zmtp-only tests that want each close awaited, see socket-tracker.ts.
 */
export function useTeardown(): Teardown {
  const open: Closable[] = [];
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const socket of open.splice(0)) {
      socket.linger = 0;
      socket.close();
    }
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  return {
    track: (socket) => {
      open.push(socket);
      return socket;
    },
    defer: (cleanup) => {
      cleanups.push(cleanup);
    },
  };
}
