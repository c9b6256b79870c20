import http from "node:http";
import https from "node:https";
import type { Socket } from "node:net";
import tls from "node:tls";
import { ProtocolError, ZmqError } from "../../errors.js";
import { parseEndpoint } from "../endpoint.js";
import type { Listener } from "../stream-transport.js";
import { checkUpgradeResponse, newKey } from "./http-upgrade.js";
import type { MessageStream } from "./message-stream.js";
import { WebSocketConnection } from "./ws-connection.js";
import { formatWebSocket, type WsEndpoint } from "./ws-endpoint.js";
import { findHost, startHost, stopHost, type HttpHost, type WsRoute } from "./ws-listener.js";

/** TLS for wss://, as libzmq's ZMQ_WSS_* options: PEM text. */
export interface WssOptions {
  /** ZMQ_WSS_CERT_PEM / ZMQ_WSS_KEY_PEM: a bound wss:// endpoint's certificate chain and private key. */
  certPem: string | null;
  keyPem: string | null;
  /** ZMQ_WSS_TRUST_PEM: a certificate authority to trust when connecting (a self-signed server's own). */
  trustPem: string | null;
  /** ZMQ_WSS_HOSTNAME: the name the server's certificate must carry (default: the endpoint's host). */
  hostname: string | null;
  /** ZMQ_WSS_TRUST_SYSTEM: trust the system's certificate authorities too. */
  trustSystem: boolean;
}

export interface WebSocketTransportOptions {
  /** Bind `ws://*` on IPv6 as well (ZMQ_IPV6). */
  ipv6: boolean;
  backlog: number;
  /**
   * ms the upgrade may take (ZMQ_HANDSHAKE_IVL, which libzmq's ws engine counts from the connection's
   * start): when dialing, and for the request on a server zmtp makes for a bind; 0: no limit.
   */
  handshakeInterval: number;
  /**
   * The subprotocols this socket speaks, best first (read per connection: the security options may change):
   * offered in this order when dialing; when bound, the client's first one that is among them is chosen.
   */
  subprotocols: () => readonly string[];
  wss: WssOptions;
}

/** A transport of message streams: bind and connect as tcp does, with a WebSocket on top. */
export interface MessageTransport {
  listen(endpoint: string, onStream: (stream: MessageStream) => void, onError?: (err: Error) => void): Promise<Listener>;
  dial(endpoint: string): MessageStream;
}

function wsEndpoint(endpoint: string): WsEndpoint {
  const parsed = parseEndpoint(endpoint);
  if (parsed.transport !== "ws" && parsed.transport !== "wss") throw new ZmqError("EINVAL", `Not a WebSocket endpoint: ${endpoint}`, endpoint);
  return parsed;
}

/** The server-side TLS of a wss:// bind zmtp listens for itself. */
function serverTls(wss: WssOptions, endpoint: string): tls.SecureContextOptions {
  if (wss.certPem === null || wss.keyPem === null) {
    throw new ZmqError(
      "EINVAL",
      `Binding ${endpoint} needs wssCertPem and wssKeyPem, or an https.Server listening on that port shared with attachHttpServer()`,
      endpoint,
    );
  }
  return { cert: wss.certPem, key: wss.keyPem };
}

/** The client-side TLS of a wss:// connect. */
function clientTls(wss: WssOptions, host: string): https.RequestOptions {
  const ca = wss.trustPem === null ? undefined : wss.trustSystem ? [...tls.rootCertificates, wss.trustPem] : [wss.trustPem];
  return { ...(ca === undefined ? {} : { ca }), servername: wss.hostname ?? host, rejectUnauthorized: true };
}

/**
 * ws:// and wss:// (RFC 45) on Node: a bind mounts its path on an HTTP(S) server, zmtp's own or one the user
 * shared for that port (ws-listener.ts); a connect sends the upgrade request with the subprotocols the
 * socket's mechanism speaks, checks the answer, and opens a WebSocketConnection (ws-connection.ts).
 */
export function webSocketTransport(options: WebSocketTransportOptions): MessageTransport {
  return {
    async listen(endpoint, onStream, onError): Promise<Listener> {
      const { transport, host, port, path } = wsEndpoint(endpoint);
      const secure = transport === "wss";
      const listenHost = host === "*" ? (options.ipv6 ? "::" : "0.0.0.0") : host;
      const route: WsRoute = {
        choose: (offered) => {
          const ours = options.subprotocols();
          return offered.find((token) => ours.includes(token));
        },
        accept: onStream,
        refused: (error) => onError?.(error),
      };
      let server: HttpHost | undefined = findHost(secure, listenHost, port);
      const made = server === undefined;
      if (server === undefined) {
        if (port !== 0) {
          // A server shared for this port with the other scheme cannot serve this one.
          const other = findHost(!secure, listenHost, port);
          if (other !== undefined) throw new ZmqError("EADDRINUSE", `Port ${port} serves ${secure ? "ws" : "wss"}://, not ${transport}://: ${endpoint}`, endpoint);
        }
        const listen = { host: listenHost, port, backlog: options.backlog, requestTimeout: options.handshakeInterval };
        server = await startHost(secure ? serverTls(options.wss, endpoint) : undefined, listen, listenHost, endpoint);
      }
      try {
        server.mount(path, route, endpoint);
      } catch (err) {
        if (made) await stopHost(server, listenHost);
        throw err;
      }
      const mounted = server;
      const shown = listenHost;
      return {
        endpoint: formatWebSocket(transport, shown, mounted.port, path),
        close: async () => {
          if (mounted.unmount(path) && mounted.owned) await stopHost(mounted, listenHost);
        },
      };
    },

    dial(endpoint): MessageStream {
      const { transport, host, port, path } = wsEndpoint(endpoint);
      if (port === 0) throw new ZmqError("EINVAL", `Cannot connect to a wildcard port: ${endpoint}`, endpoint);
      if (host === "*") throw new ZmqError("EINVAL", `Cannot connect to a wildcard host: ${endpoint}`, endpoint);
      const secure = transport === "wss";
      const connection = new WebSocketConnection(true);
      const key = newKey();
      const offered = [...options.subprotocols()];
      const request = (secure ? https : http).request({
        host,
        port,
        path,
        method: "GET",
        agent: false,
        headers: {
          Connection: "Upgrade",
          Upgrade: "websocket",
          "Sec-WebSocket-Key": key,
          "Sec-WebSocket-Version": "13",
          "Sec-WebSocket-Protocol": offered.join(","),
        },
        ...(secure ? clientTls(options.wss, host) : {}),
      });
      let timer: NodeJS.Timeout | undefined;
      if (options.handshakeInterval > 0) {
        timer = setTimeout(() => {
          connection.fail(new ZmqError("ETIMEDOUT", `the WebSocket upgrade took more than ${options.handshakeInterval} ms: ${endpoint}`, endpoint));
        }, options.handshakeInterval);
        timer.unref();
      }
      const refused = (why: string): ProtocolError => new ProtocolError(`WebSocket upgrade to ${endpoint} failed: ${why}`, "ERR_WS_UNSPECIFIED");
      // Unref'd (also while connecting): only pending calls and a lingering close keep the process alive.
      request.on("socket", (socket: Socket) => socket.unref());
      request.on("upgrade", (response: http.IncomingMessage, socket: Socket, head: Buffer) => {
        clearTimeout(timer);
        let protocol: string;
        try {
          protocol = checkUpgradeResponse(response.headers, key, offered);
        } catch (err) {
          socket.destroy();
          connection.fail(refused((err as Error).message));
          return;
        }
        connection.open(socket, head, protocol);
      });
      request.on("response", (response: http.IncomingMessage) => {
        clearTimeout(timer);
        response.resume();
        connection.fail(refused(`the server answered ${response.statusCode ?? 0} ${response.statusMessage ?? ""}`.trim()));
      });
      request.on("error", (err: Error) => {
        clearTimeout(timer);
        connection.fail(err);
      });
      connection.abortDial = () => {
        clearTimeout(timer);
        request.destroy();
      };
      request.end();
      return connection;
    },
  };
}
