import { decodeErrorReason, type Command } from "../codec/command.js";
import { decodeMetadata, encodeMetadata, type Metadata } from "../codec/metadata.js";
import { ProtocolError } from "../errors.js";
import type { CommandWriter, Mechanism } from "./mechanism.js";
import { peerError } from "./peer-error.js";

/**
 * The NULL mechanism (RFC 37 §"The NULL Security Mechanism"): each side sends READY with its metadata and
 * waits for the peer's READY. A peer may send ERROR instead, which ends the handshake.
 */
export class NullMechanism implements Mechanism {
  readonly name = "NULL";
  readonly asServer = false;
  peerMetadata: Metadata = new Map();
  private readonly ready: Uint8Array;
  private done = false;

  /** `properties` are sent in READY in this order, with these exact spellings. */
  constructor(properties: Iterable<readonly [string, Uint8Array]>) {
    this.ready = encodeMetadata(properties);
  }

  start(out: CommandWriter): void {
    out.sendCommand("READY", this.ready);
  }

  onCommand(command: Command, _out: CommandWriter): boolean {
    if (this.done) throw new ProtocolError(`unexpected ${command.name} command after the NULL handshake`, "ERR_ZMTP_UNEXPECTED_COMMAND");
    if (command.name === "READY") {
      this.peerMetadata = decodeMetadata(command.data);
      this.done = true;
      return true;
    }
    if (command.name === "ERROR") {
      throw peerError(decodeErrorReason(command.data));
    }
    throw new ProtocolError(`unexpected ${command.name} command during the NULL handshake`, "ERR_ZMTP_UNEXPECTED_COMMAND");
  }
}
