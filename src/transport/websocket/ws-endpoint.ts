import { bracketHost, invalidEndpoint as invalid, parseHostPort } from "../host-port.js";

/** `ws://host:port/path` or `wss://host:port/path` (RFC 45; libzmq's ws_address.cpp). */
export interface WsEndpoint {
  transport: "ws" | "wss";
  /** Host name or address as written (IPv6 without brackets); "*" means every interface (bind only). */
  host: string;
  /** 0 asks for an ephemeral port (written as `0` or `*`). */
  port: number;
  /** The HTTP request target, "/" when the endpoint has none. */
  path: string;
}

/**
 * Parses the part after `ws://` or `wss://`: `host:port` then an optional path. Unlike libzmq, which keeps
 * only the last path segment (`ws://h:1/a/b` requests `/b`; ws_address.cpp `resolve`), the whole path is the
 * request target, as RFC 45 asks ("as set by the user"); a zmtp server also routes a libzmq client's
 * last-segment request (ws-listener.ts). The path goes into an HTTP request line: visible ASCII only.
 */
export function parseWebSocket(endpoint: string, transport: "ws" | "wss", address: string): WsEndpoint {
  const slash = address.indexOf("/", address.startsWith("[") ? address.indexOf("]") : 0);
  const authority = slash < 0 ? address : address.slice(0, slash);
  const path = slash < 0 ? "/" : address.slice(slash);
  if (!/^\/[\x21-\x7e]*$/.test(path)) throw invalid(endpoint, "the path must be visible ASCII characters");
  const { host, port } = parseHostPort(endpoint, authority);
  return { transport, host, port, path };
}

/** How an endpoint is written back (IPv6 in brackets), e.g. a bound endpoint with its ephemeral port. */
export function formatWebSocket(transport: "ws" | "wss", host: string, port: number, path: string): string {
  return `${transport}://${bracketHost(host)}:${port}${path}`;
}
