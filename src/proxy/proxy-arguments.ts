import { ZmqError } from "../errors.js";
import { SocketBase } from "../sockets/socket-base.js";
import type { Writable } from "../sockets/socket-interfaces.js";

/** Options of a Proxy beyond zeromq.js's two sockets. */
export interface ProxyOptions {
  /**
   * libzmq's capture socket (`zmq_proxy(frontend, backend, capture)`): every message the proxy forwards, in
   * either direction, is also sent to it, whole, before it goes on. Any socket that sends (Publisher, Push,
   * Pair, Dealer…); the proxy waits for it as for the other side, and leaves it open when it ends.
   */
  capture?: SocketBase & Writable;
}

/** A socket the proxy reads (its class has `receive()`). */
export interface ReceivingSocket {
  readonly closed: boolean;
  receiveTimeout: number;
  receive(): Promise<Buffer[]>;
}

/** A socket the proxy writes (its class has `send()`). */
export interface SendingSocket {
  readonly closed: boolean;
  /** Whether `send()` would be accepted at once. */
  readonly writable: boolean;
  send(message: Buffer[]): Promise<void>;
}

/** The socket as one the proxy may read, or undefined if its type cannot receive (Push, Publisher). */
export function receiving(socket: SocketBase): ReceivingSocket | undefined {
  return typeof (socket as Partial<ReceivingSocket>).receive === "function" ? (socket as SocketBase & ReceivingSocket) : undefined;
}

/** The socket as one the proxy may write, or undefined if its type cannot send (Pull, Subscriber). */
export function sending(socket: SocketBase): SendingSocket | undefined {
  return typeof (socket as Partial<SendingSocket>).send === "function" ? (socket as SocketBase & SendingSocket) : undefined;
}

/** The constructor's checks of its sockets (zeromq.js's messages): a TypeError for anything but a socket. */
export function checkSocketArgument(value: unknown, side: "Front-end" | "Back-end"): void {
  if (!(value instanceof SocketBase)) throw new TypeError(`${side} must be a socket object`);
}

/** The capture socket, or undefined: the constructor's third argument checked (TypeError when wrong). */
export function captureOption(options: unknown): SendingSocket | undefined {
  if (options === undefined || options === null) return undefined;
  if (options instanceof SocketBase) {
    throw new TypeError("Expected 2 sockets and an optional options object: pass a capture socket as { capture }");
  }
  if (typeof options !== "object") throw new TypeError(`Proxy options must be an object, not ${typeof options}`);
  for (const key of Object.keys(options)) {
    if (key !== "capture") throw new TypeError(`Unknown Proxy option: ${key}`);
  }
  const capture = (options as { capture?: unknown }).capture;
  if (capture === undefined || capture === null) return undefined;
  const writer = capture instanceof SocketBase ? sending(capture) : undefined;
  if (writer === undefined) {
    throw new TypeError("The capture socket must be a socket that sends (Publisher, Push, Pair, Dealer…)");
  }
  return writer;
}

/**
 * Why `run()` cannot start with this socket, or undefined. As zeromq.js: a socket that is closed or was
 * never bound or connected gets EINVAL "… must be bound or connected" (a closed socket has no endpoints).
 */
export function notReady(socket: SocketBase, side: "Front-end" | "Back-end"): ZmqError | undefined {
  if (socket.closed || socket.lastEndpoint === null) return new ZmqError("EINVAL", `${side} socket must be bound or connected`);
  return undefined;
}

/** A class name for messages ("Push"). */
export function typeName(socket: SocketBase): string {
  return socket.constructor.name;
}
