import { context, curveKeyPair, ZmqError } from "../index.js";

/**
 * v5's `zmq.Context`: static accessors for the default context's ZMQ_IO_THREADS and ZMQ_MAX_SOCKETS, mapped
 * (as zeromq.js's v5-compat maps them) onto zmtp's `context`: `ioThreads` is accepted and checked but
 * changes nothing (zmtp runs on the event loop), `maxSockets` bounds the sockets open at once (EMFILE
 * beyond). It cannot be instantiated.
 */
export class Context {
  /** ZMQ_IO_THREADS of the default context: accepted and checked, changes nothing (no I/O threads). */
  static setMaxThreads(value: number): void {
    context.ioThreads = value;
  }

  /** ZMQ_IO_THREADS of the default context, as set. */
  static getMaxThreads(): number {
    return context.ioThreads;
  }

  /** ZMQ_MAX_SOCKETS of the default context: how many sockets may be open at once (EMFILE beyond). */
  static setMaxSockets(value: number): void {
    context.maxSockets = value;
  }

  /** ZMQ_MAX_SOCKETS of the default context. */
  static getMaxSockets(): number {
    return context.maxSockets;
  }

  constructor() {
    throw new ZmqError("ENOTSUP", "Context cannot be instantiated in compatibility mode: use its static methods");
  }
}

/** v5's `zmq.curveKeypair()`: a fresh CURVE key pair as 40-character Z85 text, in v5's `{ public, secret }`. */
export function curveKeypair(): { public: string; secret: string } {
  const { publicKey, secretKey } = curveKeyPair();
  return { public: publicKey, secret: secretKey };
}
