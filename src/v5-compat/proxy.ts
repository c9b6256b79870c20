import { ZmqError, type MessageLike } from "../index.js";
import type { Socket } from "./socket.js";

/**
 * v5's `zmq.proxy(frontend, backend, capture?)`: forwards messages both ways between two v5 sockets, in
 * JavaScript over their "message" events, for the orders v5 accepted: push/pull, pull/push and xpub/xsub
 * (whole messages), router/dealer and xrep/xreq (envelopes included). A capture socket gets what comes back
 * from the backend (for router/dealer without the two envelope frames), as v5 did. Any other order is EINVAL.
 * zmtp's own `Proxy` class is zeromq.js v6's steerable proxy.
 */
export function proxy(frontend: Socket, backend: Socket, capture?: Socket): void {
  const forward = (to: Socket) => (...frames: MessageLike[]) => {
    to.send(frames);
  };
  switch (`${frontend.type}/${backend.type}`) {
    case "push/pull":
    case "pull/push":
    case "xpub/xsub":
      frontend.on("message", forward(backend));
      backend.on("message", (...frames: MessageLike[]) => {
        frontend.send(frames);
        capture?.send(frames);
      });
      return;
    case "router/dealer":
    case "xrep/xreq":
      frontend.on("message", forward(backend));
      backend.on("message", (...frames: MessageLike[]) => {
        frontend.send(frames);
        capture?.send(frames.slice(2));
      });
      return;
    default:
      throw new ZmqError(
        "EINVAL",
        `proxy() cannot forward ${frontend.type} to ${backend.type}: use push/pull, pull/push, xpub/xsub, router/dealer or xrep/xreq`,
      );
  }
}
