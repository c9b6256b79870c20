import { ZmqError } from "../errors.js";
import type { EpgmEndpoint } from "../transport/epgm-endpoint.js";
import { interfaceAddress } from "../transport/epgm.js";
import { EpgmSession, pgmSettings, type EpgmRole } from "./epgm-session.js";
import { lingerWhile } from "./linger-watch.js";
import type { SocketHost } from "./socket-host.js";

/** PUB/XPUB send, SUB/XSUB receive; any other type may not use epgm (src/socket_base.cpp `check_protocol`). */
function roleOf(host: SocketHost, endpoint: string): EpgmRole {
  switch (host.socketTypeName) {
    case "PUB":
    case "XPUB":
      return "source";
    case "SUB":
    case "XSUB":
      return "receiver";
    default:
      throw new ZmqError(
        "ENOCOMPATPROTO",
        `The protocol is not compatible with the socket type: epgm is for Publisher, XPublisher, Subscriber and XSubscriber sockets (${endpoint})`,
        endpoint,
      );
  }
}

/**
 * A socket's epgm endpoints, for its EndpointManager. For epgm, bind is connect (src/socket_base.cpp
 * `bind`: "bind can be used interchangeably with connect for PGM, EPGM, NORM"): each one is an EpgmSession.
 */
export class EpgmEndpoints {
  private readonly sessions = new Map<string, EpgmSession[]>();
  private closed = false;

  constructor(private readonly host: SocketHost) {}

  /**
   * Starts an endpoint. Wrong socket type, interface or option: throws at once. The UDP sockets open
   * asynchronously: bind() awaits them (and fails if they cannot be had; its manager reports `bind`);
   * connect() does not, and reports the sockets open as a `connect` event, a failure as `close` with the error.
   */
  open(endpoint: string, parsed: EpgmEndpoint, announce = false): Promise<void> {
    const role = roleOf(this.host, endpoint);
    const settings = pgmSettings(this.host, parsed, interfaceAddress(parsed, endpoint), endpoint);
    const session = new EpgmSession(this.host, endpoint, role, settings);
    const list = this.sessions.get(endpoint);
    if (list === undefined) this.sessions.set(endpoint, [session]);
    else list.push(session);
    return session.open(parsed).then(
      async () => {
        if (this.closed) {
          // The socket closed while the UDP sockets were opening: nothing may stay open on its behalf.
          await session.close(0);
          throw new ZmqError("EBADF", `Socket closed while opening ${endpoint}`, endpoint);
        }
        if (announce) this.host.events.emit({ type: "connect", address: endpoint });
      },
      (err: unknown) => {
        this.forget(endpoint, session);
        void session.close(0);
        throw err;
      },
    );
  }

  /** connect(): as `open`, not waiting for the sockets. */
  connect(endpoint: string, parsed: EpgmEndpoint): void {
    this.open(endpoint, parsed, true).catch((err: unknown) => {
      const error = err instanceof ZmqError ? err : new ZmqError("EINVAL", String(err), endpoint);
      this.host.events.emit({ type: "close", address: endpoint, error });
    });
  }

  private forget(endpoint: string, session: EpgmSession): void {
    const list = this.sessions.get(endpoint);
    if (list === undefined) return;
    const rest = list.filter((s) => s !== session);
    if (rest.length === 0) this.sessions.delete(endpoint);
    else this.sessions.set(endpoint, rest);
  }

  /** Ends the endpoint (unbind or disconnect), if it is one of these: true; false otherwise. */
  async close(endpoint: string, linger: number): Promise<boolean> {
    const list = this.sessions.get(endpoint);
    if (list === undefined) return false;
    this.sessions.delete(endpoint);
    await lingerWhile(Promise.all(list.map((s) => s.close(linger))), linger, list, "a closed epgm endpoint");
    return true;
  }

  /** Whether `endpoint` is one of these (so that disconnect/unbind need not wait to know). */
  has(endpoint: string): boolean {
    return this.sessions.has(endpoint);
  }

  /** Every session, for the socket's close (which lingers over all its endpoints at once). */
  closeAll(linger: number): { closing: Promise<unknown>; sessions: EpgmSession[] } {
    this.closed = true;
    const sessions = [...this.sessions.values()].flat();
    this.sessions.clear();
    return { closing: Promise.all(sessions.map((s) => s.close(linger))), sessions };
  }
}
