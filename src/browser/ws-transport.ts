import { ZmqError } from "../errors.js";
import { parseEndpoint } from "../transport/endpoint.js";
import type * as NodeWebSocket from "../transport/websocket/ws-transport.js";
import { PageWebSocket } from "./page-websocket.js";

/** A subprotocol a browser lets a page offer: an RFC 2616 token (so not RFC 45's `ZWS2.0/NULL`). */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * ws:// and wss:// in zmtp's browser build, in place of transport/websocket/ws-transport.ts: connect only,
 * over the page's own WebSocket (PageWebSocket). A page cannot listen, so bind is EPROTONOSUPPORT.
 */
export const webSocketTransport: typeof NodeWebSocket.webSocketTransport = (options) => ({
  listen: (endpoint) =>
    Promise.reject(new ZmqError("EPROTONOSUPPORT", `A page cannot accept connections: bind ${endpoint} in Node.js and connect to it from the page`, endpoint)),

  dial: (endpoint) => {
    const parsed = parseEndpoint(endpoint);
    if (parsed.transport !== "ws" && parsed.transport !== "wss") throw new ZmqError("EINVAL", `Not a WebSocket endpoint: ${endpoint}`, endpoint);
    if (parsed.port === 0) throw new ZmqError("EINVAL", `Cannot connect to a wildcard port: ${endpoint}`, endpoint);
    if (parsed.host === "*") throw new ZmqError("EINVAL", `Cannot connect to a wildcard host: ${endpoint}`, endpoint);
    const offered = options.subprotocols().filter((protocol) => TOKEN.test(protocol));
    if (offered.length === 0) {
      throw new ZmqError("EPROTONOSUPPORT", `No subprotocol for this socket's mechanism can be offered from a page: ${endpoint}`, endpoint);
    }
    const host = parsed.host.includes(":") ? `[${parsed.host}]` : parsed.host;
    return new PageWebSocket(`${parsed.transport}://${host}:${parsed.port}${parsed.path}`, offered, options.handshakeInterval);
  },
});
