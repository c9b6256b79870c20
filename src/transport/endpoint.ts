import { ZmqError } from "../errors.js";
import { parseEpgm, refusePgm, type EpgmEndpoint } from "./epgm-endpoint.js";
import { bracketHost, invalidEndpoint as invalid, parseHostPort } from "./host-port.js";
import { parseUdp, type UdpEndpoint } from "./udp-endpoint.js";
import { parseWebSocket, type WsEndpoint } from "./websocket/ws-endpoint.js";

export type { UdpEndpoint } from "./udp-endpoint.js";
export type { EpgmEndpoint } from "./epgm-endpoint.js";
export type { WsEndpoint } from "./websocket/ws-endpoint.js";

export interface TcpEndpoint {
  transport: "tcp";
  /** Host name or address as written (IPv6 without brackets); "*" means every interface. */
  host: string;
  /** 0 asks for an ephemeral port (written as `0` or `*`). */
  port: number;
}

export interface IpcEndpoint {
  transport: "ipc";
  /** Filesystem path, `@name` for Linux's abstract namespace, or "*" for a fresh path. */
  path: string;
}

export interface InprocEndpoint {
  transport: "inproc";
  name: string;
}

export type Endpoint = TcpEndpoint | IpcEndpoint | InprocEndpoint | UdpEndpoint | WsEndpoint | EpgmEndpoint;

/** Parses `tcp://host:port`, `tcp://[v6]:port`, `ipc://path`, `inproc://name` and `udp://…` as libzmq does. */
export function parseEndpoint(endpoint: string): Endpoint {
  if (typeof endpoint !== "string") throw new ZmqError("EINVAL", "Endpoint must be a string");
  const separator = endpoint.indexOf("://");
  if (separator <= 0) throw invalid(endpoint, "expected transport://address");
  const transport = endpoint.slice(0, separator);
  const address = endpoint.slice(separator + 3);
  switch (transport) {
    case "tcp":
      return parseTcp(endpoint, address);
    case "ipc":
      if (address.length === 0) throw invalid(endpoint, "empty ipc path");
      return { transport: "ipc", path: address };
    case "inproc":
      if (address.length === 0) throw invalid(endpoint, "empty inproc name");
      return { transport: "inproc", name: address };
    case "udp":
      return parseUdp(endpoint, address);
    case "epgm":
      return parseEpgm(endpoint, address);
    case "pgm":
      return refusePgm(endpoint);
    case "ws":
    case "wss":
      return parseWebSocket(endpoint, transport, address);
    default:
      throw new ZmqError("EPROTONOSUPPORT", `Unsupported transport "${transport}" in ${JSON.stringify(endpoint)}`, endpoint);
  }
}

function parseTcp(endpoint: string, address: string): TcpEndpoint {
  // libzmq accepts an optional source address before ';' for connect; we do not support it yet.
  if (address.includes(";")) throw invalid(endpoint, "source addresses are not supported");
  const { host, port } = parseHostPort(endpoint, address);
  return { transport: "tcp", host, port };
}

/** How libzmq writes an endpoint back (IPv6 in brackets). */
export function formatTcp(host: string, port: number): string {
  return `tcp://${bracketHost(host)}:${port}`;
}
