import type { Duplex } from "node:stream";
import type { Connection } from "../engine/connection.js";
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
  private readonly pipe: Pipe;
  private attached = false;
  private connection: Connection | undefined = undefined;
  private stream: Duplex | undefined = undefined;
  private timer: NodeJS.Timeout | undefined = undefined;
  private failures = 0;
  private stopped = false;

  constructor(
    private readonly host: SocketHost,
    private readonly transport: StreamTransport,
    readonly endpoint: string,
  ) {
    this.pipe = Pipe.create(host.sendHighWaterMark, host.receiveHighWaterMark);
  }

  /** First attempt; throws synchronously for an endpoint the transport cannot dial (EINVAL). */
  start(): void {
    this.dial();
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
      this.connection = startConnection(stream, this.host, {
        ready: (_conn, peer) => {
          this.failures = 0;
          if (!this.attached) {
            this.pipe.peer = peer;
            if (!this.host.attachPipe(this.pipe)) return undefined;
            this.attached = true;
          } else {
            this.pipe.ready(peer);
          }
          return this.pipe;
        },
        closed: () => {
          this.connection = undefined;
          this.stream = undefined;
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
