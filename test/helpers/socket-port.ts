import type { Socket } from "../../src/index.js";
import { securityValues } from "../../src/sockets/security-options.js";
import type { SocketPort } from "../../src/sockets/socket-context.js";
import { SOCKET_TYPES } from "../../src/sockets/socket-types.js";

/**
 * The socket as its sessions see it (a SocketPort over its own option values, type and security options),
 * minus the socket's side of the pipes: the connection's pipe stays with the test.
 */
export function portOf(socket: Socket): SocketPort {
  const type = Object.values(SOCKET_TYPES).find((t) => t.number === socket.type);
  if (type === undefined) throw new Error(`unknown socket type ${socket.type}`);
  return { type, options: socket, attach: () => true, events: { emit: () => undefined }, security: () => securityValues(socket) };
}
