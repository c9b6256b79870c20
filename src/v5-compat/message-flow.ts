import { ZmqError, type MessageLike, type Socket as ZmtpSocket } from "../index.js";
import { Fifo } from "./fifo.js";
import { rethrowLater, toError } from "./out-of-band.js";
import type { Receiver, Sender, ZmtpSocketOfType } from "./zmtp-sockets.js";

/** v5's send/bind callback: no argument on success, the error otherwise. */
export type Callback = (err?: Error) => void;

/** What a flow hands back to its v5 socket. */
export interface FlowSink {
  /** A message arrived while not paused: the socket's "message" event, one argument per frame. */
  message(frames: Buffer[]): void;
  /** An error nobody asked for with a callback: the socket's "error" event. */
  error(err: Error): void;
}

interface QueuedSend {
  readonly message: MessageLike | MessageLike[];
  readonly callback: Callback | undefined;
}

/**
 * Whose turn it is. "any" for most types; REQ and REP alternate (RFC 28 §"The REQ Socket Type", §"The REP
 * Socket Type"): a REQ sends, then waits for the reply; a REP receives, then owes the reply.
 */
type Turn = "any" | "send" | "receive";

/** Messages read ahead while paused (for read()) when receiveHighWaterMark is 0 (no limit). */
const DEFAULT_READ_AHEAD = 1000;

/**
 * The traffic of one v5 socket over its zmtp socket, as v5 ran it:
 *  - a receive loop hands each message to the "message" event, while not paused;
 *  - `send()` hands the message to zmtp at once (so `send(); close()` delivers it, as v5 did), unless the
 *    socket is paused or (REQ, REP) it is not its turn: then it waits here, in order, as in v5's queue;
 *  - while paused, messages are read ahead for `read()` up to the receive high-water mark, then reading
 *    stops and the peers are held back by zmtp's own marks; `resume()` delivers what was read ahead first.
 * Nothing here runs user code from inside a user's call: messages are delivered from the receive loop or
 * from a microtask, and a throwing listener or callback is rethrown on its own (v5's uncaught exception).
 */
export class MessageFlow {
  readonly #socket: ZmtpSocket;
  readonly #sender: Sender | undefined;
  readonly #receiver: Receiver | undefined;
  readonly #sink: FlowSink;
  /** `this` of the callbacks, as v5 called them. */
  readonly #owner: object;
  readonly #requestFirst: boolean;
  #turn: Turn;
  #paused = false;
  /** The receive loop is running (at most one receive() is pending at a time). */
  #receiving = false;
  #deliveryScheduled = false;
  /** Messages that arrived while paused, or before an earlier one was delivered. */
  readonly #inbox = new Fifo<Buffer[]>();
  /** Sends waiting for resume() or for their turn. */
  readonly #outbox = new Fifo<QueuedSend>();

  constructor(of: ZmtpSocketOfType, sink: FlowSink, owner: object) {
    this.#socket = of.socket;
    this.#sender = of.sender;
    this.#receiver = of.receiver;
    this.#sink = sink;
    this.#owner = owner;
    this.#requestFirst = of.turns === "request-first";
    this.#turn = of.turns === "free" ? "any" : of.turns === "request-first" ? "send" : "receive";
    this.#startReceiving();
  }

  /** Messages were read ahead (while paused) and wait for read() or resume(). */
  get hasReadAhead(): boolean {
    return this.#inbox.length > 0;
  }

  /** Sends a message (frames already checked), or queues it until resume() or its turn. */
  send(message: MessageLike | MessageLike[], callback: Callback | undefined): void {
    if (this.#outbox.length === 0 && this.#maySend()) {
      this.#dispatch(message, callback);
      return;
    }
    // Kept for later: a copy, so that the caller may reuse its array (v5 copied each part into its queue).
    this.#outbox.push({ message: Array.isArray(message) ? message.slice() : message, callback });
  }

  /** The next message read ahead while paused, or null (v5's `read()`). */
  read(): Buffer[] | null {
    const message = this.#inbox.shift();
    if (message === undefined) return null;
    this.#startReceiving();
    return message;
  }

  pause(): void {
    this.#paused = true;
  }

  /** As v5's resume(): what was read ahead is delivered first, then held sends go, then reading goes on. */
  resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    if (this.#inbox.length > 0) {
      this.#scheduleDelivery();
      return;
    }
    this.#flushSends();
    this.#startReceiving();
  }

  /**
   * The socket closed: what was read ahead is dropped, and so are the sends that never reached zmtp; their
   * callbacks hear why (zmtp's own EAGAIN for a send cut short by close), a microtask later.
   */
  closed(): void {
    this.#inbox.drain();
    const dropped = this.#outbox.drain().filter((queued) => queued.callback !== undefined);
    if (dropped.length === 0) return;
    const error = new ZmqError("EAGAIN", "Socket was closed before the message was sent");
    queueMicrotask(() => {
      for (const queued of dropped) this.#callBack(queued.callback!, error);
    });
  }

  // ---- receiving --------------------------------------------------------------------------------------

  #mayReceive(): boolean {
    if (this.#receiver === undefined || this.#socket.closed || this.#turn === "send") return false;
    return this.#inbox.length < this.#readAheadLimit();
  }

  #readAheadLimit(): number {
    const mark = this.#socket.receiveHighWaterMark;
    return mark > 0 ? mark : DEFAULT_READ_AHEAD;
  }

  #startReceiving(): void {
    if (!this.#receiving && this.#mayReceive()) void this.#receiveLoop();
  }

  async #receiveLoop(): Promise<void> {
    this.#receiving = true;
    const receiver = this.#receiver!;
    try {
      while (this.#mayReceive()) {
        let message: Buffer[];
        try {
          message = await receiver.receive();
        } catch (err) {
          // A close cuts the pending receive short (EAGAIN): nothing to report, as in v5.
          if (!this.#socket.closed) this.#sink.error(toError(err));
          return;
        }
        if (this.#turn === "receive") this.#turn = "send";
        if (this.#paused || this.#inbox.length > 0) this.#inbox.push(message);
        else this.#deliver(message);
        if (this.#turn === "send") this.#flushSends();
      }
    } finally {
      this.#receiving = false;
    }
  }

  #deliver(message: Buffer[]): void {
    try {
      this.#sink.message(message);
    } catch (err) {
      rethrowLater(err);
    }
  }

  #scheduleDelivery(): void {
    if (this.#deliveryScheduled || this.#inbox.length === 0) return;
    this.#deliveryScheduled = true;
    queueMicrotask(this.#deliverInbox);
  }

  /** Delivers what was read ahead, oldest first, until paused again or closed; then reads on. */
  readonly #deliverInbox = (): void => {
    this.#deliveryScheduled = false;
    while (!this.#paused && !this.#socket.closed) {
      const message = this.#inbox.shift();
      if (message === undefined) break;
      this.#deliver(message);
    }
    this.#flushSends();
    this.#startReceiving();
  };

  // ---- sending ----------------------------------------------------------------------------------------

  #maySend(): boolean {
    return !this.#paused && this.#turn !== "receive";
  }

  #flushSends(): void {
    while (this.#outbox.length > 0 && this.#maySend()) {
      const queued = this.#outbox.shift()!;
      this.#dispatch(queued.message, queued.callback);
    }
  }

  #dispatch(message: MessageLike | MessageLike[], callback: Callback | undefined): void {
    // zmtp queues the message on a pipe now if it can (synchronously), else keeps it in call order.
    const sent = this.#sender!.send(message);
    if (this.#turn === "send") {
      this.#turn = "receive";
      this.#startReceiving();
    }
    if (callback === undefined) {
      sent.catch(this.#sendFailed);
      return;
    }
    // Only a send with a callback needs a continuation of its own.
    sent.then(
      () => {
        this.#callBack(callback, undefined);
      },
      (err: unknown) => {
        this.#sendRefused();
        this.#callBack(callback, toError(err));
      },
    );
  }

  readonly #sendFailed = (err: unknown): void => {
    this.#sendRefused();
    // Messages cut short by close() are dropped quietly, as v5 dropped its queue.
    if (!this.#socket.closed) this.#sink.error(toError(err));
  };

  /** A REQ whose request failed (sendTimeout, no peer) may send again: zmtp has rolled its state back. */
  #sendRefused(): void {
    if (!this.#requestFirst || this.#socket.closed || this.#turn !== "receive") return;
    this.#turn = "send";
    this.#flushSends();
  }

  #callBack(callback: Callback, err: Error | undefined): void {
    try {
      if (err === undefined) callback.call(this.#owner);
      else callback.call(this.#owner, err);
    } catch (thrown) {
      rethrowLater(thrown);
    }
  }
}
