import { ZmqError } from "../errors.js";
import { applyOptions } from "./apply-options.js";
import { boolean, defineOptions, integer, optionDefaults } from "./socket-options.js";

const INT32_MAX = 2 ** 31 - 1;
/** ZMQ_SOCKET_LIMIT as libzmq 4.3 reports it on Linux. */
const SOCKET_LIMIT = 65535;

/** Sockets open per context, for maxSockets (module-private: not part of the public class). */
const openSockets = new WeakMap<Context, number>();

/**
 * zeromq.js's `Context`: options shared by the sockets made with it (`new Push({ context })`). zmtp runs on
 * the event loop and needs no I/O threads, so `ioThreads`, `threadPriority` and `threadSchedulingPolicy` are
 * accepted and checked, for code written against zeromq.js, and change nothing. The others act as in libzmq:
 * `blocky: false` gives new sockets `linger` 0, `ipv6` is the default of new sockets' `ipv6`, `maxSockets`
 * bounds the sockets open at once (EMFILE beyond). `maxMessageSize` (ZMQ_MAX_MSGSZ) is kept and read back, as
 * libzmq 4.3 does nothing more with it; a socket's own `maxMessageSize` limits what it receives.
 */
export class Context {
  /** ZMQ_BLOCKY: false gives every socket made afterwards `linger` 0. @defaultValue `true` */
  declare blocky: boolean;
  /** ZMQ_IO_THREADS: accepted for compatibility; zmtp uses no I/O threads. @defaultValue `1` */
  declare ioThreads: number;
  /** ZMQ_MAX_MSGSZ (bytes): kept and read back (libzmq 4.3 does not apply it either). @defaultValue `2147483647` */
  declare maxMessageSize: number;
  /** ZMQ_MAX_SOCKETS: how many sockets may be open on this context at once (EMFILE beyond). @defaultValue `1023` */
  declare maxSockets: number;
  /** ZMQ_IPV6: the `ipv6` option of sockets made afterwards. @defaultValue `false` */
  declare ipv6: boolean;
  /** ZMQ_THREAD_PRIORITY: accepted for compatibility; no threads to apply it to. @defaultValue `-1` */
  declare threadPriority: number;
  /** ZMQ_THREAD_SCHED_POLICY: accepted for compatibility; no threads to apply it to. @defaultValue `-1` */
  declare threadSchedulingPolicy: number;

  /** The values behind the option accessors (socket-options.ts reads and writes them, checked). */
  protected readonly optionValues: Record<string, unknown> = optionDefaults(this);

  constructor(options?: Partial<Omit<Context, "maxSocketsLimit">>) {
    applyOptions(this, options);
    Object.preventExtensions(this);
  }

  /** ZMQ_SOCKET_LIMIT: the largest value maxSockets takes. */
  get maxSocketsLimit(): number {
    return SOCKET_LIMIT;
  }
}

defineOptions(Context, {
  blocky: boolean(true),
  ioThreads: integer(1, 0),
  maxMessageSize: integer(INT32_MAX, 0),
  maxSockets: integer(1023, 1, SOCKET_LIMIT),
  ipv6: boolean(false),
  threadPriority: integer(-1, -1),
  threadSchedulingPolicy: integer(-1, -1),
});

/** The context of every socket made without one (zeromq.js's `context`). */
export const context = new Context();

/** The `context` socket option: a Context (undefined: the default one); TypeError otherwise. */
export function checkContext(given: unknown): Context {
  const ctx = given ?? context;
  if (!(ctx instanceof Context)) throw new TypeError("Option value must be a Context: context");
  return ctx;
}

/** A socket opens on `ctx`: counted against maxSockets (EMFILE at the limit, as libzmq's zmq_socket). */
export function openOnContext(ctx: Context): Context {
  const open = openSockets.get(ctx) ?? 0;
  if (open >= ctx.maxSockets) {
    throw new ZmqError("EMFILE", `Too many open sockets: the context allows ${ctx.maxSockets} (maxSockets)`);
  }
  openSockets.set(ctx, open + 1);
  return ctx;
}

/** A socket of `ctx` closed. */
export function closedOnContext(ctx: Context): void {
  openSockets.set(ctx, Math.max(0, (openSockets.get(ctx) ?? 1) - 1));
}
