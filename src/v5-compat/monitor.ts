import { Observer, type Event, type EventType, type Socket as ZmtpSocket } from "../index.js";
import { rethrowLater, toError } from "./out-of-band.js";

/**
 * v5's monitor event names (its `exports.events`, libzmq's ZMQ_EVENT_* in order), from zmtp's (zeromq.js
 * v6) names. The handshake events had no v5 name, so v5 programs cannot listen for them; they are skipped,
 * as zeromq.js's v5-compat skips them.
 */
const V5_NAMES: Partial<Record<EventType, string>> = {
  connect: "connect",
  "connect:delay": "connect_delay",
  "connect:retry": "connect_retry",
  bind: "listen",
  "bind:error": "bind_error",
  accept: "accept",
  "accept:error": "accept_error",
  close: "close",
  "close:error": "close_error",
  disconnect: "disconnect",
};

/** Where monitor events go: the v5 socket's own events, `(value, endpoint, error)` as v5 emitted them. */
export interface MonitorSink {
  event(name: string, value: number | undefined, address: string, error: Error | undefined): void;
  error(err: Error): void;
}

/** The value v5 passed first: the retry interval, or the errno of an error event (v5's fd has no equivalent). */
function valueOf(event: Event): number | undefined {
  if (event.type === "connect:retry") return event.interval;
  return event.error?.errno;
}

/**
 * `socket.monitor()`: an Observer of its own on the zmtp socket (so that `unmonitor()` then `monitor()`
 * starts afresh), read in a loop as zeromq.js's v5-compat reads it, each event re-emitted under its v5
 * name. Reading, not listening, keeps user handlers out of the engine's call stack. v5's polling interval
 * and batch size have nothing to tune: events are delivered as they happen. Ends with the socket.
 */
export class Monitor {
  readonly #observer: Observer;
  readonly #sink: MonitorSink;
  #stopped = false;

  constructor(socket: ZmtpSocket, sink: MonitorSink) {
    this.#observer = new Observer(socket);
    this.#sink = sink;
    void this.#read();
  }

  /** unmonitor(): no event is emitted after this, even one already queued. */
  close(): void {
    this.#stopped = true;
    this.#observer.close();
  }

  async #read(): Promise<void> {
    const observer = this.#observer;
    for (;;) {
      let event: Event;
      try {
        // Queued events come out even once the observer has closed itself after `end`; then EBADF.
        event = await observer.receive();
      } catch (err) {
        if (!observer.closed) this.#sink.error(toError(err));
        return;
      }
      if (this.#stopped) return;
      const name = V5_NAMES[event.type];
      if (name === undefined) continue;
      try {
        this.#sink.event(name, valueOf(event), event.address, event.error);
      } catch (err) {
        rethrowLater(err);
      }
    }
  }
}
