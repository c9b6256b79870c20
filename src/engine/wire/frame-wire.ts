import type { FrameSink } from "../../codec/frame-decoder.js";
import type { Greeting } from "../../codec/greeting.js";

/**
 * The wire part of a connection, as the protocol part sees it: frames in, frames out. A byte stream with a
 * greeting and a framing per peer revision (ZMTP 3.x, 2.0, 1.0) is one wire (StreamWire); WebSocket messages and
 * datagrams are others, and the protocol part runs over any of them unchanged.
 */
export interface FrameWire {
  /** A message's frames, MORE on all but the last; written with the next flush. */
  message(frames: readonly Uint8Array[]): void;
  /** One frame (`flags`: MORE, COMMAND). */
  frame(flags: number, body: Uint8Array): void;
  /** A command frame (RFC 37 §"Commands"). */
  command(name: string, data: Uint8Array): void;
  /** Octets gathered and not yet written. */
  readonly pendingBytes: number;
  /** The peer is not taking what we write: gather nothing more until `wireFill` is called again. */
  readonly congested: boolean;
  /** Writes what is gathered at the end of this turn of the event loop (at once if a batch is full). */
  flushSoon(): void;
  /** Writes what is gathered now (handshake commands). */
  flushNow(): void;
  /** Hands over no more frames until resumed (input keeps arriving and waits, undecoded). */
  pauseReading(): void;
  /** Hands over what waited, then what arrives. Failures end the wire (`wireClosed`). */
  resumeReading(): void;
  /** Settles after the next write completes, the peer takes more, or the wire closes: for linger loops. */
  progress(): Promise<void>;
  /** Ends once what is gathered is written (or the wire closes); settles when it is closed. */
  end(): Promise<void>;
  /** Ends at once. No wireClosed follows. Idempotent. */
  destroy(): void;
  /** The handshake is done: frames up to maxMessageSize are accepted from now on (before: a tight bound). */
  startTraffic(): void;
}

/** What a wire reports to the protocol part running over it. Frames arrive through FrameSink.onFrame. */
export interface WireHandler extends FrameSink {
  /** The peer's greeting is in and a framing is chosen for its revision: the handshake may start. */
  wireGreeted(greeting: Greeting): void;
  /** The wire can take frames: gather some (a batch at most), and stop if it becomes congested. */
  wireFill(): void;
  /** The wire ended without being asked to (the peer closed, an error, a protocol violation). */
  wireClosed(error: Error | undefined): void;
}
