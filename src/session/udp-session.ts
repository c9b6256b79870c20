import { DatagramEngine, type DatagramRole } from "../engine/datagram/datagram-engine.js";
import type { DatagramDestination, DatagramLink } from "../engine/datagram/datagram-link.js";
import type { PeerInfo } from "../pipe/pipe.js";
import type { UdpEndpoint } from "../transport/endpoint.js";
import { dialUdp, type UdpOptions } from "../transport/udp.js";
import { EngineSide } from "./engine-side.js";
import type { LingerBacklog, LingeringEndpoint } from "./linger-watch.js";
import { socketPipe, type SocketHost } from "./socket-host.js";
import { lingerClose } from "./stream-session.js";

/** What the socket learns of the far end of a udp pipe: nobody in particular, and no handshake. */
function datagramPeer(role: DatagramRole): PeerInfo {
  const socketType = role === "radio" ? "DISH" : role === "dish" ? "RADIO" : "DGRAM";
  return { socketType, identity: undefined, metadata: new Map(), zmtp31: false, allGroups: role === "radio" };
}

/** The socket's options for a udp socket (libzmq's defaults for types without multicast options). */
export function udpOptions(host: SocketHost): UdpOptions {
  const options = host.options;
  return { ipv6: options.ipv6, multicastHops: options.multicastHops ?? 1, multicastLoop: options.multicastLoop ?? true };
}

/** Settles when `promise` does or after `ms` (-1: never), whichever comes first. */
async function atMost(promise: Promise<void>, ms: number): Promise<void> {
  if (ms < 0) return promise;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

/**
 * One udp endpoint of a socket: one pipe to the socket, served by a datagram engine over one udp socket
 * once that is open (a RADIO's pipe is attached at connect, so what it sends meanwhile waits in the pipe, as
 * libzmq attaches its udp pipe at once). There is no peer to lose and nothing to reconnect: the pipe lives as
 * long as the endpoint.
 */
export class UdpSession implements LingeringEndpoint {
  private readonly side: EngineSide;
  private engine: DatagramEngine | undefined = undefined;
  private link: DatagramLink | undefined = undefined;
  /** close() was called: the socket no longer uses the pipe; what it queued may still be sent. */
  private closing = false;
  /** Nothing more will be sent: a socket opened now is closed at once. */
  private finished = false;
  /** A RADIO's socket is being opened (its destination resolved). */
  private dialing = false;
  private readonly opened: Promise<void>;
  private settleOpened!: () => void;
  /** Whether the socket took the pipe (a Datagram has only one). */
  readonly attached: boolean;

  constructor(
    private readonly host: SocketHost,
    private readonly role: DatagramRole,
    /** The endpoint as lastEndpoint gives it (bound: the real port). */
    readonly endpoint: string,
  ) {
    this.opened = new Promise<void>((resolve) => (this.settleOpened = resolve));
    const [socketEnd, engineEnd] = socketPipe(host);
    socketEnd.peer = datagramPeer(role);
    // The socket dropping the pipe ends the endpoint's engine (what it sent is already on the wire).
    this.side = new EngineSide(engineEnd, () => {
      this.engine?.close();
    });
    this.attached = host.attachPipe(socketEnd);
    if (!this.attached) engineEnd.terminate();
  }

  /**
   * RADIO: opens the socket, resolving the destination once; a name that does not resolve (yet) is tried
   * again after reconnectInterval (`connect:retry`), as a tcp connect would be. `connect` once open.
   */
  dial(parsed: UdpEndpoint): void {
    const events = this.host.events;
    this.dialing = true;
    dialUdp(this.endpoint, parsed, udpOptions(this.host)).then(
      ({ socket, destination }) => {
        this.dialing = false;
        if (this.open(socket, destination)) events.emit({ type: "connect", address: this.endpoint });
      },
      () => {
        this.dialing = false;
        const interval = this.host.options.reconnectInterval;
        if (this.closing || interval < 0) {
          this.settleOpened();
          return;
        }
        events.emit({ type: "connect:retry", address: this.endpoint, interval });
        setTimeout(() => {
          if (!this.closing) this.dial(parsed);
        }, interval).unref();
      },
    );
  }

  /**
   * The udp socket is open: the engine starts serving the pipe (sending what is queued). false (and the
   * socket closed) if the endpoint is finished.
   */
  open(link: DatagramLink, destination: DatagramDestination | undefined): boolean {
    if (this.finished) {
      void link.close();
      return false;
    }
    this.link = link;
    const engine = new DatagramEngine(link, this.side.pipe, this.role, destination, this.host.options.maxMessageSize);
    this.engine = engine;
    this.side.connection = engine;
    this.settleOpened();
    return true;
  }

  /** While closing: what is still queued to be sent. */
  backlog(): LingerBacklog | undefined {
    if (!this.closing || this.engine?.closed === true) return undefined;
    return { endpoint: this.endpoint, queued: this.side.pipe.readableSize };
  }

  /**
   * Ends the endpoint: the socket stops using the pipe at once, and what it queued is sent for up to
   * `linger` ms (as a stream session's close), once the socket is open if it is still being opened.
   */
  async close(linger: number): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.side.pipe.terminate();
    const started = Date.now();
    if (this.engine === undefined && this.dialing && linger !== 0) await atMost(this.opened, linger);
    this.finished = true;
    const engine = this.engine;
    if (engine === undefined) return;
    const left = linger < 0 ? -1 : Math.max(0, linger - (Date.now() - started));
    await lingerClose(engine, this.role === "dish" ? 0 : left);
    await this.link?.close();
  }
}
