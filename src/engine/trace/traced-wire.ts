import { encodeCommandBody } from "../../codec/command.js";
import { FLAG_COMMAND, FLAG_MORE } from "../../codec/constants.js";
import type { Greeting } from "../../codec/greeting.js";
import type { WireFactory } from "../protocol/zmtp-protocol.js";
import type { FrameWire, WireHandler } from "../wire/frame-wire.js";
import { commandSummary, curveMessageSummary, frameSummary, greetingSummary, isCommand, isCurveMessage } from "./frame-summary.js";
import type { ConnectionTrace, TraceEvent } from "./trace-event.js";

/** What our own greeting says, known before a byte is written. */
export type OwnGreeting = Pick<Greeting, "major" | "minor" | "mechanism" | "asServer">;

/**
 * The frame tracer as a decorator: it sits between the protocol part and the wire, both ways, and reports
 * what passes. The composition root decides when a connection is set up whether to put it there, so an
 * untraced connection runs exactly the code it would without a tracer (nothing is checked per frame).
 * A frame's body is read only while the call lasts (inbound bodies are views into the read chunk).
 */
class ConnectionTracer {
  private ended = false;

  constructor(
    private readonly trace: ConnectionTrace,
    /** CURVE: traffic frames are MESSAGE boxes, shown as such rather than as data. */
    private readonly boxed: boolean,
  ) {}

  emit(direction: TraceEvent["direction"], kind: TraceEvent["kind"], command: string, flags: number, size: number, summary: string): void {
    const { connection, endpoint, peer, origin } = this.trace;
    const arrow = direction === "in" ? "<" : ">";
    // A dialed tcp connection's peer is its endpoint: said once.
    const where = peer === "" || endpoint.endsWith(`//${peer}`) ? endpoint : `${endpoint} (peer ${peer})`;
    const text = `zmtp #${connection} ${origin} ${where} ${arrow} ${summary}`;
    this.trace.tracer({ connection, endpoint, peer, origin, direction, kind, command, flags, size, summary, text });
  }

  frame(direction: TraceEvent["direction"], flags: number, body: Uint8Array): void {
    if (isCommand(flags)) {
      const { name, summary } = commandSummary(body);
      this.emit(direction, "command", name, flags, body.length, summary);
    } else if (this.boxed && isCurveMessage(body)) {
      this.emit(direction, "command", "MESSAGE", flags, body.length, curveMessageSummary(flags, body));
    } else {
      this.emit(direction, "frame", "", flags, body.length, frameSummary(flags, body));
    }
  }

  /** The connection ended: reported once, by whichever side noticed first. */
  closed(direction: TraceEvent["direction"], why: string): void {
    if (this.ended) return;
    this.ended = true;
    this.emit(direction, "closed", "", 0, 0, `closed: ${why}`);
  }
}

/** The protocol's side: what the wire hands up (the peer's greeting, frames, the end). */
class TracedHandler implements WireHandler {
  constructor(
    private readonly inner: WireHandler,
    private readonly tracer: ConnectionTracer,
  ) {}

  onFrame(flags: number, body: Uint8Array): void {
    this.tracer.frame("in", flags, body);
    this.inner.onFrame(flags, body);
  }

  wireGreeted(greeting: Greeting): void {
    this.tracer.emit("in", "greeting", "", 0, 0, `greeting ${greetingSummary(greeting)}`);
    this.inner.wireGreeted(greeting);
  }

  wireFill(): void {
    this.inner.wireFill();
  }

  wireClosed(error: Error | undefined): void {
    this.tracer.closed("in", error === undefined ? "by the peer" : `${error.name}: ${error.message}`);
    this.inner.wireClosed(error);
  }
}

/** The wire as the protocol sees it: what the protocol hands down (commands, frames, messages, the end). */
class TracedWire implements FrameWire {
  constructor(
    private readonly inner: FrameWire,
    private readonly tracer: ConnectionTracer,
  ) {}

  message(frames: readonly Uint8Array[]): void {
    const last = frames.length - 1;
    for (let i = 0; i <= last; i++) this.tracer.frame("out", i < last ? FLAG_MORE : 0, frames[i]!);
    this.inner.message(frames);
  }

  frame(flags: number, body: Uint8Array): void {
    this.tracer.frame("out", flags, body);
    this.inner.frame(flags, body);
  }

  command(name: string, data: Uint8Array): void {
    this.tracer.frame("out", FLAG_COMMAND, encodeCommandBody(name, data));
    this.inner.command(name, data);
  }

  get pendingBytes(): number {
    return this.inner.pendingBytes;
  }

  get congested(): boolean {
    return this.inner.congested;
  }

  flushSoon(): void {
    this.inner.flushSoon();
  }

  flushNow(): void {
    this.inner.flushNow();
  }

  pauseReading(): void {
    this.inner.pauseReading();
  }

  resumeReading(): void {
    this.inner.resumeReading();
  }

  progress(): Promise<void> {
    return this.inner.progress();
  }

  end(): Promise<void> {
    this.tracer.closed("out", "by us, after what was queued");
    return this.inner.end();
  }

  destroy(): void {
    this.tracer.closed("out", "by us");
    this.inner.destroy();
  }

  startTraffic(): void {
    this.inner.startTraffic();
  }
}

/**
 * `createWire` with the tracer around the wire it makes and around the protocol it reports to. Our greeting
 * is reported first: the wire writes its first octets as it is made.
 */
export function tracedWireFactory(
  createWire: WireFactory,
  trace: ConnectionTrace,
  ours: OwnGreeting,
  /** What our side's opening is reported as (ZWS has no greeting octets: its subprotocol stands for one). */
  opening = `greeting ${greetingSummary(ours)}`,
): WireFactory {
  return (handler) => {
    const tracer = new ConnectionTracer(trace, ours.mechanism === "CURVE");
    tracer.emit("out", "greeting", "", 0, 0, opening);
    return new TracedWire(createWire(new TracedHandler(handler, tracer)), tracer);
  };
}
