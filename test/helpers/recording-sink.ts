/**
 * A DecoderSink that writes down every event as plain data (bodies as hex), so that two runs over
 * differently split input can be compared with one `toEqual`. Raw body views are kept too, for the
 * zero-copy assertions.
 */
import type { DecoderSink } from "../../src/codec/frame-decoder.js";
import type { Greeting } from "../../src/codec/greeting.js";
import { hex } from "./bytes.js";

export type SinkEvent =
  | { kind: "signature" }
  | { kind: "major"; major: number }
  | { kind: "greeting"; greeting: Greeting }
  | { kind: "frame"; flags: number; body: string };

export class RecordingSink implements DecoderSink {
  readonly events: SinkEvent[] = [];
  /** The body views exactly as the decoder handed them over. */
  readonly bodies: Uint8Array[] = [];
  /** Called after each frame is recorded (tests use it to stop or pause the decoder mid-chunk). */
  afterFrame: ((index: number) => void) | undefined = undefined;

  onSignature(): void {
    this.events.push({ kind: "signature" });
  }

  onMajorVersion(major: number): void {
    this.events.push({ kind: "major", major });
  }

  onGreeting(greeting: Greeting): void {
    this.events.push({ kind: "greeting", greeting: { ...greeting } });
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
