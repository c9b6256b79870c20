import { EndpointManager } from "../session/endpoint-manager.js";
import { setDefaultContext, type SocketContext, type SocketEndpoints, type SocketPort } from "../sockets/socket-context.js";
import { PortHost } from "./port-host.js";

/**
 * The composition root: the one place that knows every layer. A socket hands it a port; it gives the socket
 * endpoints (sessions over transports, engines with the socket's mechanism). Socket types stay ignorant of
 * all of it. zeromq.js's Context (options shared by its sockets) will grow from here.
 */
export class RootContext implements SocketContext {
  open(socket: SocketPort): SocketEndpoints {
    return new EndpointManager(new PortHost(socket));
  }
}

/** The context of every socket made without one (zeromq.js's default `context`). */
export const defaultContext = new RootContext();
setDefaultContext(defaultContext);
