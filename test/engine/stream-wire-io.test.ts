/**
 * StreamWire's large-frame I/O, over in-memory streams: a large body goes out as its own chunk right after
 * its header (one writev, never concatenated, never copied); coming in over a stream that offers a read
 * relay (a socket zmtp dialed), the rest of a large frame's body is read straight into the frame's own
 * exactly-sized buffer. The fallbacks decode the same: a stream without a relay (accepted sockets, a
 * runtime that ignores `onread`: 'data' events) and a runtime that reads into buffers of its own (Bun).
 * maxMessageSize is checked from the header, before any buffer is made or offered.
 */
import { describe, expect, it } from "vitest";
import { encodeGreeting, type Greeting } from "../../src/codec/greeting.js";
import { ZmqError } from "../../src/errors.js";
import type { WireHandler } from "../../src/engine/wire/frame-wire.js";
import { DIRECT_READ_MIN, StreamWire } from "../../src/engine/wire/stream-wire.js";
import { ReadRelay } from "../../src/transport/read-relay.js";
import { concat, hex, randomSplit, sequence } from "../helpers/bytes.js";
import { MemoryDuplex } from "../helpers/memory-stream.js";
import { settle, waitUntil } from "../helpers/wait.js";
import { frameBytes, greetingBytes } from "../helpers/wire.js";

const OURS = encodeGreeting("NULL", false);
const PEER_GREETING = greetingBytes({ padding: [0, 0, 0, 0, 0, 0, 0, 1] });
const LARGE = sequence(3 * DIRECT_READ_MIN + 17, 3);

class RecordingHandler implements WireHandler {
  readonly frames: { flags: number; body: Uint8Array }[] = [];
  greeted: Greeting | undefined;
  closed: { error: Error | undefined } | undefined;
  /** The wire, to lift its handshake frame bound as a protocol does once its handshake is done. */
  wire: StreamWire | undefined;

  onFrame(flags: number, body: Uint8Array): void {
    this.frames.push({ flags, body });
  }
  wireGreeted(greeting: Greeting): void {
    this.greeted = greeting;
    // These tests have no handshake: traffic starts with the greeting.
    this.wire?.startTraffic();
  }
  wireFill(): void {
    // Frames are written by the tests directly.
  }
  wireClosed(error: Error | undefined): void {
    this.closed = { error };
  }
}

function wire(stream: MemoryDuplex, maxFrameSize = -1): { wire: StreamWire; handler: RecordingHandler } {
  const handler = new RecordingHandler();
  const w = new StreamWire(stream, handler, OURS, maxFrameSize);
  handler.wire = w;
  return { wire: w, handler };
}

/** Plays Node's `onread`: asks the relay for a buffer, fills it from `data`, reports the read. */
function nodeRead(relay: ReadRelay, data: Uint8Array): { buffer: Uint8Array; length: number } {
  const buffer = relay.onread.buffer();
  const length = Math.min(buffer.length, data.length);
  buffer.set(data.subarray(0, length));
  relay.onread.callback(length, buffer);
  return { buffer, length };
}

describe("StreamWire: large frames out", () => {
  it("writes a large body as its own chunk right after its header: the caller's buffer, not a copy", async () => {
    const stream = new MemoryDuplex();
    const { wire: w } = wire(stream);
    stream.receive(PEER_GREETING);
    await settle();
    const body = Buffer.from(LARGE);
    const small = Buffer.from("small");
    stream.writes.length = 0;
    w.message([small, body, small]);
    w.flushNow();
    const at = stream.writes.findIndex((chunk) => chunk === body);
    expect(at).toBeGreaterThan(0);
    const header = stream.writes[at - 1]!;
    expect(hex(header.subarray(header.length - 9))).toBe(hex(frameBytes(0x01, LARGE).subarray(0, 9)));
    expect(hex(stream.written)).toBe(hex(concat([frameBytes(0x01, small), frameBytes(0x01, LARGE), frameBytes(0, small)])));
  });
});

describe("StreamWire: large frames in", () => {
  it("reads the rest of a large body straight into the frame's own buffer where the stream has a relay", () => {
    const stream = new MemoryDuplex();
    const relay = ReadRelay.over(stream);
    const { handler } = wire(stream);
    const input = concat([PEER_GREETING, frameBytes(0x01, LARGE), frameBytes(0, sequence(10))]);
    // The first read: the greeting, the header and the start of the body, into the relay's own slab.
    const first = 64 + 9 + 1000;
    nodeRead(relay, input.subarray(0, first));
    expect(handler.greeted?.major).toBe(3);
    // The next buffer the relay offers is the body's own, exactly what is missing of it.
    const direct = relay.onread.buffer();
    expect(direct.length).toBe(LARGE.length - 1000);
    direct.set(input.subarray(first, first + direct.length));
    relay.onread.callback(direct.length, direct);
    expect(handler.frames.length).toBe(1);
    const frame = handler.frames[0]!;
    expect(frame.flags).toBe(1);
    expect(hex(frame.body)).toBe(hex(LARGE));
    expect(frame.body.buffer).toBe(direct.buffer);
    expect(frame.body.byteLength).toBe(LARGE.length);
    nodeRead(relay, input.subarray(first + direct.length));
    expect(handler.frames.map((f) => hex(f.body))).toEqual([hex(LARGE), hex(sequence(10))]);
  });

  const stream3 = concat([PEER_GREETING, frameBytes(0x01, LARGE), frameBytes(0, sequence(300)), frameBytes(0, LARGE)]);
  const expected = [hex(LARGE), hex(sequence(300)), hex(LARGE)];

  it("decodes the same from 'data' events (accepted sockets; runtimes without onread), however split", async () => {
    for (const seed of [1, 2, 3]) {
      const stream = new MemoryDuplex();
      ReadRelay.over(stream); // a relay the runtime never calls: data comes as 'data' events
      const { handler } = wire(stream);
      for (const chunk of randomSplit(stream3, seed)) stream.receive(chunk);
      await waitUntil(() => handler.frames.length === 3, "three frames");
      expect(handler.frames.map((f) => hex(f.body))).toEqual(expected);
    }
  });

  it("decodes the same from a runtime that reads into buffers of its own (Bun), copying them", () => {
    for (const seed of [4, 5, 6]) {
      const stream = new MemoryDuplex();
      const relay = ReadRelay.over(stream);
      const { handler } = wire(stream);
      for (const chunk of randomSplit(stream3, seed)) {
        const theirs = new Uint8Array(chunk.length + 10);
        theirs.set(chunk);
        relay.onread.callback(chunk.length, theirs);
        theirs.fill(0); // such a runtime may reuse its buffer at once
      }
      expect(handler.frames.map((f) => hex(f.body))).toEqual(expected);
    }
  });

  it("refuses a frame above maxMessageSize from its header, before any buffer is made or offered", () => {
    const stream = new MemoryDuplex();
    const relay = ReadRelay.over(stream);
    const { handler } = wire(stream, LARGE.length - 1);
    nodeRead(relay, concat([PEER_GREETING, frameBytes(0, LARGE).subarray(0, 9 + 100)]));
    expect(handler.closed?.error).toBeInstanceOf(ZmqError);
    expect((handler.closed?.error as ZmqError).code).toBe("EMSGSIZE");
    expect(handler.frames).toEqual([]);
    // Nothing of the frame's size was offered to read into.
    expect(relay.onread.buffer().length).not.toBe(LARGE.length - 100);
  });
});
