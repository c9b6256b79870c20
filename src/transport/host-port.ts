import { ZmqError } from "../errors.js";

/** EINVAL for an endpoint that cannot be used, naming it and what is wrong. */
export function invalidEndpoint(endpoint: string, why: string): ZmqError {
  return new ZmqError("EINVAL", `Invalid endpoint ${JSON.stringify(endpoint)}: ${why}`, endpoint);
}

/** A host and a port, as an endpoint names them. */
export interface HostPort {
  /** Host name or address as written (IPv6 without brackets); "*" means every interface. */
  host: string;
  /** 0 asks for an ephemeral port (written as `0` or `*`). */
  port: number;
}

/**
 * `host:port` as libzmq reads it in tcp://, udp:// and ws:// endpoints (tcp_address.cpp, udp_address.cpp,
 * ws_address.cpp): the port after the last ':' (1–65535, or `*` / `0` for an ephemeral one), an IPv6 host
 * in brackets. `endpoint` is the whole text, for errors.
 */
export function parseHostPort(endpoint: string, text: string): HostPort {
  const colon = text.lastIndexOf(":");
  if (colon < 0) throw invalidEndpoint(endpoint, "missing port");
  let host = text.slice(0, colon);
  const portText = text.slice(colon + 1);
  if (host.startsWith("[")) {
    if (!host.endsWith("]")) throw invalidEndpoint(endpoint, "unterminated IPv6 address");
    host = host.slice(1, -1);
  } else if (host.includes(":")) {
    throw invalidEndpoint(endpoint, "IPv6 addresses must be written in brackets");
  }
  if (host.length === 0) throw invalidEndpoint(endpoint, "missing host");
  let port = 0;
  if (portText !== "*" && portText !== "0") {
    if (!/^\d{1,5}$/.test(portText)) throw invalidEndpoint(endpoint, "port must be a number or *");
    port = Number(portText);
    if (port < 1 || port > 65535) throw invalidEndpoint(endpoint, "port out of range");
  }
  return { host, port };
}

/** A host as an endpoint writes it back: an IPv6 address in brackets. */
export function bracketHost(host: string): string {
  return host.includes(":") ? `[${host}]` : host;
}
