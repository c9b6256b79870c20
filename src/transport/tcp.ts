import net from "node:net";
import type { Duplex } from "node:stream";
import { addressAllowed, type AddressMask } from "../address-mask.js";
import { ZmqError } from "../errors.js";
import { formatTcp, parseEndpoint, type TcpEndpoint } from "./endpoint.js";
import { ReadRelay } from "./read-relay.js";
import type { Listener, StreamTransport } from "./stream-transport.js";

export interface TcpOptions {
  /** Bind `*` to IPv6 too (and allow IPv6 hosts), as ZMQ_IPV6. */
  ipv6: boolean;
  backlog: number;
  /** ZMQ_TCP_KEEPALIVE: -1 leaves the system's default, 0 turns keepalive off, 1 on. */
  keepalive: number;
  /** ZMQ_TCP_KEEPALIVE_IDLE in seconds (-1: the system's default), with keepalive on. */
  keepaliveIdle: number;
  /** ZMQ_TCP_ACCEPT_FILTER as it was at bind: accepted connections must come from one of these (none: any). */
  acceptFilter: readonly AddressMask[];
}

/** Applies ZMQ_TCP_KEEPALIVE(_IDLE) to a connection (Node sets SO_KEEPALIVE and TCP_KEEPIDLE). */
function applyKeepalive(socket: net.Socket, options: TcpOptions): void {
  if (options.keepalive < 0) return;
  const idleMs = options.keepalive === 1 && options.keepaliveIdle > 0 ? options.keepaliveIdle * 1000 : 0;
  socket.setKeepAlive(options.keepalive === 1, idleMs);
}

function tcpEndpoint(endpoint: string): TcpEndpoint {
  const parsed = parseEndpoint(endpoint);
  if (parsed.transport !== "tcp") throw new ZmqError("EINVAL", `Not a tcp endpoint: ${endpoint}`, endpoint);
  return parsed;
}

/** Turns a listen failure into the zeromq.js error codes (EADDRINUSE, EADDRNOTAVAIL, …). */
export function bindError(err: NodeJS.ErrnoException, endpoint: string): ZmqError {
  switch (err.code) {
    case "EADDRINUSE":
      return new ZmqError("EADDRINUSE", `Address already in use: ${endpoint}`, endpoint);
    case "EADDRNOTAVAIL":
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return new ZmqError("EADDRNOTAVAIL", `Cannot assign requested address: ${endpoint}`, endpoint);
    case "EACCES":
      return new ZmqError("EINVAL", `Permission denied: ${endpoint}`, endpoint);
    default:
      return new ZmqError("EINVAL", `Cannot bind ${endpoint}: ${err.message}`, endpoint);
  }
}

export function tcpTransport(options: TcpOptions): StreamTransport {
  return {
    async listen(endpoint: string, onStream: (stream: Duplex) => void, onError?: (err: Error) => void): Promise<Listener> {
      const { host, port } = tcpEndpoint(endpoint);
      const wildcard = host === "*";
      const listenHost = wildcard ? (options.ipv6 ? "::" : "0.0.0.0") : host;
      const filter = options.acceptFilter;
      const server = net.createServer({ noDelay: true }, (socket) => {
        if (!addressAllowed(filter, socket.remoteAddress)) {
          // libzmq closes a filtered connection at once and reports a failed accept (tcp_listener.cpp).
          socket.destroy();
          onError?.(new ZmqError("EACCES", `Connection from ${socket.remoteAddress ?? "an unknown address"} refused by tcpAcceptFilter`, endpoint));
          return;
        }
        socket.setNoDelay(true);
        applyKeepalive(socket, options);
        socket.unref();
        onStream(socket);
      });
      await new Promise<void>((resolve, reject) => {
        server.once("error", (err: NodeJS.ErrnoException) => {
          reject(bindError(err, endpoint));
        });
        server.listen({ host: listenHost, port, backlog: options.backlog, ipv6Only: false }, () => {
          resolve();
        });
      });
      server.on("error", (err: Error) => {
        // After listening, accept errors (EMFILE…) must not crash the process; the listener stays.
        onError?.(err);
      });
      // An open socket never keeps the process alive: neither its listener nor its connections do.
      server.unref();
      const address = server.address() as net.AddressInfo;
      const shown = wildcard ? (options.ipv6 ? "::" : "0.0.0.0") : address.address;
      return {
        endpoint: formatTcp(shown, address.port),
        close: () =>
          new Promise<void>((resolve) => {
            server.close(() => {
              resolve();
            });
          }),
      };
    },

    dial(endpoint: string): Duplex {
      const { host, port } = tcpEndpoint(endpoint);
      if (port === 0) throw new ZmqError("EINVAL", `Cannot connect to a wildcard port: ${endpoint}`, endpoint);
      if (host === "*") throw new ZmqError("EINVAL", `Cannot connect to a wildcard host: ${endpoint}`, endpoint);
      // Unref'd (also while connecting): only pending calls and a lingering close keep the process alive.
      // Reads relayed: a large frame's body is read straight into its own buffer (read-relay.ts).
      const socket = ReadRelay.connect({ host, port, noDelay: true });
      applyKeepalive(socket, options);
      socket.unref();
      return socket;
    },
  };
}
