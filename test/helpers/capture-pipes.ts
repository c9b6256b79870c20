import type { Socket } from "../../src/index.js";
import type { Pipe } from "../../src/pipe/pipe.js";

/** The one private member of SocketBase this helper reaches: every pipe end handed to the socket goes through it. */
interface AttachesPipes {
  attachPipe(pipe: Pipe): boolean;
}

/**
 * Records the pipe ends a socket accepts (the socket's ends), in order, so that a test can look at a peer's
 * queues or see a peer's connection come and go.
 *
 * `attachPipe` is private to SocketBase now: the layers below reach the socket only through the port it
 * hands the composition root, whose `attach` calls `this.attachPipe(pipe)` by property lookup at call time.
 * Overriding the property on this one instance (through a narrow cast, as nothing public exposes it) is
 * therefore seen by every session, dialer and inproc link, and touches no other socket.
 */
export function capturePipes(sock: Socket): Pipe[] {
  const pipes: Pipe[] = [];
  const target = sock as unknown as AttachesPipes;
  const original = target.attachPipe.bind(sock);
  target.attachPipe = (pipe: Pipe): boolean => {
    const ok = original(pipe);
    if (ok) pipes.push(pipe);
    return ok;
  };
  return pipes;
}
