import dgram from "node:dgram";

/**
 * A udp port on 127.0.0.1 that was free a moment ago: for a libzmq socket to bind, since libzmq does not
 * report the port of a `udp://…:*` bind (its last endpoint is the address as written). The kernel hands out
 * ephemeral ports in turn, so the port is not given again at once.
 */
export async function freeUdpPort(): Promise<number> {
  const socket = dgram.createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(resolve));
  return port;
}
