/**
 * Two in-memory wires joined back to back: frames written at one are handed, whole, to the other's
 * protocol, with no bytes, greeting or framing in between. It stands for any framing other than ZMTP 3.x
 * (WebSocket messages, datagrams): the protocol part must run over it unchanged.
 */
import { encodeCommandBody } from "../../src/codec/command.js";
import { FLAG_COMMAND, FLAG_MORE } from "../../src/codec/constants.js";
import type { Greeting } from "../../src/codec/greeting.js";
import type { FrameWire, WireHandler } from "../../src/engine/wire/frame-wire.js";

export interface WireFrame {
  flags: number;
  body: Uint8Array;
}

export class MemoryFrameWire implements FrameWire {
  handler!: WireHandler;
  peer!: MemoryFrameWire;
  /** Every frame this wire carried to its peer, in order. */
  readonly sent: WireFrame[] = [];
  closed = false;
  private out: WireFrame[] = [];
  private held: WireFrame[] = [];
  private pauses = 0;
  private scheduled = false;
  private waiters: (() => void)[] = [];

  /** Both sides' greetings are "in": what a message-framed transport learns from its handshake. */
  greet(greeting: Greeting = { major: 3, minor: 1, mechanism: "NULL", asServer: false }): void {
    this.guard(() => {
      this.handler.wireGreeted(greeting);
    });
  }

  message(frames: readonly Uint8Array[]): void {
    frames.forEach((body, i) => {
      this.frame(i < frames.length - 1 ? FLAG_MORE : 0, body);
    });
  }

  frame(flags: number, body: Uint8Array): void {
    this.out.push({ flags, body });
  }

  command(name: string, data: Uint8Array): void {
    this.frame(FLAG_COMMAND, encodeCommandBody(name, data));
  }

  get pendingBytes(): number {
    return this.out.reduce((n, f) => n + f.body.length + 1, 0);
  }

  get congested(): boolean {
    return this.closed;
  }

  flushSoon(): void {
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      for (;;) {
        this.handler.wireFill();
        if (this.out.length === 0) break;
        this.flushNow();
      }
      this.wake();
    });
  }

  flushNow(): void {
    const frames = this.out;
    this.out = [];
    if (this.closed || frames.length === 0) return;
    this.sent.push(...frames);
    const peer = this.peer;
    // Delivered later, as any transport would: never inside the writer's call.
    queueMicrotask(() => {
      for (const frame of frames) peer.receive(frame);
    });
  }

  pauseReading(): void {
    this.pauses++;
  }

  resumeReading(): void {
    if (this.pauses === 0 || --this.pauses > 0) return;
    while (this.pauses === 0 && this.held.length > 0 && !this.closed) this.deliver(this.held.shift()!);
  }

  progress(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  end(): Promise<void> {
    this.flushNow();
    this.shutdown();
    return Promise.resolve();
  }

  destroy(): void {
    this.out = [];
    this.shutdown();
  }

  /** Frames in memory have no size bound to lift. */
  startTraffic(): void {
    this.trafficStarted = true;
  }

  /** Whether the protocol lifted the handshake's frame bound (for tests). */
  trafficStarted = false;

  private shutdown(): void {
    if (this.closed) return;
    this.closed = true;
    this.wake();
    const peer = this.peer;
    queueMicrotask(() => {
      peer.lost();
    });
  }

  /** The other side went away. */
  private lost(): void {
    if (this.closed) return;
    this.closed = true;
    this.wake();
    this.handler.wireClosed(undefined);
  }

  private receive(frame: WireFrame): void {
    if (this.closed) return;
    if (this.pauses > 0) this.held.push(frame);
    else this.deliver(frame);
  }

  private deliver(frame: WireFrame): void {
    this.guard(() => {
      this.handler.onFrame(frame.flags, frame.body);
    });
  }

  /** A protocol violation ends the wire, as a stream wire does. */
  private guard(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.destroy();
      this.handler.wireClosed(err as Error);
    }
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

/** Two wires, each the other's peer. Hand `a.bind`/`b.bind` to ZmtpProtocol as its wire factory. */
export function frameWirePair(): { a: MemoryFrameWire; b: MemoryFrameWire; factory: (wire: MemoryFrameWire) => (handler: WireHandler) => FrameWire } {
  const a = new MemoryFrameWire();
  const b = new MemoryFrameWire();
  a.peer = b;
  b.peer = a;
  const factory = (wire: MemoryFrameWire) => (handler: WireHandler): FrameWire => {
    wire.handler = handler;
    return wire;
  };
  return { a, b, factory };
}
