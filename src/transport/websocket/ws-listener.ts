import http from "node:http";
import https from "node:https";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import tls from "node:tls";
import { ProtocolError, ZmqError } from "../../errors.js";
import { bindError } from "../tcp.js";
import { checkUpgradeRequest, refuseUpgrade, switchingProtocols } from "./http-upgrade.js";
import { WebSocketConnection } from "./ws-connection.js";

/** One bound path: which subprotocol it speaks to a client's offer, and where its connections go. */
export interface WsRoute {
  /** The first of the client's subprotocols (in its order) this endpoint speaks, as libzmq chooses. */
  choose(offered: readonly string[]): string | undefined;
  accept(connection: WebSocketConnection): void;
  /** An upgrade to this path was refused (bad request, no common subprotocol). */
  refused(error: Error): void;
}

type AnyServer = http.Server | https.Server;

/**
 * An HTTP(S) server that WebSocket endpoints mount on, by path: one zmtp made for a bind (and closes when its
 * last path is unbound), or one the user shares (`attachHttpServer`), which serves its own requests and is
 * never closed by zmtp. Several paths, from any sockets of the process, share one port (libzmq cannot: its
 * listener ignores the path).
 */
export class HttpHost {
  readonly routes = new Map<string, WsRoute>();
  private listening = false;

  constructor(
    readonly server: AnyServer,
    /** zmtp made it (and closes it); false for a user's server. */
    readonly owned: boolean,
  ) {}

  get secure(): boolean {
    return this.server instanceof tls.Server;
  }

  get port(): number {
    const address = this.server.address();
    return address !== null && typeof address === "object" ? address.port : 0;
  }

  /** Mounts `route` at `path`; EADDRINUSE if the path is taken. */
  mount(path: string, route: WsRoute, endpoint: string): void {
    if (this.routes.has(path)) throw new ZmqError("EADDRINUSE", `Address already in use: ${endpoint}`, endpoint);
    this.routes.set(path, route);
    if (!this.listening) {
      this.listening = true;
      this.server.on("upgrade", this.onUpgrade);
    }
  }

  /** Unmounts `path`; true when no path is left. */
  unmount(path: string): boolean {
    this.routes.delete(path);
    if (this.routes.size > 0) return false;
    this.listening = false;
    this.server.off("upgrade", this.onUpgrade);
    return true;
  }

  /**
   * The route for a request target. libzmq 4.3.5's client requests only its endpoint's last path segment
   * (ws_address.cpp `resolve`: `ws://h:1/a/b` asks for `/b`), so a target no endpoint is bound at goes to the
   * one endpoint whose path ends in that segment, if exactly one does.
   */
  private route(target: string): WsRoute | undefined {
    const path = target.split("?")[0]!;
    const exact = this.routes.get(path);
    if (exact !== undefined) return exact;
    const matches = [...this.routes.keys()].filter((p) => p.endsWith(path) && path.lastIndexOf("/") === 0);
    return matches.length === 1 ? this.routes.get(matches[0]!) : undefined;
  }

  private readonly onUpgrade = (req: http.IncomingMessage, socket: Duplex, head: Buffer): void => {
    const route = this.route(req.url ?? "/");
    if (route === undefined) {
      // Another 'upgrade' listener on a user's server (its own WebSockets) may be the one asked for.
      if (!this.owned && this.server.listenerCount("upgrade") > 1) return;
      refuseUpgrade(socket, 404, `no ZeroMQ endpoint is bound at ${req.url ?? "/"}`);
      return;
    }
    const request = checkUpgradeRequest(req.method, req.httpVersion, req.headers);
    if (!request.ok) {
      refuseUpgrade(socket, request.status, request.reason, request.extraHeaders);
      route.refused(new ProtocolError(`WebSocket upgrade refused: ${request.reason}`, "ERR_WS_UNSPECIFIED"));
      return;
    }
    const protocol = route.choose(request.offered);
    if (protocol === undefined) {
      // RFC 45 §"Handshake": no common subprotocol, BAD REQUEST.
      const reason = `none of the subprotocols ${request.offered.join(", ")} is spoken here`;
      refuseUpgrade(socket, 400, reason);
      route.refused(new ProtocolError(`WebSocket upgrade refused: ${reason}`, "ERR_WS_UNSPECIFIED"));
      return;
    }
    socket.write(switchingProtocols(request.key, protocol));
    const connection = new WebSocketConnection(false);
    // An http(s).Server's upgrade socket is its net.Socket (or tls.TLSSocket), typed as a Duplex.
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
    connection.open(socket as Socket, head, protocol);
    route.accept(connection);
  };

  close(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.server.close(() => {
        resolve();
      });
      // Plain HTTP connections (refused requests, keep-alive) do not hold the close.
      this.server.closeAllConnections();
    });
  }
}

/** Servers by `scheme|host|port` (zmtp's own) and by `scheme||port` (shared by the user). */
const hosts = new Map<string, HttpHost>();

const hostKey = (secure: boolean, host: string, port: number): string => `${secure ? "wss" : "ws"}|${host}|${port}`;

/** A server the user shared, or one zmtp made for an earlier bind of the same host and port. */
export function findHost(secure: boolean, host: string, port: number): HttpHost | undefined {
  if (port === 0) return undefined;
  return hosts.get(hostKey(secure, "", port)) ?? hosts.get(hostKey(secure, host, port));
}

/**
 * Lets ws:// (an http.Server) or wss:// (an https.Server) endpoints bound at the port `server` listens on
 * mount on it, beside the server's own requests; returns a function that ends the sharing (endpoints
 * bound already stay until unbound). The server must be listening; zmtp never closes it.
 */
export function attachHttpServer(server: AnyServer): () => void {
  const host = new HttpHost(server, false);
  const port = host.port;
  if (port === 0) throw new ZmqError("EINVAL", "attachHttpServer: the server must be listening on a port first");
  const key = hostKey(host.secure, "", port);
  if (hosts.has(key)) throw new ZmqError("EADDRINUSE", `attachHttpServer: a server is already attached for port ${port}`);
  hosts.set(key, host);
  return () => {
    if (hosts.get(key) === host) hosts.delete(key);
  };
}

/** Plain requests to a WebSocket-only port: 426, with a word on what is served here. */
function upgradeRequired(_req: http.IncomingMessage, res: http.ServerResponse): void {
  res.writeHead(426, { "Content-Type": "text/plain", Connection: "close", Upgrade: "websocket" });
  res.end("This port serves ZeroMQ over WebSocket (RFC 45): a WebSocket upgrade is required.\n");
}

/** Where and how a server of zmtp's own listens. */
export interface HostListen {
  host: string;
  /** 0: an ephemeral port. */
  port: number;
  backlog: number;
  /**
   * ms a client may take to send its whole upgrade request (the binding socket's handshakeInterval; 0: Node's
   * defaults, 60 s for the headers). libzmq's ws engine drops a connection whose handshake, HTTP upgrade
   * included, outlasts ZMQ_HANDSHAKE_IVL; a client that never finishes its request must not hold a socket
   * longer here.
   */
  requestTimeout: number;
}

/** How often Node looks for requests past their timeout: a quarter of it, between 10 ms and Node's 30 s. */
function checkingInterval(timeout: number): number {
  return Math.max(10, Math.min(30_000, Math.floor(timeout / 4)));
}

/** Starts a server of zmtp's own for `listen.host:listen.port` and registers it under `host`. */
export async function startHost(tlsOptions: tls.SecureContextOptions | undefined, listen: HostListen, host: string, endpoint: string): Promise<HttpHost> {
  const timeout = listen.requestTimeout;
  const limits: http.ServerOptions =
    timeout > 0 ? { headersTimeout: timeout, requestTimeout: timeout, connectionsCheckingInterval: checkingInterval(timeout) } : {};
  const server: AnyServer =
    tlsOptions === undefined ? http.createServer(limits, upgradeRequired) : https.createServer({ ...tlsOptions, ...limits }, upgradeRequired);
  await new Promise<void>((resolve, reject) => {
    server.once("error", (err: NodeJS.ErrnoException) => {
      reject(bindError(err, endpoint));
    });
    server.listen({ host: listen.host, port: listen.port, backlog: listen.backlog, ipv6Only: false }, () => {
      resolve();
    });
  });
  // Errors after listening (EMFILE on accept, a TLS client's bad hello) never end the server.
  server.on("error", () => undefined);
  server.on("clientError", (_err, socket: Duplex) => {
    socket.destroy();
  });
  // An open socket never keeps the process alive (keep-alive.ts).
  server.unref();
  const made = new HttpHost(server, true);
  hosts.set(hostKey(made.secure, host, made.port), made);
  return made;
}

/** Forgets a server of zmtp's own once its last path is gone, and closes it. */
export async function stopHost(made: HttpHost, host: string): Promise<void> {
  const key = hostKey(made.secure, host, made.port);
  if (hosts.get(key) === made) hosts.delete(key);
  await made.close();
}
