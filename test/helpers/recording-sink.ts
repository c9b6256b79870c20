/**
 * A FrameSink and GreetingSink that writes down every event as plain data (bodies as hex), so that two runs
 * over differently split input can be compared with one `toEqual`. Raw body views are kept too, for the
 * zero-copy assertions. `decodeStream` reads a whole ZMTP 3.x byte stream (greeting, then frames) into one,
 * the way a stream wire does: GreetingDecoder first, then FrameDecoder from where the greeting ended.
 */
import { FrameDecoder, type FrameDecoderOptions, type FrameSink } from "../../src/codec/frame-decoder.js";
import type { Greeting } from "../../src/codec/greeting.js";
import { GreetingDecoder, type GreetingSink } from "../../src/codec/greeting-decoder.js";
import { hex } from "./bytes.js";

export type SinkEvent =
  | { kind: "signature" }
  | { kind: "major"; major: number }
  | { kind: "greeting"; greeting: Greeting }
  | { kind: "unversioned"; received: string }
  | { kind: "frame"; flags: number; body: string };

export class RecordingSink implements FrameSink, GreetingSink {
  readonly events: SinkEvent[] = [];
  /** The body views exactly as the decoder handed them over. */
  readonly bodies: Uint8Array[] = [];
  /** Called after each frame is recorded (tests use it to stop or pause the decoder mid-chunk). */
  afterFrame: ((index: number) => void) | undefined = undefined;
  /** Called after the major version is recorded (tests use it to refuse a revision, as a wire does). */
  afterMajor: ((major: number) => void) | undefined = undefined;

  onSignature(): void {
    this.events.push({ kind: "signature" });
  }

  onMajorVersion(major: number): void {
    this.events.push({ kind: "major", major });
    this.afterMajor?.(major);
  }

  onGreeting(greeting: Greeting): void {
    this.events.push({ kind: "greeting", greeting: { ...greeting } });
  }

  onUnversioned(received: Uint8Array): void {
    this.events.push({ kind: "unversioned", received: hex(received) });
  }

  onFrame(flags: number, body: Uint8Array): void {
    this.events.push({ kind: "frame", flags, body: hex(body) });
    this.bodies.push(body);
    this.afterFrame?.(this.bodies.length - 1);
  }

  /** Only the frame events. */
  get frames(): { flags: number; body: string }[] {
    const out: { flags: number; body: string }[] = [];
    for (const event of this.events) if (event.kind === "frame") out.push({ flags: event.flags, body: event.body });
    return out;
  }
}

/**
 * A greeting decoder and a frame decoder chained as a stream wire chains them: each chunk goes to the
 * greeting decoder until the greeting is in, and whatever follows it in that chunk (and every later chunk)
 * to the frame decoder, from the offset where the greeting ended.
 */
export class StreamDecoder {
  readonly greeting: GreetingDecoder;
  readonly frames: FrameDecoder;

  constructor(sink: FrameSink & GreetingSink, options?: FrameDecoderOptions) {
    this.greeting = new GreetingDecoder(sink);
    this.frames = new FrameDecoder(sink, options);
  }

  push(chunk: Uint8Array): void {
    let offset = 0;
    if (!this.greeting.done) {
      offset = this.greeting.push(chunk);
      if (offset === chunk.length) return;
    }
    this.frames.push(chunk, offset);
  }
}

/** Feeds the chunks of a whole stream (greeting, then frames) and returns what the sink saw. */
export function decodeStream(chunks: readonly Uint8Array[], options?: FrameDecoderOptions): RecordingSink {
  const sink = new RecordingSink();
  const decoder = new StreamDecoder(sink, options);
  for (const chunk of chunks) decoder.push(chunk);
  return sink;
}
