import { encodeCommandBody } from "../../codec/command.js";
import { FLAG_COMMAND, FLAG_MORE } from "../../codec/constants.js";
import { asError, markMechanismFailure } from "../../errors.js";
import type { FrameOutput, FrameTransform } from "../../mechanism/mechanism.js";

/**
 * Traffic through a mechanism's frame transform (CURVE): every frame to the peer, commands included, goes
 * through `encode` before the wire; every frame from the wire through `decode` before dispatch. Only
 * mechanisms with a transform pay for this; the others keep the protocol's direct paths.
 */
export class TransformedFrames {
  constructor(
    private readonly transform: FrameTransform,
    private readonly toWire: FrameOutput,
    private readonly fromWire: FrameOutput,
  ) {}

  /** Throws what the transform throws, marked as the mechanism's failure (reported as libzmq reports it). */
  decode(flags: number, body: Uint8Array): void {
    try {
      this.transform.decode(flags, body, this.fromWire);
    } catch (err) {
      throw markMechanismFailure(asError(err));
    }
  }

  encodeMessage(frames: readonly Uint8Array[]): void {
    const last = frames.length - 1;
    for (let i = 0; i <= last; i++) this.transform.encode(i < last ? FLAG_MORE : 0, frames[i]!, this.toWire);
  }

  encodeCommand(name: string, data: Uint8Array): void {
    this.transform.encode(FLAG_COMMAND, encodeCommandBody(name, data), this.toWire);
  }
}
