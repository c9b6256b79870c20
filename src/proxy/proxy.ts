import { asError, ZmqError } from "../errors.js";
import type { SocketEvent } from "../events.js";
import type { SocketBase } from "../sockets/socket-base.js";
import { socketEvents } from "../sockets/socket-events.js";
import {
  captureOption,
  checkSocketArgument,
  notReady,
  receiving,
  sending,
  typeName,
  type ProxyOptions,
  type ReceivingSocket,
  type SendingSocket,
} from "./proxy-arguments.js";
import { ProxySideCounters, type ProxyStatistics } from "./proxy-statistics.js";

type ProxyState = "idle" | "running" | "terminated";

/** One turn of the event loop (a receive that timed out at once is retried on the next one, not in a spin). */
const nextTurn = (): Promise<void> =>
  new Promise((resolve) => {
    // setImmediate on Node; a page (zmtp's browser build) has only timers.
    if (typeof globalThis.setImmediate === "function") setImmediate(resolve);
    else setTimeout(resolve, 0);
  });

/**
 * Forwards messages between two sockets, as zeromq.js v6's Proxy (libzmq's `zmq_proxy_steerable`): whatever
 * the front-end receives goes out through the back-end, and whatever the back-end receives (replies,
 * subscriptions) through the front-end. A direction whose reading side cannot receive or whose writing
 * side cannot send (Push, Pull, Publisher, Subscriber) is simply not forwarded.
 *
 * Built on the sockets' public `receive()` / `send()`: one loop per direction, each message forwarded whole,
 * the next one taken only once the other side has accepted it, so the proxy goes at the pace of the slower
 * side and holds at most one message per direction. The sockets' receive timeouts do not apply while it
 * runs (libzmq's proxy polls); a send that fails (a send timeout, EHOSTUNREACH…) ends it, as in libzmq.
 *
 * Beyond zeromq.js: an optional capture socket (libzmq's third `zmq_proxy` argument) and `statistics`.
 *
 * ```typescript
 * const proxy = new Proxy(new Router(), new Dealer())
 * await proxy.frontEnd.bind("tcp://*:5559")
 * await proxy.backEnd.bind("tcp://*:5560")
 * await proxy.run() // until proxy.terminate()
 * ```
 *
 * @typeParam F The front-end socket type.
 * @typeParam B The back-end socket type.
 */
export class Proxy<F extends SocketBase = SocketBase, B extends SocketBase = SocketBase> {
  /** The front-end socket, as given. */
  readonly frontEnd: F;
  /** The back-end socket, as given. */
  readonly backEnd: B;
  private readonly capture: SendingSocket | undefined;
  private readonly frontCounters = new ProxySideCounters();
  private readonly backCounters = new ProxySideCounters();
  private state: ProxyState = "idle";
  /** Set while paused: the loops wait on it before taking the next message. */
  private resumed: Promise<void> | undefined = undefined;
  private wakeResumed: (() => void) | undefined = undefined;
  /** Settles when the proxy ends: a loop waiting on the capture socket stops waiting then. */
  private ended: Promise<void> | undefined = undefined;
  private signalEnded: (() => void) | undefined = undefined;
  private failure: Error | undefined = undefined;
  /** Removes the listeners that end the proxy when the user closes one of its sockets. */
  private unlisten: (() => void)[] = [];

  /**
   * Creates a proxy between two sockets; forwarding starts with `run()`, once both are bound or connected.
   *
   * @param frontEnd The front-end socket.
   * @param backEnd The back-end socket.
   * @param options `{ capture }`: a socket that also gets every message forwarded (zmtp's addition).
   */
  constructor(frontEnd: F, backEnd: B, options?: ProxyOptions) {
    checkSocketArgument(frontEnd, "Front-end");
    checkSocketArgument(backEnd, "Back-end");
    this.capture = captureOption(options);
    this.frontEnd = frontEnd;
    this.backEnd = backEnd;
  }

  /**
   * What each side has carried so far (libzmq's STATISTICS: messages, frames and bytes in and out per
   * side; see ProxySideStatistics for libzmq's two ways of counting). A snapshot; still readable after the
   * proxy has ended.
   */
  get statistics(): ProxyStatistics {
    return { frontEnd: this.frontCounters.snapshot(), backEnd: this.backCounters.snapshot() };
  }

  /**
   * Starts forwarding and resolves when the proxy has terminated (`terminate()`, or either socket closed).
   * Bind or connect both sockets and set their options first. As in zeromq.js, the front-end and back-end
   * sockets are closed when the proxy ends (the capture socket is left open); while it runs, the sockets it
   * reads have no `receiveTimeout` (set to -1: libzmq's proxy polls them). Rejects with EINVAL if a
   * socket is closed or has no endpoint, with EFSM if the proxy is already running, and with the error
   * of a failed send if forwarding fails (the sockets are closed then too).
   */
  run(): Promise<void> {
    if (this.state === "running") return Promise.reject(new ZmqError("EFSM", "Proxy is already running"));
    const unready = notReady(this.frontEnd, "Front-end") ?? notReady(this.backEnd, "Back-end");
    if (unready !== undefined) return Promise.reject(unready);
    if (this.capture?.closed === true) return Promise.reject(new ZmqError("EBADF", "Capture socket is closed"));

    const front = this.frontEnd;
    const back = this.backEnd;
    const frontIn = receiving(front);
    const frontOut = sending(front);
    const backIn = receiving(back);
    const backOut = sending(back);
    const forwards = frontIn !== undefined && backOut !== undefined;
    const returns = backIn !== undefined && frontOut !== undefined;
    if (!forwards && !returns) {
      return Promise.reject(
        new ZmqError("EINVAL", `A proxy between ${typeName(front)} and ${typeName(back)} cannot forward anything: one side must receive and the other send`),
      );
    }
    this.state = "running";
    this.ended = new Promise((resolve) => (this.signalEnded = resolve));
    // A side the user closes ends the proxy, even one the proxy only writes to (no pending call to fail).
    this.unlisten = [socketEvents(front).listen(this.sideEnded), socketEvents(back).listen(this.sideEnded)];
    // libzmq's proxy polls, so its sockets' receive timeouts never fire; here the loops wait in receive(),
    // so the sockets they read wait without one while the proxy runs (they are closed when it ends).
    if (forwards) frontIn.receiveTimeout = -1;
    if (returns) backIn.receiveTimeout = -1;
    const loops: Promise<void>[] = [];
    if (forwards) loops.push(this.forward(frontIn, backOut, this.frontCounters, this.backCounters));
    if (returns) loops.push(this.forward(backIn, frontOut, this.backCounters, this.frontCounters));
    return Promise.all(loops).then(() => {
      if (this.failure !== undefined) throw this.failure;
    });
  }

  /**
   * Stops forwarding until `resume()`: messages stay queued in the sockets (a message that was already
   * arriving as the proxy paused waits in the proxy). Throws EBADF if the proxy is not running.
   */
  pause(): void {
    this.assertRunning();
    if (this.resumed !== undefined) return;
    this.resumed = new Promise((resolve) => (this.wakeResumed = resolve));
  }

  /** Resumes forwarding after `pause()`. Throws EBADF if the proxy is not running. */
  resume(): void {
    this.assertRunning();
    this.wake();
  }

  /**
   * Ends the proxy: forwarding stops, the front-end and back-end sockets are closed (what they already
   * queued out still gets their `linger` to go; what they hold in is dropped, as a closed socket's queue
   * is), and `run()` resolves shortly after. Throws EBADF if the proxy is not running.
   */
  terminate(): void {
    this.assertRunning();
    this.finish(undefined);
  }

  // ---- internals ----------------------------------------------------------------------------------------

  private assertRunning(): void {
    if (this.state === "idle") throw new ZmqError("EBADF", "Proxy is not running: call run() first");
    if (this.state === "terminated") throw new ZmqError("EBADF", "Proxy has terminated");
  }

  private wake(): void {
    const wake = this.wakeResumed;
    this.resumed = undefined;
    this.wakeResumed = undefined;
    wake?.();
  }

  /** Ends the proxy once: closes its two sockets (so every pending call on them settles) and wakes the loops. */
  private finish(failure: Error | undefined): void {
    if (this.state !== "running") return;
    this.state = "terminated";
    this.failure = failure;
    this.wake();
    this.signalEnded?.();
    for (const unlisten of this.unlisten) unlisten();
    this.unlisten = [];
    this.frontEnd.close();
    this.backEnd.close();
  }

  /**
   * One direction: takes a message from `from`, counts it, copies it to the capture socket, sends it through
   * `to`, and only then takes the next. Never rejects: a failure ends the proxy (`finish`). Per message it
   * awaits only the sockets' own promises (no wrapper, no closure).
   */
  private async forward(from: ReceivingSocket, to: SendingSocket, fromSide: ProxySideCounters, toSide: ProxySideCounters): Promise<void> {
    const capture = this.capture;
    try {
      for (;;) {
        if (this.resumed !== undefined) await this.resumed;
        if (this.state !== "running") return;
        let message: Buffer[];
        try {
          message = await from.receive();
        } catch (err) {
          await this.receiveFailed(from, err);
          continue;
        }
        const bytes = fromSide.countIn(message);
        // Paused while it was arriving: it waits here, unsent, as it would have in the socket.
        if (this.resumed !== undefined) await this.resumed;
        if (this.state !== "running") return;
        if (capture !== undefined) {
          // Waits for the capture socket as for the other side (libzmq blocks on it too), but no longer than
          // the proxy runs: terminate() closes the two sides, not the capture socket.
          if (capture.writable) await capture.send(message);
          else await Promise.race([capture.send(message), this.ended]);
          if (this.state !== "running") return;
        }
        await to.send(message);
        toSide.countOut(message.length, bytes);
      }
    } catch (err) {
      this.failed(err);
    }
  }

  /**
   * A receive failed: rethrows, unless a `receiveTimeout` (set again while the proxy runs) ran out on an
   * open socket; then the proxy keeps waiting, a turn of the event loop later if the timeout is 0 (not a spin).
   */
  private async receiveFailed(from: ReceivingSocket, err: unknown): Promise<void> {
    if (this.state !== "running" || from.closed || (err as { code?: unknown }).code !== "EAGAIN") throw err;
    if (from.receiveTimeout === 0) await nextTurn();
  }

  /** A side's monitor event: "end" comes once a socket has closed (after its linger). */
  private readonly sideEnded = (event: SocketEvent): void => {
    if (event.type === "end") this.failed(undefined);
  };

  /** A loop's call failed: the end of a terminated proxy, a side closed by the user (the proxy ends), or an error. */
  private failed(err: unknown): void {
    if (this.state !== "running") return;
    if (this.frontEnd.closed || this.backEnd.closed) {
      this.finish(undefined);
      return;
    }
    this.finish(asError(err));
  }
}
