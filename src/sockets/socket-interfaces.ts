import type { MessageLike } from "../message.js";
import type { Context } from "./context.js";
import type { SocketBase } from "./socket-base.js";

/**
 * The public helper types of zeromq.js v6 (`Readable`, `Writable`, `SocketOptions<S>`), with the same names
 * and type parameters, so that code typed against zeromq.js compiles against zmtp. Only the members zmtp
 * really has are listed (zeromq.js also has `receiveBufferSize`, `sendBufferSize` and `multicastHops`).
 */

/** A socket that receives (zeromq.js's `Readable`): `M` is what `receive()` resolves to. */
export interface Readable<M extends object[] = Buffer[]> {
  /** ZMQ_RCVHWM: messages queued per peer on receipt before reading from it pauses. */
  receiveHighWaterMark: number;
  /** ZMQ_RCVTIMEO: ms `receive()` may wait before EAGAIN (-1 forever). */
  receiveTimeout: number;
  /** Resolves to the next message. */
  receive(): Promise<M>;
  /** `for await (const message of socket)`: every message until the socket closes. */
  [Symbol.asyncIterator](): AsyncIterator<M, undefined>;
}

/** A socket that sends (zeromq.js's `Writable`): `M` is what `send()` takes, `O` its extra arguments. */
export interface Writable<
  M extends MessageLike | MessageLike[] = MessageLike | MessageLike[],
  O extends [...object[]] = [],
> {
  /** ZMQ_SNDHWM: messages queued per peer before `send()` waits. */
  sendHighWaterMark: number;
  /** ZMQ_SNDTIMEO: ms `send()` may wait at the high-water mark before EAGAIN (-1 forever). */
  sendTimeout: number;
  /** Queues a message; resolves once it is queued. */
  send(message: M, ...options: O): Promise<void>;
}

// The usual exact-equality test (as zeromq.js's own IfEquals): T is meant to appear once on each side.
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
type IfEquals<X, Y, A, B = never> = (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2 ? A : B;

/** The keys of T that are neither methods nor read-only (zeromq.js's `WritableKeys`). */
type WritableKeys<T> = {
  [P in keyof T]-?: T[P] extends (...args: never[]) => unknown
    ? never
    : IfEquals<{ [Q in P]: T[P] }, { -readonly [Q in P]: T[P] }, P>;
}[keyof T];

/**
 * The options a socket class takes, as zeromq.js computes them: every writable property, optional.
 * `SocketOptions<Router>` includes `mandatory`; `SocketOptions` alone, the options every socket has.
 */
export type SocketOptions<S extends SocketBase = SocketBase> = Partial<Pick<S, WritableKeys<S>>> & { context?: Context };
