import type { Duplex } from "node:stream";
import type { EngineConnection } from "../engine/engine-connection.js";
import { HandshakeError } from "../errors.js";
import { Pipe } from "../pipe/pipe.js";
import type { StreamTransport } from "../transport/stream-transport.js";
import type { SocketHost } from "./socket-host.js";
import { lingerClose, startConnection } from "./stream-session.js";

/**
 * The connecting side of an endpoint: dials, reconnects after `reconnectInterval` (doubling up to
 * `reconnectMaxInterval` when that is set), and keeps one pipe across reconnects so that messages queued
 * while disconnected are sent once the peer is back (as libzmq does on the connecting side).
 */
export class Dialer {
  private pipe: Pipe;
  private attached = false;
  /** Whether the current pipe has already served a connection (a later handshake is a reconnect). */
  private connectedBefore = false;
  /** The peer failed a handshake (wrong socket type, mechanism…): queue to it only once one succeeds. */
  private refused = false;
  private connection: EngineConnection | undefined = undefined;
  private stream: Duplex | undefined = undefined;
  private timer: NodeJS.Timeout | undefined = undefined;
  private failures = 0;
  private stopped = false;

  constructor(
    private readonly host: SocketHost,
    private readonly transport: StreamTransport,
    readonly endpoint: string,
  ) {
    this.pipe = Pipe.create(host.sendHighWaterMark, host.receiveHighWaterMark, host.conflate);
  }

  /** First attempt; throws synchronously for an endpoint the transport cannot dial (EINVAL). */
  start(): void {
    this.attachEarly();
    this.dial();
  }

  /**
   * Without `immediate`, libzmq queues messages to a connecting peer before it is reached, so the pipe goes
   * to the socket now (except for ROUTER-like sockets, which need the peer's identity first).
   */
  private attachEarly(): void {
    if (this.host.attachesBeforeHandshake && !this.refused && !this.attached && this.host.attachPipe(this.pipe)) {
      this.attached = true;
    }
  }

  private dial(): void {
    this.timer = undefined;
    if (this.stopped) return;
    const stream = this.transport.dial(this.endpoint);
    this.stream = stream;
    let connectTimer: NodeJS.Timeout | undefined;
    if (this.host.connectTimeout > 0) {
      connectTimer = setTimeout(() => stream.destroy(), this.host.connectTimeout);
      connectTimer.unref();
    }
    const failed = (): void => {
      clearTimeout(connectTimer);
      if (this.stream === stream) this.stream = undefined;
      this.retry();
    };
    stream.once("error", failed);
    stream.once("close", failed);
    stream.once("connect", () => {
      clearTimeout(connectTimer);
      stream.off("error", failed);
      stream.off("close", failed);
      if (this.stopped) {
        stream.destroy();
        return;
      }
      let established = false;
      this.connection = startConnection(stream, this.host, {
        ready: (_conn, peer) => {
          established = true;
          this.refused = false;
          this.failures = 0;
          const reconnect = this.connectedBefore;
          if (!this.attached) {
            this.pipe.peer = peer;
            if (!this.host.attachPipe(this.pipe)) return undefined;
            this.attached = true;
          } else if (reconnect) {
            this.pipe.ready(peer);
          } else {
            this.pipe.peer = peer;
          }
          this.connectedBefore = true;
          return this.pipe;
        },
        closed: (_conn, error) => {
          this.connection = undefined;
          this.stream = undefined;
          // A peer that refused the handshake must not hold messages hostage in an early-attached pipe.
          if (!established && error instanceof HandshakeError) this.refused = true;
          if ((this.host.immediate || this.host.raw || this.refused) && this.attached) {
            // ZMQ_IMMEDIATE: queue only to live connections; the queue goes with the connection. A raw
            // (Stream) connection is a peer of its own, with its own routing id: a new one gets a new pipe.
            this.pipe.terminate();
            this.pipe = Pipe.create(this.host.sendHighWaterMark, this.host.receiveHighWaterMark, this.host.conflate);
            this.attached = false;
            this.connectedBefore = false;
          }
          this.retry();
        },
      });
    });
  }

  private retry(): void {
    if (this.stopped || this.timer !== undefined) return;
    const base = this.host.reconnectInterval;
    if (base < 0) return; // -1: no reconnection, as ZMQ_RECONNECT_IVL
    const max = this.host.reconnectMaxInterval;
    let delay = base;
    if (max > base) delay = Math.min(max, base * 2 ** Math.min(this.failures, 20));
    this.failures++;
    this.timer = setTimeout(() => {
      this.dial();
    }, delay);
  }

  /** Stops reconnecting; the connection gets up to `linger` ms to send what is queued; the pipe goes. */
  async close(linger: number): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    const connection = this.connection;
    if (connection !== undefined) await lingerClose(connection, linger);
    this.stream?.destroy();
    this.pipe.terminate();
  }
}
