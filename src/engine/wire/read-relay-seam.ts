import type { Duplex } from "node:stream";

/**
 * The engine's side of transport/read-relay.ts: a stream a transport dialed may offer a relay that lets
 * the wire choose, read by read, where octets go (a large frame's body straight into its own buffer). The
 * engine may not import transport/ (nor transport/ the engine), so both sides name the same registered
 * symbol and agree on these shapes; a stream without a relay is read from 'data' events as any stream.
 */
export const READ_RELAY = Symbol.for("zmtp.readRelay");

export interface ReadSink {
  /** A buffer the next read should fill directly, or undefined (the relay reads into its own). */
  directBuffer(): Uint8Array | undefined;
  /** Whether large frames are coming (one is being read): the relay's reads then take more at a time. */
  largeReads(): boolean;
  /** `length` octets were read into the buffer `directBuffer()` returned last. */
  directFilled(length: number): void;
  /** Octets read anywhere else, never written again (views may be kept). */
  received(chunk: Uint8Array): void;
}

export interface ReadRelayPort {
  /** From now on reads go to `sink`; what the stream holds already goes first (synchronously). */
  attach(sink: ReadSink): void;
}

export function readRelayOf(stream: Duplex): ReadRelayPort | undefined {
  return (stream as Partial<Record<typeof READ_RELAY, ReadRelayPort>>)[READ_RELAY];
}
