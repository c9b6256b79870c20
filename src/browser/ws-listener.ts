import { ZmqError } from "../errors.js";
import type * as NodeListener from "../transport/websocket/ws-listener.js";

/** In zmtp's browser build, in place of transport/websocket/ws-listener.ts: a page has no http.Server. */
export const attachHttpServer: typeof NodeListener.attachHttpServer = () => {
  throw new ZmqError("EPROTONOSUPPORT", "attachHttpServer: a page has no http.Server; bind ws:// endpoints in Node.js");
};
