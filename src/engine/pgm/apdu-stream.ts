import { FLAG_MORE } from "../../codec/constants.js";
import type { FrameSink } from "../../codec/frame-decoder.js";
import { LegacyFrameDecoder } from "../../codec/legacy-frame-decoder.js";
import { NO_MESSAGE_START } from "../../codec/pgm/apdu-writer.js";
import type { Message } from "../../message.js";
import { MessageAssembly } from "../protocol/message-assembly.js";

/** What one source's stream counts. */
export interface ApduStreamStats {
  /** APDUs too short for the offset, or whose offset points past their data. */
  malformed: number;
  /** Frames that broke ZMTP/1.0, or messages over maxMessageSize. */
  decodeErrors: number;
  /** An announced message start that fell inside a frame or a message: the stream and its offsets disagree. */
  inconsistent: number;
}

/** Thrown from the sink to abandon a stream whose offsets contradict its frames. */
class InconsistentStream extends Error {}

const toBuffer = (buffer: ArrayBufferLike, byteOffset: number, length: number): Uint8Array => Buffer.from(buffer, byteOffset, length);

/**
 * One source's APDUs, in sequence order, back into messages (src/pgm_receiver.cpp `in_event`; wire
 * reference §1.5): not joined, it skips APDUs until one names where a message starts (offset ≠ 0xFFFF),
 * then decodes ZMTP/1.0 frames from there. Unlike libzmq, which pushes each frame to its session as it is
 * decoded, a message is handed on only once its last frame is in, so a loss (`reset`) or a decoding error
 * drops a partial message instead of delivering it, or splicing it onto the next. And every offset is
 * checked against the frames: a message start announced inside a frame means the stream is not what the
 * source sent, and it is abandoned rather than trusted. Bad input never throws out of here.
 *
 * `deliver` returning false (the pipe is full) pauses the stream with that message held; `resume` goes on.
 */
export class ApduStream implements FrameSink {
  readonly stats: ApduStreamStats = { malformed: 0, decodeErrors: 0, inconsistent: 0 };
  private decoder: LegacyFrameDecoder | undefined = undefined;
  private readonly assembly: MessageAssembly;
  /** Octets of frame data pushed since joining, and octets of the frames decoded from them. */
  private fed = 0;
  private decoded = 0;
  /** Stream positions where APDU offsets say a message starts, not yet reached by the decoder. */
  private readonly starts: number[] = [];
  private held: Message | undefined = undefined;
  private paused = false;

  constructor(
    private readonly deliver: (message: Message) => boolean,
    private readonly maxMessageSize: number,
  ) {
    this.assembly = new MessageAssembly(maxMessageSize);
  }

  /** Whether a message waits for room in the pipe (push nothing more until `resume` says so). */
  get blocked(): boolean {
    return this.paused;
  }

  /** Whether the stream has found a message start and decodes. */
  get joined(): boolean {
    return this.decoder !== undefined;
  }

  /** The next APDU of this source, in sequence order. */
  push(apdu: Uint8Array): void {
    if (apdu.length < 2) {
      // libzmq asserts on this (src/pgm_receiver.cpp); it is only dropped here.
      this.stats.malformed++;
      this.reset();
      return;
    }
    const offset = (apdu[0]! << 8) | apdu[1]!;
    let from = 2;
    if (offset !== NO_MESSAGE_START && 2 + offset > apdu.length) {
      this.stats.malformed++;
      this.reset();
      return;
    }
    if (this.decoder === undefined) {
      if (offset === NO_MESSAGE_START) return;
      this.decoder = new LegacyFrameDecoder(this, { version: 1, maxFrameSize: this.maxMessageSize, view: toBuffer, allocate: allocateBuffer });
      from = 2 + offset;
    } else if (offset !== NO_MESSAGE_START) {
      this.starts.push(this.fed + offset);
    }
    this.fed += apdu.length - from;
    this.decode(() => {
      this.decoder!.push(apdu, from);
    });
  }

  /** A gap in the sequence: whatever was being assembled is dropped, and the stream waits for a message start. */
  reset(): void {
    this.decoder?.stop();
    this.decoder = undefined;
    this.assembly.clear();
    this.starts.length = 0;
    this.fed = 0;
    this.decoded = 0;
    // A held message was whole before the gap: it is still delivered.
    if (this.held === undefined) this.paused = false;
  }

  /** The pipe has room again: delivers the held message, then decodes what waited. False if blocked again. */
  resume(): boolean {
    const held = this.held;
    if (held !== undefined) {
      if (!this.deliver(held)) return false;
      this.held = undefined;
    }
    this.paused = false;
    const decoder = this.decoder;
    if (decoder !== undefined) this.decode(() => {
      decoder.resume();
    });
    return !this.paused;
  }

  private decode(step: () => void): void {
    try {
      step();
    } catch (err) {
      if (err instanceof InconsistentStream) this.stats.inconsistent++;
      else this.stats.decodeErrors++;
      this.reset();
    }
  }

  onFrame(flags: number, body: Uint8Array): void {
    const start = this.decoded;
    // libzmq's v1_encoder writes the short header (2 octets) below a length of 255, else the long one (10).
    const end = start + body.length + (body.length + 1 < 255 ? 2 : 10);
    this.decoded = end;
    // Before the frame goes anywhere: every message start announced up to its end must be where a message
    // can start. One inside the frame, or one at its start while a message is being assembled, or one at its
    // end when the frame says MORE, means the stream is not what the source sent.
    const starts = this.starts;
    while (starts.length > 0 && starts[0]! <= end) {
      const announced = starts[0]!;
      if (announced === end) {
        if ((flags & FLAG_MORE) !== 0) throw new InconsistentStream();
        break;
      }
      if (announced !== start || this.assembly.started) throw new InconsistentStream();
      starts.shift();
    }
    const frame = body as Buffer;
    if ((flags & FLAG_MORE) !== 0) {
      this.assembly.add(frame);
      return;
    }
    const message = this.assembly.finish(frame);
    if (!this.deliver(message)) {
      this.held = message;
      this.paused = true;
      this.decoder?.pause();
    }
  }
}

function allocateBuffer(size: number): Uint8Array {
  return Buffer.allocUnsafe(size);
}
