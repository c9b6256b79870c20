import type { DatagramRole } from "../engine/datagram/datagram-engine.js";
import { ZmqError } from "../errors.js";
import type { UdpEndpoint } from "../transport/endpoint.js";
import { checkUdpDestination, listenUdp } from "../transport/udp.js";
import { lingerWhile } from "./linger-watch.js";
import type { SocketHost } from "./socket-host.js";
import { udpOptions, UdpSession } from "./udp-session.js";

/** Who may use udp, and how (libzmq src/socket_base.cpp `check_protocol()`, `bind()`, `connect()`). */
function roleOf(host: SocketHost, endpoint: string, binding: boolean): DatagramRole {
  const type = host.socketTypeName;
  if (binding ? type === "DISH" || type === "DGRAM" : type === "RADIO") return type === "RADIO" ? "radio" : type === "DISH" ? "dish" : "dgram";
  const allowed = binding ? "only Dish and Datagram sockets bind" : "only Radio sockets connect";
  throw new ZmqError("ENOCOMPATPROTO", `The protocol is not compatible with the socket type: ${allowed} udp endpoints (${endpoint})`, endpoint);
}

/**
 * A socket's udp endpoints, for its EndpointManager: DISH and DGRAM bind (one udp socket each), RADIO
 * connects (one udp socket per destination). Each is a UdpSession with one pipe to the socket.
 */
export class UdpEndpoints {
  /** Keyed by the endpoint as written and as resolved (real port), as the manager keys tcp binds. */
  private readonly bound = new Map<string, UdpSession>();
  private readonly connected = new Map<string, UdpSession[]>();
  private closed = false;

  constructor(private readonly host: SocketHost) {}

  /** Binds; resolves to the endpoint with its real port (lastEndpoint). */
  async bind(endpoint: string, parsed: UdpEndpoint): Promise<string> {
    const role = roleOf(this.host, endpoint, true);
    if (this.bound.has(endpoint)) throw new ZmqError("EADDRINUSE", `Address already in use: ${endpoint}`, endpoint);
    const socket = await listenUdp(endpoint, parsed, udpOptions(this.host));
    if (this.closed) {
      await socket.close();
      throw new ZmqError("EBADF", `Socket closed while binding ${endpoint}`, endpoint);
    }
    const session = new UdpSession(this.host, role, socket.endpoint);
    if (!session.attached) {
      await socket.close();
      throw new ZmqError("EINVAL", `A Datagram socket serves one udp endpoint; unbind the other first (${endpoint})`, endpoint);
    }
    session.open(socket, undefined);
    this.bound.set(socket.endpoint, session);
    if (parsed.port !== 0) this.bound.set(endpoint, session);
    return socket.endpoint;
  }

  /** Connects (RADIO): the pipe is the socket's at once; datagrams flow once the destination is resolved. */
  connect(endpoint: string, parsed: UdpEndpoint): void {
    const role = roleOf(this.host, endpoint, false);
    checkUdpDestination(endpoint, parsed);
    const session = new UdpSession(this.host, role, endpoint);
    const list = this.connected.get(endpoint);
    if (list === undefined) this.connected.set(endpoint, [session]);
    else list.push(session);
    session.dial(parsed);
  }

  /** Unbinds, if `endpoint` is one of these; false otherwise. */
  async unbind(endpoint: string, linger: number): Promise<boolean> {
    const session = this.bound.get(endpoint);
    if (session === undefined) return false;
    for (const [key, value] of this.bound) if (value === session) this.bound.delete(key);
    await lingerWhile(session.close(linger), linger, [session], "an unbound endpoint");
    return true;
  }

  /** Disconnects, if `endpoint` is one of these; false otherwise. */
  disconnect(endpoint: string, linger: number): boolean {
    const list = this.connected.get(endpoint);
    if (list === undefined) return false;
    this.connected.delete(endpoint);
    void lingerWhile(Promise.all(list.map((s) => s.close(linger))), linger, list, "a disconnected endpoint");
    return true;
  }

  /** Every session, for the socket's close (which lingers over all its endpoints at once). */
  closeAll(linger: number): { closing: Promise<unknown>; sessions: UdpSession[] } {
    this.closed = true;
    const sessions = [...new Set(this.bound.values())];
    for (const list of this.connected.values()) sessions.push(...list);
    this.bound.clear();
    this.connected.clear();
    return { closing: Promise.all(sessions.map((s) => s.close(linger))), sessions };
  }
}
