import dgram from "node:dgram";
import { isIPv4 } from "node:net";
import { networkInterfaces } from "node:os";
import { ZmqError } from "../errors.js";
import type { EpgmEndpoint } from "./epgm-endpoint.js";

/**
 * epgm's UDP sockets (node:dgram), laid out so that several epgm sockets share a port on one host as
 * libzmq's do (wire reference §2.1, §2.6), with SO_REUSEADDR:
 * - a source binds its interface address and the endpoint's port: it sends data to the group from there,
 *   and the NAKs and SPMRs that receivers send to its NLA (that address) at the port reach it, not the
 *   receivers on the same host (a bound address wins over the wildcard);
 * - a receiver binds the group and the port, so it hears that group only and never takes a unicast NAK
 *   meant for a source, and sends its NAKs and SPMRs from a second socket on the interface.
 *
 * OpenPGM itself binds 0.0.0.0 and the port with SO_REUSEPORT only, which Node.js before 22.12 cannot
 * set: on one host (network namespace) a libzmq epgm socket and a zmtp one cannot share a port there.
 * Across hosts, as multicast is used, they interoperate.
 *
 * Every socket is unref'd: an open epgm endpoint never keeps the process alive.
 */
export interface EpgmChannel {
  /** The interface's IPv4 address: a source's NLA, where receivers send NAKs. */
  readonly interfaceAddress: string;
  /** Sends one datagram; never throws (a datagram that cannot be sent is lost, and PGM repairs it). */
  send(packet: Uint8Array, address: string, port: number): void;
  /** Closes the sockets once what was sent has left. */
  close(): Promise<void>;
}

/** A datagram that arrived, and the IPv4 address it came from. */
export type DatagramHandler = (data: Buffer, from: string) => void;

/**
 * The IPv4 address of the endpoint's interface (a name, an address of this host, or "" for the first
 * external one), checked now so that connect() fails at once for a wrong interface (EINVAL), as libzmq's
 * does (pgm_getaddrinfo).
 */
export function interfaceAddress(parsed: EpgmEndpoint, endpoint: string): string {
  const interfaces = networkInterfaces();
  const addresses = Object.entries(interfaces).flatMap(([name, list]) =>
    (list ?? []).filter((a) => a.family === "IPv4").map((a) => ({ name, address: a.address, internal: a.internal })),
  );
  const iface = parsed.iface;
  if (iface === "") {
    const found = addresses.find((a) => !a.internal) ?? addresses[0];
    if (found === undefined) throw new ZmqError("EINVAL", `No IPv4 interface for ${endpoint}`, endpoint);
    return found.address;
  }
  if (isIPv4(iface)) {
    if (!addresses.some((a) => a.address === iface)) {
      throw new ZmqError("EINVAL", `${iface} is not an IPv4 address of this host (${endpoint})`, endpoint);
    }
    return iface;
  }
  const named = addresses.find((a) => a.name === iface);
  if (named === undefined) throw new ZmqError("EINVAL", `No interface named ${JSON.stringify(iface)} with an IPv4 address (${endpoint})`, endpoint);
  return named.address;
}

function bindSocket(socket: dgram.Socket, address: string, port: number, endpoint: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const failed = (err: NodeJS.ErrnoException): void => {
      socket.close();
      const code = err.code === "EADDRINUSE" || err.code === "EADDRNOTAVAIL" ? err.code : "EINVAL";
      reject(new ZmqError(code, `Cannot bind ${address}:${port} for ${endpoint}: ${err.message}`, endpoint));
    };
    socket.once("error", failed);
    socket.bind({ address, port }, () => {
      socket.off("error", failed);
      // Errors after this are per datagram (ICMP, buffers): a datagram lost, which PGM handles.
      socket.on("error", ignore);
      resolve();
    });
  });
}

function ignore(): void {
  // See bindSocket.
}

function newSocket(): dgram.Socket {
  // reusePort where Node.js has it (22.12+), so that OpenPGM's SO_REUSEPORT sockets can share the port.
  const socket = dgram.createSocket({ type: "udp4", reuseAddr: true, reusePort: true } as dgram.SocketOptions);
  socket.unref();
  return socket;
}

/** Sends from `sender`, counting datagrams in flight so that close() lets them leave (the FIN SPMs). */
class Channel implements EpgmChannel {
  private inFlight = 0;
  private onIdle: (() => void) | undefined = undefined;
  private readonly sent = (): void => {
    if (--this.inFlight === 0) this.onIdle?.();
  };

  constructor(
    readonly interfaceAddress: string,
    private readonly sender: dgram.Socket,
    private readonly sockets: readonly dgram.Socket[],
  ) {}

  send(packet: Uint8Array, address: string, port: number): void {
    this.inFlight++;
    try {
      this.sender.send(packet, port, address, this.sent);
    } catch {
      // The socket is closing: the datagram is lost.
      this.sent();
    }
  }

  async close(): Promise<void> {
    if (this.inFlight > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 200);
        timer.unref();
        this.onIdle = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    await Promise.all(this.sockets.map((s) => new Promise<void>((resolve) => {
      s.close(() => {
        resolve();
      });
    })));
  }
}

/**
 * A source's socket: bound to the interface and the port, sending to the group with `multicastHops` as TTL
 * out of that interface; what arrives (NAKs, SPMRs) goes to `onDatagram`.
 */
export async function openEpgmSource(parsed: EpgmEndpoint, endpoint: string, iface: string, multicastHops: number, onDatagram: DatagramHandler): Promise<EpgmChannel> {
  const socket = newSocket();
  socket.on("message", (data, rinfo) => {
    onDatagram(data, rinfo.address);
  });
  await bindSocket(socket, iface, parsed.port, endpoint);
  socket.setMulticastInterface(iface);
  socket.setMulticastTTL(multicastHops);
  // libzmq turns multicast loop off (src/pgm_socket.cpp); on a loopback interface datagrams still come back
  // to the host's receivers, on others a receiver on the same host hears nothing (libzmq#4747): with loop on,
  // it does. A receiver drops the duplicate a loopback interface may then give (same sequence number).
  socket.setMulticastLoopback(true);
  return new Channel(iface, socket, [socket]);
}

/**
 * A receiver's sockets: one bound to the group and the port, a member of the group on the interface, for
 * what sources send; one on the interface for NAKs and SPMRs (multicast SPMRs with TTL 1, as OpenPGM).
 */
export async function openEpgmReceiver(parsed: EpgmEndpoint, endpoint: string, iface: string, onDatagram: DatagramHandler): Promise<EpgmChannel> {
  const listener = newSocket();
  listener.on("message", (data, rinfo) => {
    onDatagram(data, rinfo.address);
  });
  try {
    await bindSocket(listener, parsed.group, parsed.port, endpoint);
  } catch (err) {
    // Some systems (Windows) cannot bind a group address: take the wildcard, as OpenPGM does.
    if (!(err instanceof ZmqError) || err.code !== "EADDRNOTAVAIL") throw err;
    const wildcard = newSocket();
    wildcard.on("message", (data, rinfo) => {
      onDatagram(data, rinfo.address);
    });
    await bindSocket(wildcard, "0.0.0.0", parsed.port, endpoint);
    return finishReceiver(wildcard, parsed, endpoint, iface);
  }
  return finishReceiver(listener, parsed, endpoint, iface);
}

/** What a receiver asks of the kernel for its socket buffer (which caps it at net.core.rmem_max). */
const RECEIVE_BUFFER = 4 * 1024 * 1024;

async function finishReceiver(listener: dgram.Socket, parsed: EpgmEndpoint, endpoint: string, iface: string): Promise<EpgmChannel> {
  try {
    // A burst at the source's rate overflows a small socket buffer, and each datagram lost costs a NAK and
    // a repair: ask for more room (best effort; the kernel silently caps it).
    listener.setRecvBufferSize(RECEIVE_BUFFER);
  } catch {
    // The system's default stays.
  }
  try {
    listener.addMembership(parsed.group, iface);
  } catch (err) {
    listener.close();
    throw new ZmqError("EINVAL", `Cannot join ${parsed.group} on ${iface} for ${endpoint}: ${(err as Error).message}`, endpoint);
  }
  const sender = newSocket();
  sender.on("message", ignore);
  try {
    await bindSocket(sender, iface, 0, endpoint);
  } catch (err) {
    listener.close();
    throw err;
  }
  sender.setMulticastInterface(iface);
  sender.setMulticastTTL(1);
  return new Channel(iface, sender, [listener, sender]);
}
