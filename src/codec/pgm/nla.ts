import { AFI_IP, AFI_IP6 } from "./constants.js";

/**
 * Network-layer addresses as PGM bodies carry them (pgm/sockaddr.c `pgm_sockaddr_to_nla`): AFI (uint16),
 * reserved (uint16, 0), then 4 (IPv4) or 16 (IPv6) octets. Here an NLA is its text: dotted IPv4, or eight
 * lower-case hexadecimal groups for IPv6 (uncompressed, so that two equal addresses have equal text).
 */

/** Octets an NLA of this AFI takes, header included; 0 for an unknown AFI. */
export function nlaSize(afi: number): number {
  if (afi === AFI_IP) return 8;
  if (afi === AFI_IP6) return 20;
  return 0;
}

/** The NLA at `at` as text, or undefined if its AFI is unknown or it runs past `end`. */
export function readNla(bytes: Uint8Array, at: number, end: number): string | undefined {
  if (at + 4 > end) return undefined;
  const afi = (bytes[at]! << 8) | bytes[at + 1]!;
  const size = nlaSize(afi);
  if (size === 0 || at + size > end) return undefined;
  if (afi === AFI_IP) return `${bytes[at + 4]!}.${bytes[at + 5]!}.${bytes[at + 6]!}.${bytes[at + 7]!}`;
  const groups: string[] = [];
  for (let i = at + 4; i < at + 20; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return groups.join(":");
}

/** The four octets of a dotted IPv4 address, or undefined if `text` is not one. */
export function ipv4Octets(text: string): number[] | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  const octets: number[] = [];
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const value = Number(part);
    if (value > 255) return undefined;
    octets.push(value);
  }
  return octets;
}

/** Writes an IPv4 NLA at `at` (8 octets); throws RangeError for anything but a dotted IPv4 address. */
export function writeIpv4Nla(bytes: Uint8Array, at: number, address: string): void {
  const octets = ipv4Octets(address);
  if (octets === undefined) throw new RangeError(`not an IPv4 address: ${address}`);
  bytes[at] = 0;
  bytes[at + 1] = AFI_IP;
  bytes[at + 2] = 0;
  bytes[at + 3] = 0;
  bytes.set(octets, at + 4);
}
