import net from "node:net";
import { afterEach } from "vitest";
import { within } from "./wait.js";

/** Dial a socket's tcp endpoint, or listen for a socket that connects, with a raw peer of kind `P`. */
export interface TcpPeers<P> {
  dial: (endpoint: string) => Promise<P>;
  listen: () => Promise<{ endpoint: string; accepted: () => Promise<P> }>;
}

/**
 * Registers an afterEach that destroys every raw connection and server the test made, and returns helpers
 * to dial or listen with peers made by `makePeer` (made as soon as the socket exists, so nothing the zmtp
 * side sends is missed). `acceptWithinMs` bounds `accepted()` (undefined: it waits as long as the test).
 */
export function useTcpPeers<P>(makePeer: (socket: net.Socket) => P, acceptWithinMs?: number): TcpPeers<P> {
  const sockets: net.Socket[] = [];
  const servers: net.Server[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.destroy();
    await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  });
  const dial = async (endpoint: string): Promise<P> => {
    const port = Number(endpoint.slice(endpoint.lastIndexOf(":") + 1));
    const socket = net.connect({ host: "127.0.0.1", port });
    sockets.push(socket);
    const peer = makePeer(socket);
    await within(
      new Promise<void>((resolve, reject) => {
        socket.once("connect", resolve);
        socket.once("error", reject);
      }),
      "raw connect",
    );
    return peer;
  };
  const listen = async (): Promise<{ endpoint: string; accepted: () => Promise<P> }> => {
    const waiting: ((peer: P) => void)[] = [];
    const ready: P[] = [];
    const server = net.createServer((socket) => {
      sockets.push(socket);
      const peer = makePeer(socket);
      const waiter = waiting.shift();
      if (waiter !== undefined) waiter(peer);
      else ready.push(peer);
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as net.AddressInfo;
    return {
      endpoint: `tcp://127.0.0.1:${port}`,
      accepted: () => {
        const peer = ready.shift();
        if (peer !== undefined) return Promise.resolve(peer);
        const next = new Promise<P>((resolve) => waiting.push(resolve));
        return acceptWithinMs === undefined ? next : within(next, "a connection from the socket", acceptWithinMs);
      },
    };
  };
  return { dial, listen };
}
