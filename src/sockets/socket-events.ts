import type { SocketEvent, SocketEventSink } from "../events.js";

type Listener = (event: SocketEvent) => void;

/**
 * A socket's monitor events, fanned out to whoever listens. Nothing is kept when nobody listens: events
 * cost a function call then, no allocation beyond the event the session made.
 */
export class SocketEventHub implements SocketEventSink {
  private listeners: Listener[] = [];

  emit(event: SocketEvent): void {
    const listeners = this.listeners;
    for (let i = 0; i < listeners.length; i++) listeners[i]!(event);
  }

  /** Adds a listener; returns a function that removes it. */
  listen(listener: Listener): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }
}

const hubs = new WeakMap<object, SocketEventHub>();

/** The event hub of a socket (internal: the Observer and tests use it; it is not part of the API). */
export function socketEvents(socket: object): SocketEventHub {
  let hub = hubs.get(socket);
  if (hub === undefined) {
    hub = new SocketEventHub();
    hubs.set(socket, hub);
  }
  return hub;
}
