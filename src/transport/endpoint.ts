import { ZmqError } from "../errors.js";

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

export type Endpoint = TcpEndpoint | IpcEndpoint | InprocEndpoint;

function invalid(endpoint: string, why: string): ZmqError {
  return new ZmqError("EINVAL", `Invalid endpoint ${JSON.stringify(endpoint)}: ${why}`, endpoint);
}

/** Parses `tcp://host:port`, `tcp://[v6]:port`, `ipc://path` and `inproc://name` as libzmq does. */
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
    default:
      throw new ZmqError("EPROTONOSUPPORT", `Unsupported transport "${transport}" in ${JSON.stringify(endpoint)}`, endpoint);
  }
}

function parseTcp(endpoint: string, address: string): TcpEndpoint {
  // libzmq accepts an optional source address before ';' for connect; we do not support it yet.
  if (address.includes(";")) throw invalid(endpoint, "source addresses are not supported");
  const colon = address.lastIndexOf(":");
  if (colon < 0) throw invalid(endpoint, "missing port");
  let host = address.slice(0, colon);
  const portText = address.slice(colon + 1);
  if (host.startsWith("[")) {
    if (!host.endsWith("]")) throw invalid(endpoint, "unterminated IPv6 address");
    host = host.slice(1, -1);
  } else if (host.includes(":")) {
    throw invalid(endpoint, "IPv6 addresses must be written in brackets");
  }
  if (host.length === 0) throw invalid(endpoint, "missing host");
  let port: number;
  if (portText === "*" || portText === "0") {
    port = 0;
  } else {
    if (!/^\d{1,5}$/.test(portText)) throw invalid(endpoint, "port must be a number or *");
    port = Number(portText);
    if (port < 1 || port > 65535) throw invalid(endpoint, "port out of range");
  }
  return { transport: "tcp", host, port };
}

/** How libzmq writes an endpoint back (IPv6 in brackets). */
export function formatTcp(host: string, port: number): string {
  return host.includes(":") ? `tcp://[${host}]:${port}` : `tcp://${host}:${port}`;
}
