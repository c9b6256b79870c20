import type { EngineConnection } from "../engine/engine-connection.js";
import type { Pipe } from "../pipe/pipe.js";
import type { StreamEvents, StreamTransport, TransportStream } from "../transport/stream-transport.js";
import { EngineSide } from "./engine-side.js";
import type { LingerBacklog, LingeringEndpoint } from "./linger-watch.js";
import { socketPipe, type SocketHost } from "./socket-host.js";
import { endsDialing, isRefusal, lingerClose, reportClosed } from "./stream-session.js";
import { peerDetails } from "./peer-details.js";

/**
 * The connecting side of an endpoint: dials, reconnects after `reconnectInterval` (doubling up to
 * `reconnectMaxInterval` when that is set), and keeps one pipe across reconnects so that messages queued
 * while disconnected are sent once the peer is back (as libzmq does on the connecting side). After a
 * protocol error it dials no more (giveUp), as libzmq's connecting session.
 */
export class Dialer implements LingeringEndpoint {
  /** The session's end of the socket's pipe for this endpoint; `socketEnd` is the socket's. */
  private side: EngineSide;
  private socketEnd: Pipe;
  private attached = false;
  /** Whether the current pipe has already served a connection (a later handshake is a reconnect). */
  private connectedBefore = false;
  /** The peer failed a handshake (wrong socket type, mechanism…): queue to it only once one succeeds. */
  private refused = false;
  private connection: EngineConnection | undefined = undefined;
  private stream: TransportStream | undefined = undefined;
  private timer: NodeJS.Timeout | undefined = undefined;
  private failures = 0;
  private stopped = false;
  /** close() was called: the pipe is the socket's no more, but what it holds may still be delivered. */
  private closing = false;
  /** close() is done: the connection is gone, nothing more is delivered. */
  private closed = false;
  /** A connection has completed its handshake and serves the pipe. */
  private established = false;
  /** close() waits for a connection to be established (linger over messages queued before it was). */
  private onEstablished: (() => void) | undefined = undefined;

  constructor(
    private readonly host: SocketHost,
    private readonly transport: StreamTransport<TransportStream>,
    readonly endpoint: string,
    /** ZMQ_CONNECT_ROUTING_ID: the socket knows the peer by this id rather than the one it announces. */
    private readonly peerRoutingId?: Buffer,
  ) {
    [this.socketEnd, this.side] = this.newPipe();
  }

  /** A pipe for this endpoint; dropped by the socket (ROUTER handover), it ends the connection it serves. */
  private newPipe(): [Pipe, EngineSide] {
    const [socketEnd, engineEnd] = socketPipe(this.host);
    const side = new EngineSide(engineEnd, () => {
      this.connection?.close(undefined);
    });
    return [socketEnd, side];
  }

  /** What the socket queued for this endpoint and no connection has taken yet. */
  private get queued(): number {
    return this.side.pipe.readableSize;
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
    if (this.host.attachesBeforeHandshake && !this.refused && !this.attached && this.host.attachPipe(this.socketEnd)) {
      this.attached = true;
    }
  }

  private dial(): void {
    this.timer = undefined;
    if (this.stopped) return;
    const stream = this.transport.dial(this.endpoint);
    this.stream = stream;
    const events = this.host.events;
    const address = this.endpoint;
    // As libzmq's connecter: the connection is under way (tcp connects never complete at once).
    events.emit({ type: "connect:delay", address });
    let connectTimer: NodeJS.Timeout | undefined;
    if (this.host.options.connectTimeout > 0) {
      connectTimer = setTimeout(() => stream.destroy(), this.host.options.connectTimeout);
      // Not a Node timer in a browser.
      (connectTimer as { unref?: () => void }).unref?.();
    }
    const failed = (): void => {
      clearTimeout(connectTimer);
      if (this.stream === stream) this.stream = undefined;
      events.emit({ type: "close", address });
      this.retry();
    };
    const watched: StreamEvents = stream;
    watched.once("error", failed);
    watched.once("close", failed);
    watched.once("connect", () => {
      clearTimeout(connectTimer);
      watched.off("error", failed);
      watched.off("close", failed);
      if (this.stopped) {
        stream.destroy();
        return;
      }
      events.emit({ type: "connect", address });
      let established = false;
      this.connection = this.host.startConnection(stream, {
        ready: (conn, announced) => {
          const peer = this.peerRoutingId === undefined ? announced : { ...announced, identity: this.peerRoutingId };
          established = true;
          this.refused = false;
          this.failures = 0;
          events.emit({ type: "handshake", address, peer: peerDetails(announced) });
          const side = this.side;
          if (this.closing) {
            // Closing: the socket no longer has this pipe; the connection only delivers what it holds.
            side.connection = conn;
            this.established = true;
            this.wake();
            return side.pipe;
          }
          const reconnect = this.connectedBefore;
          side.connection = conn;
          if (!this.attached) {
            this.socketEnd.peer = peer;
            if (!this.host.attachPipe(this.socketEnd)) {
              side.connection = undefined;
              return undefined;
            }
            this.attached = true;
          } else {
            side.pipe.announcePeer(peer, reconnect);
            // The socket may refuse the new peer (ROUTER: its id is taken): it dropped the pipe.
            if (side.pipe.terminated) return undefined;
          }
          this.connectedBefore = true;
          this.established = true;
          return side.pipe;
        },
        closed: (_conn, error) => {
          this.connection = undefined;
          this.side.connection = undefined;
          this.stream = undefined;
          this.established = false;
          reportClosed(events, address, error, established);
          // A peer that refused the handshake must not hold messages hostage in an early-attached pipe.
          if (!established && isRefusal(error)) this.refused = true;
          const fatal = endsDialing(error);
          if (this.closing) {
            // Lingering: try again for what is still queued, unless the peer refuses us.
            if (this.refused || fatal) this.side.pipe.discardUnread();
            else this.retry();
            this.wake();
            return;
          }
          if (fatal) {
            this.giveUp();
            return;
          }
          if ((this.host.options.immediate || this.host.raw || this.refused || this.side.pipe.terminated) && this.attached) {
            // ZMQ_IMMEDIATE: queue only to live connections; the queue goes with the connection. A raw
            // (Stream) connection is a peer of its own, with its own routing id: a new one gets a new pipe.
            // So does the next connection after the socket dropped the pipe (ROUTER handover).
            this.side.pipe.terminate();
            [this.socketEnd, this.side] = this.newPipe();
            this.attached = false;
            this.connectedBefore = false;
          }
          this.retry();
        },
      }, { endpoint: address, dialed: true });
    });
  }

  /**
   * The peer broke the protocol or refused us (endsDialing): as libzmq's connecting session after a protocol
   * error (session_base.cpp engine_error: terminate, no reconnect), the endpoint dials no more and its pipe
   * ends, so what was queued to it is dropped and the socket routes to its other peers. The endpoint stays
   * the socket's until disconnect() or close(); connecting again dials anew.
   */
  private giveUp(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.side.pipe.terminate();
    this.attached = false;
  }

  private retry(): void {
    if (this.stopped || this.timer !== undefined) return;
    const base = this.host.options.reconnectInterval;
    if (base < 0) {
      // -1: no reconnection, as ZMQ_RECONNECT_IVL (a lingering close learns it has nothing left to wait for).
      this.wake();
      return;
    }
    const max = this.host.options.reconnectMaxInterval;
    let delay = base;
    if (max > base) delay = Math.min(max, base * 2 ** Math.min(this.failures, 20));
    this.failures++;
    this.host.events.emit({ type: "connect:retry", address: this.endpoint, interval: delay });
    this.timer = setTimeout(() => {
      this.dial();
    }, delay);
    // Reconnecting alone never keeps the process alive (a lingering close holds it: lingerWhile).
    (this.timer as { unref?: () => void }).unref?.();
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

  /** While closing: what is still queued for this endpoint. */
  backlog(): LingerBacklog | undefined {
    if (!this.closing || this.closed) return undefined;
    return { endpoint: this.endpoint, queued: this.queued };
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
    this.side.pipe.terminate();
    const deadline = linger > 0 ? Date.now() + linger : Infinity;
    while (linger !== 0 && !this.established && this.reaching && this.queued > 0 && Date.now() < deadline) {
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
    this.closed = true;
  }
}
