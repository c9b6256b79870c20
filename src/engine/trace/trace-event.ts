/**
 * One thing the frame tracer saw on a connection: a greeting, a handshake or traffic command, a data frame,
 * or the end of the connection. Enable the tracer with the `ZMTP_DEBUG=1` environment variable (lines on
 * stderr) or with `traceFrames(callback)`.
 */
export interface TraceEvent {
  /** The connection's number, counted from 1 in this process (one per tcp/ipc connection, reconnects included). */
  readonly connection: number;
  /** The endpoint as the socket knows it: the address it bound (accepted connections) or connected to. */
  readonly endpoint: string;
  /** The peer's address and port (tcp), or `""` where the transport has none (ipc). */
  readonly peer: string;
  /** `"connect"` for a connection the socket dialed, `"accept"` for one a bound endpoint accepted. */
  readonly origin: "connect" | "accept";
  /**
   * `"in"`: from the peer; `"out"`: to the peer. For `"closed"`: `"in"` when the connection ended from the
   * wire's side (the peer closed it, the stream failed, or what the peer sent broke the protocol), `"out"`
   * when this side closed it.
   */
  readonly direction: "in" | "out";
  /** What it is. A CURVE connection's traffic shows as MESSAGE commands (each frame boxed). */
  readonly kind: "greeting" | "command" | "frame" | "closed";
  /** The command's name (READY, HELLO, PING, SUBSCRIBE, ERROR, …) for `kind: "command"`; else `""`. */
  readonly command: string;
  /** The frame's flags octet (RFC 37 §"Framing"): 1 MORE, 4 COMMAND; 0 for greetings and `"closed"`. */
  readonly flags: number;
  /** The frame body's size in octets (a command's whole body, name included); 0 for greetings and `"closed"`. */
  readonly size: number;
  /** A short readable summary: the greeting's version and mechanism, a command's fields, a frame's first octets. */
  readonly summary: string;
  /** The whole line as `ZMTP_DEBUG=1` prints it. */
  readonly text: string;
}

/** Receives the tracer's events, one call each, synchronously as frames pass: keep it quick. */
export type FrameTracer = (event: TraceEvent) => void;

/** Where one connection's trace goes and how it is labelled; made by the composition root. */
export interface ConnectionTrace {
  readonly connection: number;
  readonly endpoint: string;
  readonly peer: string;
  readonly origin: "connect" | "accept";
  readonly tracer: FrameTracer;
}
