import { ZmqError } from "../errors.js";
import type { Message } from "../message.js";
import type { SocketOptions } from "../options.js";
import type { Pipe, PipeOwner } from "../pipe/pipe.js";
import { closedOnContext } from "./context.js";
import { Observer } from "./observer.js";
import { getDefaultContext, type SocketEndpoints } from "./socket-context.js";
import { multipartError } from "./draft-socket.js";
import { securityValues } from "./security-options.js";
import { socketEvents } from "./socket-events.js";
import { closedError, SocketMessaging } from "./socket-messaging.js";
import { connectRoutingId } from "./socket-options.js";
import type { SocketTypeInfo } from "./socket-types.js";

const RESOLVED: Promise<void> = Promise.resolve();

/**
 * What every socket type shares: options, endpoints, events and closing, over the promise machinery of
 * zeromq.js v6's `send`, `receive` and async iteration (SocketMessaging, socket-messaging.ts), which each
 * socket class makes public only if its type supports it.
 *
 * A socket type is a handful of hooks over pipes (attach, detach, readable, writable, xsend, xreceive),
 * usually delegating to a shared strategy (LoadBalancer, FairQueue, …). It never sees bytes.
 *
 * Its options (SocketOptionFields) are accessors checked on every assignment, and a socket is not
 * extensible: a misspelt option is a TypeError, as in zeromq.js.
 */
export abstract class SocketBase extends SocketMessaging {
  private readonly endpoints: SocketEndpoints;
  private closing: Promise<void> | undefined = undefined;
  private observer: Observer | undefined = undefined;
  /** The socket's side of its pipes: what the other ends tell it. */
  private readonly pipeOwner: PipeOwner = {
    pipeReadable: (pipe) => {
      this.xreadable(pipe);
      this.serveReceives();
    },
    pipeWritable: (pipe) => {
      this.xwritable(pipe);
      this.serveSends();
    },
    pipeTerminated: (pipe) => {
      this.xdetach(pipe);
    },
    pipeReconnected: (pipe) => {
      this.xpeerReady(pipe);
    },
  };

  protected constructor(protected readonly socketType: SocketTypeInfo) {
    super();
    // The composition root wires the socket to what lies below it; the socket hands over only this port.
    this.endpoints = getDefaultContext().open({
      type: socketType,
      options: this,
      attach: (pipe) => this.attachPipe(pipe),
      events: socketEvents(this),
      security: () => securityValues(this),
    });
  }

  /**
   * The socket's monitor (zeromq.js's `socket.events`): an Observer made on first use, for `on(type, …)`,
   * `receive()` or `for await`. It ends once the socket has closed.
   */
  get events(): Observer {
    this.observer ??= new Observer(this);
    return this.observer;
  }

  /** libzmq's socket type number (ZMQ_PUSH = 8, …), as zeromq.js exposes it. */
  get type(): number {
    return this.socketType.number;
  }

  /** Whether `close()` was called (or the socket's Context closed it). */
  get closed(): boolean {
    return this.isClosed;
  }

  /**
   * The endpoint last bound or connected, as libzmq's ZMQ_LAST_ENDPOINT: a bind gives the real port or
   * path (`tcp://127.0.0.1:0` → `tcp://127.0.0.1:53211`), a connect the endpoint as written.
   */
  get lastEndpoint(): string | null {
    return this.endpoints.lastEndpoint;
  }

  /** ZMQ_THREAD_SAFE: true for the draft types (Server, Client, Radio, …), as libzmq builds them; else false. */
  get threadSafe(): boolean {
    return this.socketType.threadSafe;
  }

  // ---- endpoints ----------------------------------------------------------------------------------------

  /**
   * Listens on `endpoint` (`tcp://127.0.0.1:5555`, `tcp://*:0` for an ephemeral port, `ipc:///tmp/x.sock`,
   * `inproc://name`, …); resolves once listening, with the real endpoint in `lastEndpoint`. Rejects with
   * EADDRINUSE, EINVAL (a malformed endpoint), EPROTONOSUPPORT (an unknown transport) or ENOENT.
   */
  async bind(endpoint: string): Promise<void> {
    this.assertOpen();
    await this.endpoints.bind(endpoint);
  }

  /**
   * Stops listening on an endpoint bound before (as bound, or as `lastEndpoint` reported it); its
   * connections end after `linger`. Rejects with ENOENT if it is not bound.
   */
  async unbind(endpoint: string): Promise<void> {
    this.assertOpen();
    await this.endpoints.unbind(endpoint, this.linger);
  }

  /**
   * Connects to `endpoint`, now and again whenever the connection is lost (`reconnectInterval`); the peer
   * need not be there yet. Returns at once: messages sent meanwhile wait in the queue (unless `immediate`).
   * Throws EINVAL or EPROTONOSUPPORT for an endpoint it cannot use.
   */
  connect(endpoint: string): void {
    this.assertOpen();
    this.endpoints.connect(endpoint);
  }

  /**
   * Router and Stream: connects, knowing the peer by `routingId` (ZMQ_CONNECT_ROUTING_ID, zeromq.js's
   * `connect(address, { routingId })`) instead of the id it announces or one generated.
   */
  protected connectAs(endpoint: string, options: unknown): void {
    let peerRoutingId: Buffer | undefined;
    if (options !== undefined) peerRoutingId = connectRoutingId(options);
    this.assertOpen();
    this.endpoints.connect(endpoint, peerRoutingId);
  }

  /** Stops connecting to `endpoint` (as given to `connect()`); its connection ends after `linger`. ENOENT if not connected. */
  disconnect(endpoint: string): void {
    this.assertOpen();
    this.endpoints.disconnect(endpoint, this.linger);
  }

  /**
   * Closes the socket, as zeromq.js v6 does: returns at once; pending receives and sends fail with EAGAIN,
   * endpoints stop, and connections get `linger` ms to deliver what is already queued. To wait until every
   * connection is gone, use `closeAndWait()`.
   */
  close(): void {
    void this.closeAndWait();
  }

  /** Closes the socket as `close()` does; the promise settles when every connection is gone (after linger). */
  closeAndWait(): Promise<void> {
    if (this.isClosed) return this.closing ?? RESOLVED;
    this.isClosed = true;
    closedOnContext(this.context);
    this.rejectPendingCalls(new ZmqError("EAGAIN", "Socket was closed"));
    this.closing = this.endpoints.close(this.linger).finally(() => {
      socketEvents(this).emit({ type: "end", address: "" });
    });
    return this.closing;
  }

  /** The draft types send single-frame messages only (draft-socket.ts): a multipart one is EINVAL. */
  protected override prepareSend(message: Message): Message {
    if (message.length > 1 && this.socketType.threadSafe) throw multipartError(this.socketType.name);
    return message;
  }

  // ---- pipes --------------------------------------------------------------------------------------------

  /**
   * A pipe end handed over by the layers below: the socket type takes it or refuses it. A field, not a
   * method, so that tests may wrap it on a sealed socket (test/helpers/capture-pipes.ts).
   */
  private readonly attachPipe = (pipe: Pipe): boolean => {
    if (this.isClosed || !this.xattach(pipe)) return false;
    pipe.attach(this.pipeOwner);
    this.serveSends();
    return true;
  };

  // ---- internals ----------------------------------------------------------------------------------------

  private assertOpen(): void {
    if (this.isClosed) throw closedError();
  }
}

export type { SocketOptions };
