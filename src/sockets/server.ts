import type { SocketOptions } from "../options.js";
import { RoutingIdSocket } from "./routing-id-socket.js";
import { SOCKET_TYPES } from "./socket-types.js";

/**
 * SERVER (RFC 41; libzmq src/server.cpp): talks to any number of CLIENT peers. `receive()` gives each message
 * with the routing id of the client it came from; `send(message, { routingId })` answers that client.
 */
export class Server extends RoutingIdSocket {
  constructor(options?: SocketOptions) {
    super(SOCKET_TYPES.SERVER);
    this.applyOptions(options);
  }
}
