import type { Command } from "../codec/command.js";
import type { Metadata } from "../codec/metadata.js";

/** What a mechanism may do to the connection during the handshake: send commands. */
export interface CommandWriter {
  sendCommand(name: string, data: Uint8Array): void;
}

/**
 * A security mechanism (RFC 37 §"Authentication and Confidentiality"): a synchronous state machine over
 * handshake commands, with no I/O and no timers, so it runs on any runtime and is tested byte by byte.
 * NULL is here; PLAIN and CURVE implement the same interface (CURVE will also wrap traffic frames).
 */
export interface Mechanism {
  /** Name sent in the greeting (NULL, PLAIN, CURVE); both sides must agree. */
  readonly name: string;
  /** The as-server octet we send (meaningful for PLAIN/CURVE; always 0 for NULL). */
  readonly asServer: boolean;
  /** Called once both greetings are in: send whatever this side opens with. */
  start(out: CommandWriter): void;
  /**
   * A command received during the handshake. Returns true once the handshake is complete.
   * Throws HandshakeError (peer refused us, or sent ERROR) or ProtocolError (malformed command).
   */
  onCommand(command: Command, out: CommandWriter): boolean;
  /** The peer's metadata (READY / INITIATE properties), keyed by lower-cased name. */
  readonly peerMetadata: Metadata;
}

export type MechanismFactory = () => Mechanism;
