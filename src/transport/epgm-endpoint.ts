import { isIPv4 } from "node:net";
import { ZmqError } from "../errors.js";

/**
 * An `epgm://` endpoint as libzmq reads it (src/pgm_socket.cpp `init_address`; doc/zmq_pgm.txt):
 * `epgm://<interface>;<multicast group>:<port>`, e.g. `epgm://eth0;239.192.1.1:5555` or
 * `epgm://192.168.1.1;239.192.1.1:5555`. The port comes after the last `:`. zmtp takes the common form of
 * OpenPGM's network string: one interface (a name, an IPv4 address, or nothing for the default one) and one
 * IPv4 group; OpenPGM's lists of receive groups and IPv6 are refused (EINVAL), never half-read.
 */
export interface EpgmEndpoint {
  transport: "epgm";
  /** As written: an interface name, an IPv4 address, or "" for the default interface. */
  iface: string;
  /** The IPv4 multicast group. */
  group: string;
  /** The UDP port of data and NAKs, and PGM's data-destination port. */
  port: number;
}

function invalid(endpoint: string, why: string): ZmqError {
  return new ZmqError("EINVAL", `Invalid endpoint ${JSON.stringify(endpoint)}: ${why}`, endpoint);
}

/** Whether `address` is an IPv4 multicast group (224.0.0.0/4). */
export function isIpv4Multicast(address: string): boolean {
  if (!isIPv4(address)) return false;
  const first = Number(address.slice(0, address.indexOf(".")));
  return first >= 224 && first <= 239;
}

/** Parses the part after `epgm://`; `endpoint` is the whole text, for errors. */
export function parseEpgm(endpoint: string, text: string): EpgmEndpoint {
  const colon = text.lastIndexOf(":");
  if (colon < 0) throw invalid(endpoint, "missing port (epgm://interface;group:port)");
  const network = text.slice(0, colon);
  const portText = text.slice(colon + 1);
  // libzmq's buffer for the network string holds 255 characters.
  if (network.length > 255) throw invalid(endpoint, "the network string is longer than 255 characters");
  if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) {
    throw invalid(endpoint, "the port must be a number from 1 to 65535");
  }
  if (network.includes("[") || network.includes("::")) throw invalid(endpoint, "IPv6 epgm is not supported (IPv4 groups only)");
  const parts = network.split(";");
  if (parts.length !== 2) {
    throw invalid(endpoint, "expected one interface and one group: epgm://interface;group:port (OpenPGM's group lists are not supported)");
  }
  const [iface, group] = parts as [string, string];
  if (group.includes(",")) throw invalid(endpoint, "one multicast group only");
  if (!isIpv4Multicast(group)) throw invalid(endpoint, `${JSON.stringify(group)} is not an IPv4 multicast group (224.0.0.0 to 239.255.255.255)`);
  if (isIpv4Multicast(iface)) throw invalid(endpoint, "the interface comes first, then the group: epgm://interface;group:port");
  return { transport: "epgm", iface, group, port: Number(portText) };
}

/** `pgm://`: PGM straight on IP needs raw sockets (IP protocol 113), which Node.js does not have. */
export function refusePgm(endpoint: string): never {
  throw new ZmqError(
    "EPROTONOSUPPORT",
    `pgm:// needs raw IP sockets (PGM is IP protocol 113), which Node.js does not offer; use epgm:// (PGM encapsulated in UDP, which libzmq speaks too), e.g. epgm://eth0;239.192.1.1:5555 (${endpoint})`,
    endpoint,
  );
}
