import { afterEach } from "vitest";
import type { Socket } from "../../src/index.js";

/**
 * Registers an afterEach that closes (linger 0) every socket the test passed to the returned `track`, so
 * no test leaves a socket open and the run never hangs.
 */
export function socketTracker(): <T extends Socket>(socket: T) => T {
  const open: Socket[] = [];
  afterEach(async () => {
    const sockets = open.splice(0);
    for (const s of sockets) s.linger = 0;
    await Promise.all(sockets.map((s) => s.closeAndWait()));
  });
  return (socket) => {
    open.push(socket);
    return socket;
  };
}
