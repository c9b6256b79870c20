import { isIP } from "node:net";

/**
 * The address frame of a DGRAM message (libzmq src/udp_engine.cpp `sockaddr_to_msg()` and
 * `resolve_raw_address()`; wire-reference §3.4).
 *
 * Received: libzmq gives `"a.b.c.d:port"` followed by a NUL octet, and so does zmtp, so that code written
 * for zeromq.js (which hands out libzmq's bytes) sees the same frame, and an address echoed back works on
 * either library. Sent: `"a.b.c.d:port"`, with or without that trailing NUL. libzmq takes IPv4 literals only;
 * zmtp also takes `"[v6]:port"` (and gives it, for a DGRAM bound to an IPv6 address).
 */
export interface DgramAddress {
  readonly address: string;
  readonly port: number;
  readonly family: 4 | 6;
}

/**
 * The frame for a datagram's sender: `"ip:port\0"` (IPv6 in brackets). An IPv4 peer of a dual-stack socket
 * (`::ffff:a.b.c.d`) is written as IPv4, as libzmq would, and is reached again through that form.
 */
export function formatDgramAddress(address: string, port: number): Buffer {
  const unmapped = address.startsWith("::ffff:") && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
  const host = unmapped.includes(":") ? `[${unmapped}]` : unmapped;
  return Buffer.from(`${host}:${port}\0`, "latin1");
}

/** The destination an address frame names, or undefined if it names none (libzmq drops such messages). */
export function parseDgramAddress(frame: Uint8Array): DgramAddress | undefined {
  // The longest valid frame: "[" + 45-character IPv6 + "]:" + 5 digits + NUL.
  if (frame.length === 0 || frame.length > 54) return undefined;
  let text = Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength).toString("latin1");
  if (text.endsWith("\0")) text = text.slice(0, -1);
  const colon = text.lastIndexOf(":");
  if (colon <= 0) return undefined;
  let host = text.slice(0, colon);
  const portText = text.slice(colon + 1);
  if (!/^\d{1,5}$/.test(portText)) return undefined;
  const port = Number(portText);
  // "0 is not a valid port" (udp_engine.cpp).
  if (port < 1 || port > 65535) return undefined;
  if (host.startsWith("[") && host.endsWith("]")) {
    host = host.slice(1, -1);
    return isIP(host) === 6 ? { address: host, port, family: 6 } : undefined;
  }
  return isIP(host) === 4 ? { address: host, port, family: 4 } : undefined;
}
