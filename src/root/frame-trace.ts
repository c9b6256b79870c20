import type { ConnectionTrace, FrameTracer, TraceEvent } from "../engine/trace/trace-event.js";
import type { ConnectionOrigin } from "../session/socket-host.js";

/**
 * Node's `process`, where there is one: this module is in the browser build too (a page turns the tracer on
 * with a callback, and its ws:// connections are traced), so it reads the global instead of importing it.
 */
const host = (globalThis as { process?: { env?: Record<string, string | undefined>; stderr?: { write(text: string): unknown } } })
  .process;

/** Writes each event's line to stderr, as `ZMTP_DEBUG=1` asks (the console where there is no stderr). */
const toStderr: FrameTracer = (event: TraceEvent) => {
  if (host?.stderr !== undefined) host.stderr.write(`${event.text}\n`);
  else console.error(event.text);
};

/** `ZMTP_DEBUG` set to anything but "", "0", "false", "off" or "no" turns the tracer on for the process. */
function fromEnvironment(): FrameTracer | undefined {
  const value = host?.env?.ZMTP_DEBUG?.trim().toLowerCase() ?? "";
  return ["", "0", "false", "off", "no"].includes(value) ? undefined : toStderr;
}

let tracer: FrameTracer | undefined = fromEnvironment();
let connections = 0;

/**
 * Turns the frame tracer on or off for connections set up from now on (each connection keeps what it started
 * with): `true` prints each event's line to stderr, as the `ZMTP_DEBUG=1` environment variable does; a
 * function receives each {@link TraceEvent}; `false` turns it off (`ZMTP_DEBUG` included).
 *
 * The tracer shows every tcp and ipc connection's greetings, handshake and traffic commands (READY with its
 * metadata, PING, SUBSCRIBE, ERROR, CURVE's HELLO … MESSAGE) and data frames (flags, size, the first octets
 * as text or hex), with the endpoint, the peer's address and the direction, and the end of the connection.
 * inproc has no wire to trace; Stream sockets speak no ZMTP and are not traced. Off (the default), it costs
 * nothing: a connection is wrapped in the tracer only if it is on when the connection starts.
 *
 * @example
 * ```ts
 * import { traceFrames } from "zmtp";
 * traceFrames((event) => { if (event.kind === "command") console.log(event.text); });
 * ```
 */
export function traceFrames(on: FrameTracer | boolean): void {
  if (typeof on === "function") tracer = on;
  else if (typeof on === "boolean") tracer = on ? toStderr : undefined;
  else throw new TypeError("traceFrames takes a function or a boolean");
}

/** The peer's `address:port` where the stream has one (tcp); ipc streams have none. */
function peerOf(stream: object): string {
  const { remoteAddress, remotePort } = stream as { remoteAddress?: unknown; remotePort?: unknown };
  if (typeof remoteAddress !== "string") return "";
  const host = remoteAddress.includes(":") ? `[${remoteAddress}]` : remoteAddress;
  return typeof remotePort === "number" ? `${host}:${remotePort}` : host;
}

/** A trace for a connection starting now, or undefined when the tracer is off (the connection runs untraced). */
export function connectionTrace(stream: object, origin: ConnectionOrigin | undefined): ConnectionTrace | undefined {
  if (tracer === undefined) return undefined;
  return {
    connection: ++connections,
    endpoint: origin?.endpoint ?? "",
    peer: peerOf(stream),
    origin: origin?.dialed === true ? "connect" : "accept",
    tracer,
  };
}
