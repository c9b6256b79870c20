import { ZmqError } from "../errors.js";
import type { SocketEvent, SocketEventType } from "../events.js";
import { RingQueue } from "../pipe/ring-queue.js";
import type { SocketBase } from "./socket-base.js";
import { socketEvents } from "./socket-events.js";

/**
 * zeromq.js's event types: libzmq's socket monitor events, with the endpoint as `address`.
 *
 * | type | when | extra fields |
 * | --- | --- | --- |
 * | `connect` | a connection to a `connect()`ed endpoint is established (before the handshake) | |
 * | `connect:delay` | a connect attempt is under way and has not completed yet | |
 * | `connect:retry` | a connect attempt failed, or a connection was lost: the next attempt is scheduled | `interval` (ms) |
 * | `bind` | `bind()` is listening | |
 * | `bind:error` | `bind()` failed | `error` |
 * | `accept` | a bound endpoint accepted a connection | |
 * | `accept:error` | accepting failed, or `tcpAcceptFilter` refused the peer (`EACCES`) | `error` |
 * | `close` | a listener or a connection attempt was closed | |
 * | `close:error` | closing failed (never emitted: closing a Node.js listener cannot fail) | `error` |
 * | `disconnect` | an established connection ended | |
 * | `handshake` | a peer completed the ZMTP handshake | `peer` (zmtp's addition) |
 * | `handshake:error:protocol` | the peer broke the protocol | `error`: a ProtocolError |
 * | `handshake:error:auth` | authentication refused the peer, or us | `error`: an AuthError with `status` |
 * | `handshake:error:other` | the handshake failed otherwise (`ETIMEDOUT`, `ECONNREFUSED`, `ECONNRESET`, `EFAULT`) | `error`: a HandshakeError |
 * | `end` | the socket has closed: the last event | |
 * | `unknown` | never emitted by zmtp; accepted for listeners, as in zeromq.js | |
 */
export type EventType = SocketEventType | "unknown";

/**
 * An event as zeromq.js's `Event`: `type`, and `address`, `error`, `interval` where they apply; zmtp adds
 * `peer` (PeerDetails: socket type, ZAP User-Id, metadata) to `handshake` events.
 */
export type Event = SocketEvent;

/** The event of one type (zeromq.js's `EventOfType<"bind">`). */
export type EventOfType<E extends EventType = EventType> = Event & { readonly type: E };

const EVENT_TYPES: ReadonlySet<string> = new Set<EventType>([
  "connect",
  "connect:delay",
  "connect:retry",
  "bind",
  "bind:error",
  "accept",
  "accept:error",
  "close",
  "close:error",
  "disconnect",
  "handshake",
  "handshake:error:protocol",
  "handshake:error:auth",
  "handshake:error:other",
  "end",
  "unknown",
]);

/** Events kept for `receive()` when nobody reads them; the oldest are dropped beyond this. */
const QUEUE_LIMIT = 1000;

type Listener = (event: Event) => void;

function checkType(type: unknown): asserts type is EventType {
  if (typeof type !== "string" || !EVENT_TYPES.has(type)) {
    throw new TypeError(`Unknown event type: ${String(type)} (one of ${[...EVENT_TYPES].join(", ")})`);
  }
}

/**
 * A socket's monitor, as zeromq.js v6's Observer (`socket.events`, or `new Observer(socket)`): the events
 * libzmq's monitor reports, read with `receive()` / `for await`, or handed to listeners with `on()` (event
 * emitter mode, after which `receive()` is refused, as in zeromq.js). The observer ends after the socket's
 * `end` event, or at `close()`.
 */
export class Observer {
  private readonly queue = new RingQueue<Event>();
  private readonly waiting: { resolve: (event: Event) => void; reject: (err: Error) => void }[] = [];
  private readonly listeners = new Map<EventType, Set<Listener>>();
  private emitterMode = false;
  private isClosed = false;
  private readonly stopListening: () => void;

  constructor(socket: SocketBase) {
    // Plain JavaScript may hand anything: only a zmtp socket has events to observe.
    if (typeof socket !== "object" || (socket as unknown) === null || !("closeAndWait" in socket)) {
      throw new TypeError("Observer needs a zmtp socket to observe");
    }
    this.stopListening = socketEvents(socket).listen((event) => {
      this.deliver(event);
    });
    Object.preventExtensions(this);
  }

  /** Whether the observer was closed, by `close()` or because its socket closed. */
  get closed(): boolean {
    return this.isClosed;
  }

  /** Calls `listener` with every event of `type` (switches the observer to event emitter mode). */
  on<E extends EventType>(type: E, listener: (event: EventOfType<E>) => void): this {
    checkType(type);
    if (typeof listener !== "function") throw new TypeError("An event listener must be a function");
    this.emitterMode = true;
    let set = this.listeners.get(type);
    if (set === undefined) this.listeners.set(type, (set = new Set()));
    set.add(listener as Listener);
    return this;
  }

  /** Removes a listener added with `on()`. */
  off<E extends EventType>(type: E, listener: (event: EventOfType<E>) => void): this {
    checkType(type);
    this.listeners.get(type)?.delete(listener as Listener);
    return this;
  }

  /** The next event (at once if one is queued). Refused in event emitter mode, and once closed. */
  receive(): Promise<Event> {
    if (this.emitterMode) {
      return Promise.reject(
        new ZmqError("EINVAL", "Observer is in event emitter mode: after events.on() events cannot be read with receive()"),
      );
    }
    const event = this.queue.shift();
    if (event !== undefined) return Promise.resolve(event);
    if (this.isClosed) return Promise.reject(new ZmqError("EBADF", "Observer is closed"));
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
    });
  }

  /** `for await (const event of socket.events)`: ends after the socket's `end` event or at `close()`. */
  [Symbol.asyncIterator](): AsyncIterator<Event, undefined> {
    return {
      next: async (): Promise<IteratorResult<Event, undefined>> => {
        if (this.isClosed && this.queue.length === 0) return { done: true, value: undefined };
        try {
          return { done: false, value: await this.receive() };
        } catch (err) {
          if (this.isClosed && (err as ZmqError).code === "EBADF") return { done: true, value: undefined };
          throw err;
        }
      },
    };
  }

  /** Stops observing: no more events are queued or emitted; waiting receives fail with EBADF. */
  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.stopListening();
    const error = new ZmqError("EBADF", "Observer is closed");
    for (const waiter of this.waiting.splice(0)) waiter.reject(error);
  }

  private deliver(event: Event): void {
    if (this.isClosed) return;
    const listeners = this.listeners.get(event.type);
    if (listeners !== undefined) {
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch (err) {
          // A listener's bug is the program's to see, not the engine's to trip over: rethrown on its own.
          queueMicrotask(() => {
            throw err;
          });
        }
      }
    }
    if (!this.emitterMode) {
      const waiter = this.waiting.shift();
      if (waiter !== undefined) waiter.resolve(event);
      else {
        this.queue.push(event);
        if (this.queue.length > QUEUE_LIMIT) this.queue.shift();
      }
    }
    // The socket is gone: nothing more will come.
    if (event.type === "end") this.close();
  }
}
