import { isIP } from "node:net";
import { bracketHost, invalidEndpoint as invalid, parseHostPort } from "./host-port.js";

/**
 * A `udp://` endpoint as libzmq reads it (src/udp_address.cpp `resolve()`; doc/zmq_udp.txt):
 * `udp://host:port`, `udp://*:port`, `udp://[v6]:port`, and `udp://iface;group:port` for a multicast group
 * on one interface. What `host` means depends on the call: the peer (or group) a RADIO sends to, or what a
 * DISH or DGRAM listens on (an address, an interface name, `*`, or a group it joins).
 */
export interface UdpEndpoint {
  transport: "udp";
  /** The interface before `;` (a name, an address or `*`); libzmq allows it only with a multicast group. */
  iface: string | undefined;
  /** The address as written (IPv6 without brackets), `*` for every interface. */
  host: string;
  /** 0 asks for an ephemeral port (written as `0` or `*`). */
  port: number;
  /** `host` is a multicast group (224.0.0.0/4 or ff00::/8). */
  multicast: boolean;
}

/** Whether a literal address is an IPv4 (224.0.0.0/4) or IPv6 (ff00::/8) multicast group. */
export function isMulticastAddress(host: string): boolean {
  switch (isIP(host)) {
    case 4: {
      const first = Number(host.slice(0, host.indexOf(".")));
      return first >= 224 && first <= 239;
    }
    case 6:
      return /^ff/i.test(host);
    default:
      return false;
  }
}

/** Parses the part after `udp://`; `endpoint` is the whole text, for errors. */
export function parseUdp(endpoint: string, text: string): UdpEndpoint {
  // libzmq takes the last ';' (strrchr): what precedes it names the interface.
  const semicolon = text.lastIndexOf(";");
  let iface: string | undefined;
  let address = text;
  if (semicolon >= 0) {
    iface = text.slice(0, semicolon);
    if (iface.startsWith("[") && iface.endsWith("]")) iface = iface.slice(1, -1);
    if (iface.length === 0) throw invalid(endpoint, "empty interface before ';'");
    address = text.slice(semicolon + 1);
  }
  const { host, port } = parseHostPort(endpoint, address);
  const multicast = isMulticastAddress(host);
  // "If we have an interface specifier then the target address must be a multicast address" (udp_address.cpp).
  if (iface !== undefined && !multicast) throw invalid(endpoint, "an interface before ';' needs a multicast group address after it");
  if (iface !== undefined && isMulticastAddress(iface)) throw invalid(endpoint, "the interface before ';' cannot be a multicast address");
  return { transport: "udp", iface, host, port, multicast };
}

/** How zmtp writes a bound udp endpoint back: `udp://[iface;]host:port` with the real port (IPv6 in brackets). */
export function formatUdp(endpoint: Pick<UdpEndpoint, "host">, iface: string | undefined, port: number): string {
  return `udp://${iface === undefined ? "" : `${bracketHost(iface)};`}${bracketHost(endpoint.host)}:${port}`;
}
