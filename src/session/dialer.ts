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
  /** close() was called: the pipe is the socket's no more, but what it holds may still be delivered. */
  private closing = false;
  /** A connection has completed its handshake and serves the pipe. */
  private established = false;
  /** close() waits for a connection to be established (linger over messages queued before it was). */
  private onEstablished: (() => void) | undefined = undefined;

  constructor(
    private readonly host: SocketHost,
    private readonly transport: StreamTransport,
    readonly endpoint: string,
  ) {
    this.pipe = this.newPipe();
  }

  /** A pipe for this endpoint; evicted by the socket (ROUTER handover), it ends the connection it serves. */
  private newPipe(): Pipe {
    const pipe = Pipe.create(this.host.sendHighWaterMark, this.host.receiveHighWaterMark, this.host.conflate);
    pipe.onEvicted = () => {
      this.connection?.close(undefined);
    };
    return pipe;
  }

  /** First attempt; throws synchronously for an endpoint the transport cannot dial (EINVAL). */
  start(): void {
    // Dial first: an endpoint that cannot be dialled must not leave a pipe behind in the socket.
    this.dial();
    this.attachEarly();
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
          if (this.closing) {
            // Closing: the socket no longer has this pipe; the connection only delivers what it holds.
            this.pipe.peer = peer;
            this.established = true;
            this.wake();
            return this.pipe;
          }
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
          this.established = true;
          return this.pipe;
        },
        closed: (_conn, error) => {
          this.connection = undefined;
          this.stream = undefined;
          this.established = false;
          // A peer that refused the handshake must not hold messages hostage in an early-attached pipe.
          if (!established && error instanceof HandshakeError) this.refused = true;
          if (this.closing) {
            // Lingering: try again for what is still queued, unless the peer refuses us.
            if (this.refused) this.pipe.outbound.clear();
            else this.retry();
            this.wake();
            return;
          }
          if ((this.host.immediate || this.host.raw || this.refused || this.pipe.terminated) && this.attached) {
            // ZMQ_IMMEDIATE: queue only to live connections; the queue goes with the connection. A raw
            // (Stream) connection is a peer of its own, with its own routing id: a new one gets a new pipe.
            // So does the next connection after the socket evicted the pipe (ROUTER handover).
            this.pipe.terminate();
            this.pipe = this.newPipe();
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
    if (base < 0) {
      // -1: no reconnection, as ZMQ_RECONNECT_IVL (a lingering close learns it has nothing left to wait for).
      this.wake();
      return;
    }
    const max = this.host.reconnectMaxInterval;
    let delay = base;
    if (max > base) delay = Math.min(max, base * 2 ** Math.min(this.failures, 20));
    this.failures++;
    this.timer = setTimeout(() => {
      this.dial();
    }, delay);
  }

  /** Tells a lingering close() that the connection's state changed. */
  private wake(): void {
    const waiter = this.onEstablished;
    this.onEstablished = undefined;
    waiter?.();
  }

  /** A connection is established, or being made, or will be tried again. */
  private get reaching(): boolean {
    return this.established || this.stream !== undefined || this.timer !== undefined;
  }

  /**
   * Ends the endpoint. As in libzmq, the socket stops routing to it at once; `linger` (ms, -1: as long as it
   * takes) covers only what is queued already, also when the peer has not been reached yet (connect, send,
   * close must deliver, as the guide's ventilator does): dialing goes on until a connection is established
   * and has written the queue, or linger runs out.
   */
  async close(linger: number): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.pipe.terminate();
    const deadline = linger > 0 ? Date.now() + linger : Infinity;
    while (linger !== 0 && !this.established && this.reaching && this.pipe.outbound.size > 0 && Date.now() < deadline) {
      const waited = new Promise<void>((resolve) => (this.onEstablished = resolve));
      if (linger > 0) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([waited, new Promise<void>((resolve) => (timer = setTimeout(resolve, deadline - Date.now())))]);
        clearTimeout(timer);
      } else {
        await waited;
      }
    }
    this.onEstablished = undefined;
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    const connection = this.connection;
    const left = linger > 0 ? Math.max(0, deadline - Date.now()) : linger;
    if (connection !== undefined) await lingerClose(connection, left);
    this.stream?.destroy();
  }
}
