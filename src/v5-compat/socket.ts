import { ZmqError, type Socket as ZmtpSocket } from "../index.js";
import { ZMQ_SNDMORE } from "./constants.js";
import { MessageFlow, type Callback } from "./message-flow.js";
import { Monitor } from "./monitor.js";
import { readOption, writeOption, type HeldOptions, type OptionValue } from "./option-access.js";
import { OptionProperties } from "./option-properties.js";
import { callAll, checkAddress, checkCallback, checkFrame, type MessagePart } from "./send-arguments.js";
import { rethrowLater, toError } from "./out-of-band.js";
import type { OptionKey } from "./short-options.js";
import { zmtpSocketFor, type Sender, type SocketType } from "./zmtp-sockets.js";

/**
 * A socket of zeromq.js v5's callback API (`zmq.socket("push")`), over a zmtp socket of the same type:
 * `bind(address, cb)` / `bindSync`, `connect`, `send(message, flags, cb)`, the "message" event with one
 * argument per frame, `pause()` / `resume()` / `read()`, `subscribe`, `monitor()`, the option properties and
 * `close()`. Events: "message", "bind", "unbind", "error", and the monitor's ("listen", "accept", …).
 *
 * Node.js cannot bind synchronously: `bindSync` and `unbindSync` start the bind at once (a tcp address given
 * as an IP, or an ipc path, is listening when the call returns, so peers may connect straight away) and
 * report a failure as an "error" event (an uncaught exception without a listener, as v5's throw would be).
 */
export class Socket extends OptionProperties {
  /** The v5 type name the socket was made with. */
  readonly type: SocketType;
  readonly #zmq: ZmtpSocket;
  readonly #sender: Sender | undefined;
  readonly #flow: MessageFlow;
  readonly #held: HeldOptions;
  #monitor: Monitor | undefined = undefined;
  /** Parts sent with ZMQ_SNDMORE, waiting for the last part, and their callbacks (v5 called them all). */
  #parts: MessagePart[] = [];
  #partCallbacks: Callback[] = [];

  constructor(type: SocketType) {
    super();
    const made = zmtpSocketFor(type);
    this.type = type;
    this.#zmq = made.socket;
    this.#sender = made.sender;
    this.#flow = new MessageFlow(
      made,
      {
        message: (frames) => {
          if (frames.length === 1) this.emit("message", frames[0]);
          else this.emit("message", ...frames);
        },
        error: (err) => {
          this.#raise(err);
        },
      },
      this,
    );
    const flow = this.#flow;
    this.#held = { receiveTimeout: -1, hasReadAhead: () => flow.hasReadAhead };
  }

  /** Whether `close()` was called. */
  get closed(): boolean {
    return this.#zmq.closed;
  }

  // ---- endpoints --------------------------------------------------------------------------------------

  /** Binds; then emits "bind" and calls `cb()`. A failure goes to `cb(err)`, else to the "error" event. */
  bind(address: string, cb?: Callback): this {
    checkAddress(address);
    checkCallback(cb, "bind()");
    this.#zmq.bind(address).then(
      () => {
        this.emit("bind", address);
        if (cb !== undefined) this.#callBack(cb, undefined);
      },
      (err: unknown) => {
        this.#report(toError(err), cb);
      },
    );
    return this;
  }

  /** Starts binding now; a failure is an "error" event (see the class comment: Node.js has no sync bind). */
  bindSync(address: string): this {
    checkAddress(address);
    this.#zmq.bind(address).catch((err: unknown) => {
      this.#raise(toError(err));
    });
    return this;
  }

  /** Unbinds; then emits "unbind" and calls `cb()`. A failure goes to `cb(err)`, else to the "error" event. */
  unbind(address: string, cb?: Callback): this {
    checkAddress(address);
    checkCallback(cb, "unbind()");
    this.#zmq.unbind(address).then(
      () => {
        this.emit("unbind", address);
        if (cb !== undefined) this.#callBack(cb, undefined);
      },
      (err: unknown) => {
        this.#report(toError(err), cb);
      },
    );
    return this;
  }

  /** Starts unbinding now; a failure is an "error" event. */
  unbindSync(address: string): this {
    checkAddress(address);
    this.#zmq.unbind(address).catch((err: unknown) => {
      this.#raise(toError(err));
    });
    return this;
  }

  /** Connects to `address` (and reconnects when the connection is lost); returns the socket. */
  connect(address: string): this {
    checkAddress(address);
    this.#zmq.connect(address);
    return this;
  }

  /** Stops connecting to `address`; returns the socket. */
  disconnect(address: string): this {
    checkAddress(address);
    this.#zmq.disconnect(address);
    return this;
  }

  // ---- messages ---------------------------------------------------------------------------------------

  /**
   * Sends a message: one part, or an array of parts. With `flags` ZMQ_SNDMORE the parts wait for the rest
   * of the message (the next send without it). `cb()` once zmtp has queued the message, `cb(err)` if it
   * could not; without a callback a failure is an "error" event. While paused, and for REQ/REP out of turn,
   * messages wait in order, as they did in v5.
   */
  send(message: MessagePart | MessagePart[], flags?: number | null, cb?: Callback): this {
    if (flags !== undefined && flags !== null && typeof flags !== "number") throw new TypeError("send(): flags must be a number");
    checkCallback(cb, "send()");
    if (this.#sender === undefined) throw new ZmqError("ENOTSUP", `Operation not supported: ${this.type} sockets cannot send`);
    if (this.#zmq.closed) throw new ZmqError("EBADF", "Socket is closed");
    if (Array.isArray(message)) {
      for (const part of message as unknown[]) checkFrame(part);
    } else {
      checkFrame(message);
    }
    if (((flags ?? 0) & ZMQ_SNDMORE) !== 0) {
      if (Array.isArray(message)) this.#parts.push(...message);
      else this.#parts.push(message);
      if (cb !== undefined) this.#partCallbacks.push(cb);
      return this;
    }
    if (this.#parts.length === 0) {
      this.#flow.send(message, cb);
      return this;
    }
    const whole = this.#parts.concat(message);
    const callbacks = cb === undefined ? this.#partCallbacks : [...this.#partCallbacks, cb];
    this.#parts = [];
    this.#partCallbacks = [];
    this.#flow.send(whole, callbacks.length === 0 ? undefined : callAll(callbacks));
    return this;
  }

  /** The next message read ahead while paused (its frames), or null: v5's synchronous read(). */
  read(): Buffer[] | null {
    return this.#flow.read();
  }

  /** Stops emitting messages and holds sends back until resume() (messages are still read ahead, bounded). */
  pause(): this {
    this.#flow.pause();
    return this;
  }

  /** Emits what was read ahead, sends what was held back, and goes on. */
  resume(): this {
    this.#flow.resume();
    return this;
  }

  /** A `sub` socket receives the messages whose first frame starts with `filter` ("" for all). */
  subscribe(filter: string | Buffer): this {
    return this.setsockopt("_subscribe", filter);
  }

  /** Undoes one `subscribe(filter)`. */
  unsubscribe(filter: string | Buffer): this {
    return this.setsockopt("_unsubscribe", filter);
  }

  // ---- options, monitor, close ------------------------------------------------------------------------

  /** Sets an option by number (`zmq.ZMQ_LINGER`) or v5 name (`"linger"`); ENOTSUP for one zmtp lacks. */
  setsockopt(option: OptionKey, value: unknown): this {
    writeOption(this.#zmq, option, value, this.#held);
    return this;
  }

  /** Reads an option by number or v5 name. */
  getsockopt(option: OptionKey): OptionValue {
    return readOption(this.#zmq, option, this.#held);
  }

  /**
   * Emits the socket's monitor events under v5's names, each as `(value, endpoint, error)`: "connect",
   * "connect_delay", "connect_retry" (value: the retry interval), "listen", "bind_error", "accept",
   * "accept_error" (value: the errno), "close", "close_error", "disconnect". `interval` and `numOfEvents`
   * tuned v5's polling of the monitor; zmtp delivers events as they happen, so they only need to be valid.
   */
  monitor(interval?: number, numOfEvents?: number): this {
    if (interval !== undefined && typeof interval !== "number") throw new TypeError("monitor(): interval must be a number");
    if (numOfEvents !== undefined && typeof numOfEvents !== "number") throw new TypeError("monitor(): numOfEvents must be a number");
    if (this.#zmq.closed) throw new ZmqError("EBADF", "Socket is closed");
    this.#monitor?.close();
    this.#monitor = new Monitor(this.#zmq, {
      event: (name, value, address, error) => {
        this.emit(name, value, address, error);
      },
      error: (err) => {
        this.#raise(err);
      },
    });
    return this;
  }

  /** Stops the events `monitor()` started. */
  unmonitor(): this {
    this.#monitor?.close();
    this.#monitor = undefined;
    return this;
  }

  /**
   * Closes the socket (zmtp's close: messages already queued get `linger` ms to go). Sends still held back
   * here (paused, or REQ/REP out of turn) are dropped, their callbacks told so; nothing more is emitted.
   */
  close(): this {
    if (this.#zmq.closed) return this;
    this.#parts = [];
    this.#partCallbacks = [];
    this.#zmq.close();
    this.#flow.closed();
    return this;
  }

  // ---- errors -----------------------------------------------------------------------------------------

  /** To the callback if there is one, else the "error" event. */
  #report(err: Error, cb: Callback | undefined): void {
    if (cb === undefined) this.#raise(err);
    else this.#callBack(cb, err);
  }

  /** The "error" event; with no listener, an uncaught exception (what v5's throw or emit amounted to). */
  #raise(err: Error): void {
    if (this.listenerCount("error") === 0) {
      rethrowLater(err);
      return;
    }
    try {
      this.emit("error", err);
    } catch (thrown) {
      rethrowLater(thrown);
    }
  }

  #callBack(cb: Callback, err: Error | undefined): void {
    try {
      if (err === undefined) cb.call(this);
      else cb.call(this, err);
    } catch (thrown) {
      rethrowLater(thrown);
    }
  }
}
