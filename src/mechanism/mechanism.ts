import type { Command } from "../codec/command.js";
import type { Metadata } from "../codec/metadata.js";

/** What a mechanism may do to the connection during the handshake: send commands. */
export interface CommandWriter {
  sendCommand(name: string, data: Uint8Array): void;
  /**
   * A command frame sent exactly as given, even one that is not a well-formed command: libzmq's PLAIN ERROR
   * (mechanism/plain/libzmq-plain-error.ts). Optional, so that writers which only record commands need not
   * have it; the engine's has it.
   */
  sendCommandFrame?(body: Uint8Array): void;
}

/** Where a frame transform puts what it produced (one frame or more per frame given). */
export interface FrameOutput {
  frame(flags: number, body: Uint8Array): void;
}

/**
 * A mechanism that changes every frame once the handshake is done, in both directions, commands included
 * (CURVE boxes each one into a MESSAGE command). `flags` carries MORE and COMMAND; the engine frames what
 * comes out. A mechanism without a transform (NULL, PLAIN) leaves frames as they are, and the engine keeps
 * its fast paths for them.
 */
export interface FrameTransform {
  /** One frame to the peer: hand `out` what goes on the wire instead. Throws ProtocolError if it cannot. */
  encode(flags: number, body: Uint8Array, out: FrameOutput): void;
  /** One frame from the peer, as the wire gave it: hand `out` the frame(s) it stands for. Throws if invalid. */
  decode(flags: number, body: Uint8Array, out: FrameOutput): void;
}

/**
 * A security mechanism (RFC 37 §"Authentication and Confidentiality"): a state machine over handshake
 * commands, with no I/O and no timers, so it runs on any runtime and is tested byte by byte. NULL is here;
 * PLAIN and CURVE implement the same interface (CURVE with a transform, ZAP with steps that finish later).
 */
export interface Mechanism {
  /** Name sent in the greeting (NULL, PLAIN, CURVE); both sides must agree. */
  readonly name: string;
  /** The as-server octet we send (meaningful for PLAIN/CURVE; always 0 for NULL). */
  readonly asServer: boolean;
  /**
   * Called once both greetings are in: send whatever this side opens with. A side that must ask first (NULL
   * with ZAP asks before its READY) returns a promise: the engine reads nothing meanwhile, as for a step of
   * `onCommand`, and what it sent goes out when the promise settles.
   */
  start(out: CommandWriter): void | Promise<void>;
  /**
   * A command received during the handshake. Returns true once the handshake is complete. A step that must
   * wait (a ZAP authenticator's answer) returns a promise instead: the engine reads nothing more meanwhile,
   * the handshake timer keeps running, and commands sent before it settles go out when it does (an ERROR sent
   * before a rejection too). Throws (or rejects with) ProtocolError for a broken peer, AuthError or
   * HandshakeError for a refusal.
   */
  onCommand(command: Command, out: CommandWriter): boolean | Promise<boolean>;
  /**
   * Reads a handshake command frame's body; absent: codec/command.ts's decodeCommand. PLAIN's client also
   * reads libzmq's misspelt PLAIN ERROR this way.
   */
  decodeCommand?(body: Uint8Array): Command;
  /** The peer's metadata (READY / INITIATE properties), keyed by lower-cased name. */
  readonly peerMetadata: Metadata;
  /** Present when the mechanism changes traffic frames (after the handshake). */
  readonly transform?: FrameTransform;
}
