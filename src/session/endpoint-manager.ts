import { parseAddressMasks } from "../address-mask.js";
import { asError, ZmqError } from "../errors.js";
import { parseEndpoint } from "../transport/endpoint.js";
import { inprocRegistry, type InprocBinding, type InprocConnection } from "../transport/inproc.js";
import { ipcTransport } from "../transport/ipc.js";
import type { StreamTransport, TransportStream } from "../transport/stream-transport.js";
import { tcpTransport } from "../transport/tcp.js";
import { BoundEndpoint } from "./bound-endpoint.js";
import { Dialer } from "./dialer.js";
import { lingerWhile, type LingeringEndpoint } from "./linger-watch.js";
import type { SocketHost } from "./socket-host.js";
import { UdpEndpoints } from "./udp-endpoints.js";
import { EpgmEndpoints } from "./epgm-endpoints.js";
import { webSocketTransportFor } from "./websocket-transport.js";

/** `tcp://host:0` (or `:*`), `ws://host:0/path` (or `:*`) and `ipc://*`: every bind gets a fresh port or path. */
function isWildcard(endpoint: string): boolean {
  return /:[0*](\/[^:]*)?$/.test(endpoint) || endpoint === "ipc://*";
}

/**
 * A socket's endpoints: what it bound and what it connected to. bind/unbind/connect/disconnect land here;
 * the socket itself only ever sees pipes.
 */
export class EndpointManager {
  /** Keyed by the endpoint as the user wrote it and as it was resolved (ephemeral port, ipc://*). */
  private readonly bound = new Map<string, BoundEndpoint>();
  private readonly dialers = new Map<string, Dialer[]>();
  /** inproc names this socket bound, and its inproc connects (keyed by the endpoint as written). */
  private readonly inprocBound = new Map<string, InprocBinding>();
  private readonly inprocConnected = new Map<string, InprocConnection[]>();
  /** udp:// binds (DISH, DGRAM) and connects (RADIO), made on first use. */
  private udpEndpoints: UdpEndpoints | undefined = undefined;
  /** epgm:// endpoints (PUB, XPUB, SUB, XSUB), where bind is connect; made on first use. */
  private epgmEndpoints: EpgmEndpoints | undefined = undefined;
  /** As libzmq's ZMQ_LAST_ENDPOINT: the last bind (resolved port or path) or connect (as written). */
  lastEndpoint: string | null = null;
  private closed = false;

  constructor(private readonly host: SocketHost) {}

  private get udp(): UdpEndpoints {
    this.udpEndpoints ??= new UdpEndpoints(this.host);
    return this.udpEndpoints;
  }

  private transport(endpoint: string): StreamTransport<TransportStream> {
    const parsed = parseEndpoint(endpoint);
    switch (parsed.transport) {
      case "tcp":
        return tcpTransport({
          ipv6: this.host.options.ipv6,
          backlog: this.host.options.backlog,
          keepalive: this.host.options.tcpKeepalive,
          keepaliveIdle: this.host.options.tcpKeepaliveIdle,
          acceptFilter: parseAddressMasks(this.host.options.tcpAcceptFilter),
        });
      case "ipc":
        return ipcTransport();
      case "ws":
      case "wss":
        return webSocketTransportFor(this.host, endpoint);
      default:
        throw new ZmqError("EPROTONOSUPPORT", `Transport ${parsed.transport} is not supported yet`, endpoint);
    }
  }

  /** The name of an `inproc://` endpoint, undefined for other transports. */
  private inprocName(endpoint: string): string | undefined {
    const parsed = parseEndpoint(endpoint);
    if (parsed.transport !== "inproc") return undefined;
    if (this.host.raw) {
      throw new ZmqError("EPROTONOSUPPORT", `Stream sockets carry raw bytes over tcp and ipc, not inproc: ${endpoint}`, endpoint);
    }
    return parsed.name;
  }

  async bind(endpoint: string): Promise<void> {
    try {
      await this.bindOrThrow(endpoint);
    } catch (err) {
      const error = asError(err);
      if (error instanceof ZmqError) this.host.events.emit({ type: "bind:error", address: endpoint, error });
      throw error;
    }
    this.host.events.emit({ type: "bind", address: this.lastEndpoint ?? endpoint });
  }

  private async bindOrThrow(endpoint: string): Promise<void> {
    const name = this.inprocName(endpoint);
    if (name !== undefined) {
      this.inprocBound.set(endpoint, inprocRegistry.bind(name, this.host));
      this.lastEndpoint = endpoint;
      return;
    }
    const parsed = parseEndpoint(endpoint);
    if (parsed.transport === "udp") {
      this.lastEndpoint = await this.udp.bind(endpoint, parsed);
      return;
    }
    if (parsed.transport === "epgm") {
      this.epgmEndpoints ??= new EpgmEndpoints(this.host);
      await this.epgmEndpoints.open(endpoint, parsed);
      this.lastEndpoint = endpoint;
      return;
    }
    const transport = this.transport(endpoint);
    if (this.bound.has(endpoint)) throw new ZmqError("EADDRINUSE", `Address already in use: ${endpoint}`, endpoint);
    const bound = new BoundEndpoint(this.host);
    const listener = await transport.listen(endpoint, bound.accept, (err) => {
      this.host.events.emit({ type: "accept:error", address: bound.endpoint, error: err instanceof ZmqError ? err : new ZmqError("EINVAL", err.message, bound.endpoint) });
    });
    if (this.closed) {
      // The socket closed while the listener was starting: nothing may listen on its behalf.
      await listener.close();
      throw new ZmqError("EBADF", `Socket closed while binding ${endpoint}`, endpoint);
    }
    bound.setListener(listener);
    // Unbind takes the resolved endpoint (as libzmq's lastEndpoint gives it) or, unless the port or path
    // was a wildcard (each such bind is a new listener), the endpoint as written.
    this.bound.set(listener.endpoint, bound);
    if (!isWildcard(endpoint)) this.bound.set(endpoint, bound);
    this.lastEndpoint = listener.endpoint;
  }

  async unbind(endpoint: string, linger: number): Promise<void> {
    parseEndpoint(endpoint);
    const binding = this.inprocBound.get(endpoint);
    if (binding !== undefined) {
      this.inprocBound.delete(endpoint);
      binding.close();
      return;
    }
    if (this.udpEndpoints !== undefined && (await this.udpEndpoints.unbind(endpoint, linger))) return;
    if (this.epgmEndpoints?.has(endpoint) === true) {
      await this.epgmEndpoints.close(endpoint, linger);
      return;
    }
    const bound = this.bound.get(endpoint);
    if (bound === undefined) throw new ZmqError("ENOENT", `Endpoint was not bound: ${endpoint}`, endpoint);
    for (const [key, value] of this.bound) if (value === bound) this.bound.delete(key);
    await lingerWhile(bound.close(linger), linger, [bound], "an unbound endpoint");
  }

  /** `peerRoutingId` (ZMQ_CONNECT_ROUTING_ID): the id the socket knows this peer by, whatever it announces. */
  connect(endpoint: string, peerRoutingId?: Buffer): void {
    const name = this.inprocName(endpoint);
    if (name !== undefined) {
      const connection = inprocRegistry.connect(name, this.host, peerRoutingId);
      const list = this.inprocConnected.get(endpoint);
      if (list === undefined) this.inprocConnected.set(endpoint, [connection]);
      else list.push(connection);
      this.lastEndpoint = endpoint;
      return;
    }
    const parsed = parseEndpoint(endpoint);
    if (parsed.transport === "udp") {
      this.udp.connect(endpoint, parsed);
      this.lastEndpoint = endpoint;
      return;
    }
    if (parsed.transport === "epgm") {
      this.epgmEndpoints ??= new EpgmEndpoints(this.host);
      this.epgmEndpoints.connect(endpoint, parsed);
      this.lastEndpoint = endpoint;
      return;
    }
    const dialer = new Dialer(this.host, this.transport(endpoint), endpoint, peerRoutingId);
    dialer.start();
    const list = this.dialers.get(endpoint);
    if (list === undefined) this.dialers.set(endpoint, [dialer]);
    else list.push(dialer);
    this.lastEndpoint = endpoint;
  }

  disconnect(endpoint: string, linger: number): void {
    parseEndpoint(endpoint);
    const inproc = this.inprocConnected.get(endpoint);
    if (inproc !== undefined) {
      this.inprocConnected.delete(endpoint);
      for (const connection of inproc) connection.close();
      return;
    }
    if (this.udpEndpoints?.disconnect(endpoint, linger) === true) return;
    if (this.epgmEndpoints?.has(endpoint) === true) {
      void this.epgmEndpoints.close(endpoint, linger);
      return;
    }
    const list = this.dialers.get(endpoint);
    if (list === undefined) throw new ZmqError("ENOENT", `Endpoint was not connected: ${endpoint}`, endpoint);
    this.dialers.delete(endpoint);
    void lingerWhile(Promise.all(list.map((dialer) => dialer.close(linger))), linger, list, "a disconnected endpoint");
  }

  /** Ends every endpoint; resolves when all connections are closed (after linger). */
  async close(linger: number): Promise<void> {
    this.closed = true;
    // inproc peers are told at once (their pipes terminate); what is queued to them stays readable.
    for (const binding of this.inprocBound.values()) binding.close();
    for (const list of this.inprocConnected.values()) for (const connection of list) connection.close();
    this.inprocBound.clear();
    this.inprocConnected.clear();
    const streams: (BoundEndpoint | Dialer)[] = [...new Set(this.bound.values())];
    for (const list of this.dialers.values()) streams.push(...list);
    const closing: Promise<unknown>[] = streams.map((e) => e.close(linger));
    const endpoints: LingeringEndpoint[] = [...streams];
    if (this.udpEndpoints !== undefined) {
      const udp = this.udpEndpoints.closeAll(linger);
      closing.push(udp.closing);
      endpoints.push(...udp.sessions);
    }
    if (this.epgmEndpoints !== undefined) {
      const epgm = this.epgmEndpoints.closeAll(linger);
      closing.push(epgm.closing);
      endpoints.push(...epgm.sessions);
    }
    this.bound.clear();
    this.dialers.clear();
    // Under linger the close keeps the process alive until what is queued is delivered (at once when nothing
    // is), and says so if that takes long; the open socket did not.
    await lingerWhile(Promise.all(closing), linger, endpoints, "a closed socket");
  }
}
