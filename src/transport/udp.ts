import dgram from "node:dgram";
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import os from "node:os";
import { ZmqError } from "../errors.js";
import { bindError } from "./tcp.js";
import { formatUdp, type UdpEndpoint } from "./udp-endpoint.js";

/** The socket options a udp endpoint reads when it opens (libzmq src/udp_engine.cpp `plug()`). */
export interface UdpOptions {
  /** ZMQ_IPV6: `*` binds `::`, and names may resolve to IPv6 addresses. */
  ipv6: boolean;
  /** ZMQ_MULTICAST_HOPS: the TTL of multicast datagrams sent (libzmq sets it when > 0). */
  multicastHops: number;
  /** ZMQ_MULTICAST_LOOP: whether multicast datagrams sent also reach receivers on this host. */
  multicastLoop: boolean;
}

/** Called for every datagram received, with its sender. */
export type DatagramReceiver = (datagram: Buffer, address: string, port: number) => void;

/**
 * One open udp socket (node:dgram), unref'd: datagrams in go to the receiver set, datagrams out are gathered
 * from chunks without copying. It knows nothing of what the datagrams carry.
 */
export class UdpSocket {
  private receiver: DatagramReceiver | undefined = undefined;
  private closing: Promise<void> | undefined = undefined;
  private readonly onMessage = (datagram: Buffer, info: dgram.RemoteInfo): void => {
    this.receiver?.(datagram, info.address, info.port);
  };
  /** After it is open a socket's errors (a failed send is reported to its callback) must never crash. */
  private readonly onError = (): void => undefined;

  constructor(
    private readonly socket: dgram.Socket,
    /** 4 or 6. */
    readonly family: 4 | 6,
    /** How the endpoint is written back (real port). */
    readonly endpoint: string,
  ) {
    socket.on("message", this.onMessage);
    socket.on("error", this.onError);
    socket.unref();
  }

  setReceiver(receiver: DatagramReceiver): void {
    this.receiver = receiver;
  }

  /** Sends one datagram made of `chunks` to `address` (a literal) and `port`; `sent` hears the outcome, later. */
  send(chunks: readonly Uint8Array[], port: number, address: string, sent: (error: Error | null) => void): void {
    try {
      this.socket.send(chunks, port, address, sent);
    } catch (err) {
      // node:dgram throws at once for a socket already closed: report it as a failed send, as promised.
      queueMicrotask(() => {
        sent(err as Error);
      });
    }
  }

  /** Closes the socket; idempotent. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      this.receiver = undefined;
      this.socket.close(() => {
        resolve();
      });
    });
    return this.closing;
  }
}

function family(address: string): 4 | 6 {
  return isIP(address) === 6 ? 6 : 4;
}

/** `eth0`'s address of the family wanted, if `name` is one of this host's interfaces. */
function interfaceAddress(name: string, wanted: 4 | 6): string | undefined {
  const found = os.networkInterfaces()[name]?.find((i) => i.family === (wanted === 6 ? "IPv6" : "IPv4"));
  return found?.address;
}

/**
 * What `iface` (before `;`) names, for a multicast group of `wanted` family: undefined for `*` (the kernel
 * chooses), an address as written, or a name's address. IPv6 names an interface by index: `::%name`.
 */
function multicastInterface(endpoint: string, iface: string | undefined, wanted: 4 | 6): string | undefined {
  if (iface === undefined || iface === "*") return undefined;
  if (isIP(iface) !== 0) {
    if (family(iface) !== wanted) throw new ZmqError("EINVAL", `Interface and group are of different families: ${endpoint}`, endpoint);
    return iface;
  }
  if (os.networkInterfaces()[iface] === undefined) throw new ZmqError("EADDRNOTAVAIL", `No such interface "${iface}": ${endpoint}`, endpoint);
  if (wanted === 6) return `::%${iface}`;
  const address = interfaceAddress(iface, 4);
  if (address === undefined) throw new ZmqError("EADDRNOTAVAIL", `Interface "${iface}" has no IPv4 address: ${endpoint}`, endpoint);
  return address;
}

/** A name to one address (literal: itself; an interface name when binding; else DNS). */
async function resolveHost(endpoint: string, host: string, ipv6: boolean, bindable: boolean): Promise<string> {
  if (isIP(host) !== 0) return host;
  if (bindable) {
    const nic = interfaceAddress(host, 4) ?? (ipv6 ? interfaceAddress(host, 6) : undefined);
    if (nic !== undefined) return nic;
  }
  try {
    return (await lookup(host, { family: ipv6 ? 0 : 4 })).address;
  } catch (err) {
    throw bindError(err as NodeJS.ErrnoException, endpoint);
  }
}

/** IP_MULTICAST_LOOP and IP_MULTICAST_TTL (when hops > 0) for what the socket sends to groups. */
function applyMulticastOptions(socket: dgram.Socket, options: UdpOptions): void {
  socket.setMulticastLoopback(options.multicastLoop);
  if (options.multicastHops > 0) socket.setMulticastTTL(options.multicastHops);
}

function bindSocket(socket: dgram.Socket, port: number, address: string, endpoint: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const failed = (err: NodeJS.ErrnoException): void => {
      socket.close();
      reject(bindError(err, endpoint));
    };
    socket.once("error", failed);
    socket.bind(port, address, () => {
      socket.off("error", failed);
      resolve();
    });
  });
}

/**
 * Opens what a DISH or DGRAM binds: a unicast address (`*`, an address, an interface or host name) with
 * SO_REUSEADDR off, so that a second bind of the same port fails as a tcp bind does (libzmq sets it, and a
 * second libzmq bind silently shares the port); or, for a group, ANY:port with SO_REUSEADDR (several
 * receivers on one host) and a membership of the group on the interface named before `;`.
 */
export async function listenUdp(endpoint: string, parsed: UdpEndpoint, options: UdpOptions): Promise<UdpSocket> {
  if (parsed.multicast) {
    const group = parsed.host;
    const groupFamily = family(group);
    const membership = multicastInterface(endpoint, parsed.iface, groupFamily);
    const socket = dgram.createSocket({ type: groupFamily === 6 ? "udp6" : "udp4", reuseAddr: true });
    await bindSocket(socket, parsed.port, groupFamily === 6 ? "::" : "0.0.0.0", endpoint);
    try {
      socket.addMembership(group, membership);
      applyMulticastOptions(socket, options);
    } catch (err) {
      socket.close();
      throw new ZmqError("EADDRNOTAVAIL", `Cannot join ${group}: ${(err as Error).message}`, endpoint);
    }
    return new UdpSocket(socket, groupFamily, formatUdp(parsed, parsed.iface, socket.address().port));
  }
  const address = parsed.host === "*" ? (options.ipv6 ? "::" : "0.0.0.0") : await resolveHost(endpoint, parsed.host, options.ipv6, true);
  const socketFamily = family(address);
  const socket = dgram.createSocket({ type: socketFamily === 6 ? "udp6" : "udp4" });
  await bindSocket(socket, parsed.port, address, endpoint);
  // A DGRAM may send to groups from here (libzmq sets nothing for a DGRAM; zmtp applies the options it has).
  applyMulticastOptions(socket, options);
  const bound = socket.address();
  return new UdpSocket(socket, socketFamily, formatUdp({ host: bound.address }, undefined, bound.port));
}

/**
 * What can be checked of a RADIO's endpoint at once (connect() is synchronous; only a host name waits for
 * DNS): a port and a host to send to, and an interface that exists. Throws EINVAL or EADDRNOTAVAIL.
 */
export function checkUdpDestination(endpoint: string, parsed: UdpEndpoint): void {
  if (parsed.port === 0) throw new ZmqError("EINVAL", `Cannot send to a wildcard port: ${endpoint}`, endpoint);
  if (parsed.host === "*") throw new ZmqError("EINVAL", `Cannot send to a wildcard host: ${endpoint}`, endpoint);
  if (parsed.multicast) multicastInterface(endpoint, parsed.iface, family(parsed.host));
}

/** Where a RADIO sends: the peer's (or group's) address, resolved once, and its port. */
export interface UdpDestination {
  readonly address: string;
  readonly port: number;
}

/**
 * Opens what a RADIO connects: a socket on an ephemeral port of the destination's family; for a group, with
 * IP_MULTICAST_LOOP, IP_MULTICAST_TTL (when hops > 0) and the interface named before `;` as libzmq sets them.
 * The destination is resolved once, here, not per datagram.
 */
export async function dialUdp(endpoint: string, parsed: UdpEndpoint, options: UdpOptions): Promise<{ socket: UdpSocket; destination: UdpDestination }> {
  checkUdpDestination(endpoint, parsed);
  const address = await resolveHost(endpoint, parsed.host, options.ipv6, false);
  const socketFamily = family(address);
  const outgoing = parsed.multicast ? multicastInterface(endpoint, parsed.iface, socketFamily) : undefined;
  const socket = dgram.createSocket({ type: socketFamily === 6 ? "udp6" : "udp4" });
  await bindSocket(socket, 0, socketFamily === 6 ? "::" : "0.0.0.0", endpoint);
  if (parsed.multicast) {
    try {
      applyMulticastOptions(socket, options);
      if (outgoing !== undefined) socket.setMulticastInterface(outgoing);
    } catch (err) {
      socket.close();
      throw new ZmqError("EINVAL", `Cannot set multicast options for ${endpoint}: ${(err as Error).message}`, endpoint);
    }
  }
  return { socket: new UdpSocket(socket, socketFamily, endpoint), destination: { address, port: parsed.port } };
}
