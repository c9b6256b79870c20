import type { Socket } from "../../src/index.js";
import type { Pipe } from "../../src/pipe/pipe.js";

/**
 * Records the pipes a socket accepts, in order, so that a test can look at a peer's queues or see a peer's
 * connection come and go. Wraps the socket's `attachPipe` (what every session calls).
 */
export function capturePipes(sock: Socket): Pipe[] {
  const pipes: Pipe[] = [];
  const original = sock.attachPipe.bind(sock);
  sock.attachPipe = (pipe: Pipe): boolean => {
    const ok = original(pipe);
    if (ok) pipes.push(pipe);
    return ok;
  };
  return pipes;
}
