import { context, ZmqError } from "../index.js";

/**
 * v5's `zmq.Context`: static accessors for the default context's ZMQ_IO_THREADS and ZMQ_MAX_SOCKETS, mapped
 * (as zeromq.js's v5-compat maps them) onto zmtp's `context`: `ioThreads` is accepted and checked but
 * changes nothing (zmtp runs on the event loop), `maxSockets` bounds the sockets open at once (EMFILE
 * beyond). It cannot be instantiated.
 */
export class Context {
  static setMaxThreads(value: number): void {
    context.ioThreads = value;
  }

  static getMaxThreads(): number {
    return context.ioThreads;
  }

  static setMaxSockets(value: number): void {
    context.maxSockets = value;
  }

  static getMaxSockets(): number {
    return context.maxSockets;
  }

  constructor() {
    throw new ZmqError("ENOTSUP", "Context cannot be instantiated in compatibility mode: use its static methods");
  }
}

/**
 * v5's `zmq.curveKeypair()`: a CURVE key pair as Z85 text. zmtp has no CURVE yet (`capability.curve` is
 * false), so this refuses clearly rather than hand out keys no socket could use.
 */
export function curveKeypair(): { public: string; secret: string } {
  throw new ZmqError("ENOTSUP", "curveKeypair() is not supported: zmtp has no CURVE mechanism yet (capability.curve is false)");
}
