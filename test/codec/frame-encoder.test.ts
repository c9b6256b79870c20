import { describe, expect, it, vi } from "vitest";
import { FrameDecoder } from "../../src/codec/frame-decoder.js";
import { FrameEncoder } from "../../src/codec/frame-encoder.js";
import { encodeGreeting } from "../../src/codec/greeting.js";
import { bytes, concat, filled, hex, randomInt, randomSplit, seededRandom, sequence } from "../helpers/bytes.js";
import { decodeStream, RecordingSink } from "../helpers/recording-sink.js";
import { frameBytes, greetingBytes } from "../helpers/wire.js";

/** Everything the encoder gathered, as one byte string. */
function drained(encoder: FrameEncoder): Uint8Array {
  return concat(encoder.take());
}

/** A stand-in body that only has a length: lets us encode headers for sizes we cannot allocate. */
function bodyOfLength(length: number): Uint8Array {
  return { length } as unknown as Uint8Array;
}

describe("FrameEncoder: single frames", () => {
  it("encodes a short frame: flags, 1-octet size, body", () => {
    const encoder = new FrameEncoder();
    encoder.frame(bytes("abc"), 0);
    expect(hex(drained(encoder))).toBe("00 03 61 62 63");
  });

  it("encodes a zero-length frame", () => {
    const encoder = new FrameEncoder();
    encoder.frame(new Uint8Array(0), 0);
    expect(hex(drained(encoder))).toBe("00 00");
  });

  it("keeps the MORE flag it is given", () => {
    const encoder = new FrameEncoder();
    encoder.frame(bytes("x"), 0x01);
    expect(hex(drained(encoder))).toBe("01 01 78");
  });

  it("uses the short form up to 255 octets", () => {
    const encoder = new FrameEncoder();
    const body = sequence(255);
    encoder.frame(body, 0);
    expect(hex(drained(encoder))).toBe(hex(bytes(0x00, 0xff, body)));
  });

  it("uses the long form (LONG flag, 8-octet big-endian size) from 256 octets", () => {
    const encoder = new FrameEncoder();
    const body = sequence(256);
    encoder.frame(body, 0);
    expect(hex(drained(encoder))).toBe(hex(bytes(0x02, 0, 0, 0, 0, 0, 0, 0x01, 0x00, body)));
  });

  it("combines LONG with MORE", () => {
    const encoder = new FrameEncoder();
    const body = sequence(5000);
    encoder.frame(body, 0x01);
    expect(hex(drained(encoder))).toBe(hex(bytes(0x03, 0, 0, 0, 0, 0, 0, 0x13, 0x88, body)));
  });

  it("writes sizes above 2^32 with both 32-bit halves", () => {
    const encoder = new FrameEncoder();
    const huge = bodyOfLength(2 ** 32 + 0x01020304);
    encoder.frame(huge, 0x01);
    const chunks = encoder.take();
    expect(chunks.length).toBe(2);
    expect(hex(chunks[0]!)).toBe("03 00 00 00 01 01 02 03 04");
    expect(chunks[1]).toBe(huge);
  });

  it("writes the largest safe size (2^53 - 1) exactly", () => {
    const encoder = new FrameEncoder();
    encoder.frame(bodyOfLength(Number.MAX_SAFE_INTEGER), 0);
    expect(hex(encoder.take()[0]!)).toBe("02 00 1f ff ff ff ff ff ff");
  });

  it("writes a size with the low word's top bit set as unsigned", () => {
    const encoder = new FrameEncoder();
    encoder.frame(bodyOfLength(0xfedcba98), 0);
    expect(hex(encoder.take()[0]!)).toBe("02 00 00 00 00 fe dc ba 98");
  });
});

describe("FrameEncoder: multipart messages", () => {
  it("sets MORE on every frame but the last", () => {
    const encoder = new FrameEncoder();
    encoder.message([bytes("a"), bytes(""), bytes("bc")]);
    expect(hex(drained(encoder))).toBe("01 01 61 01 00 00 02 62 63");
  });

  it("encodes a one-frame message without MORE, an empty frame included", () => {
    const encoder = new FrameEncoder();
    encoder.message([bytes("solo")]);
    encoder.message([new Uint8Array(0)]);
    expect(hex(drained(encoder))).toBe(hex(bytes(0x00, 0x04, "solo", 0x00, 0x00)));
  });

  it("mixes short and long frames inside one message", () => {
    const encoder = new FrameEncoder();
    const big = sequence(3000);
    encoder.message([bytes("id"), big, bytes("end")]);
    expect(hex(drained(encoder))).toBe(
      hex(concat([frameBytes(0x01, "id"), frameBytes(0x01, big), frameBytes(0x00, "end")])),
    );
  });
});

describe("FrameEncoder: commands", () => {
  it("encodes PING exactly as RFC 37's vector", () => {
    const encoder = new FrameEncoder();
    encoder.command("PING", bytes(0x00, 0x00, "LOL"));
    expect(hex(drained(encoder))).toBe(hex(bytes(0x04, 0x0a, 0x04, "PING", 0x00, 0x00, "LOL")));
  });

  it("encodes a command without data", () => {
    const encoder = new FrameEncoder();
    encoder.command("PONG");
    expect(hex(drained(encoder))).toBe(hex(bytes(0x04, 0x05, 0x04, "PONG")));
  });

  it("switches a command to the long form when name and data exceed 255 octets", () => {
    // SUBSCRIBE with a 246-octet topic: 1 + 9 + 246 = 256 octets of body.
    const topic = filled(246, 0x41);
    const encoder = new FrameEncoder();
    encoder.command("SUBSCRIBE", topic);
    expect(hex(drained(encoder))).toBe(hex(bytes(0x06, 0, 0, 0, 0, 0, 0, 0x01, 0x00, 0x09, "SUBSCRIBE", topic)));
    const shorter = new FrameEncoder();
    shorter.command("SUBSCRIBE", filled(245, 0x41));
    expect(hex(drained(shorter).subarray(0, 2))).toBe("04 ff");
  });

  it("never sets MORE on a command, even right after a MORE frame", () => {
    const encoder = new FrameEncoder();
    encoder.frame(bytes("x"), 0x01);
    encoder.command("SUBSCRIBE", bytes("A"));
    expect(hex(drained(encoder))).toBe(hex(bytes(0x01, 0x01, "x", 0x04, 0x0b, 0x09, "SUBSCRIBE", "A")));
  });

  it("carries large command data by reference", () => {
    const encoder = new FrameEncoder({ copyThreshold: 64 });
    const data = sequence(100);
    encoder.command("X-BIG", data);
    const chunks = encoder.take();
    expect(chunks).toContain(data);
    expect(hex(concat(chunks))).toBe(hex(bytes(0x04, 106, 0x05, "X-BIG", data)));
  });
});

describe("FrameEncoder: raw octets", () => {
  it("writes raw octets in order with frames (greeting stages, then READY)", () => {
    const encoder = new FrameEncoder();
    const greeting = greetingBytes();
    encoder.raw(greeting.subarray(0, 10));
    encoder.raw(greeting.subarray(10, 11));
    encoder.raw(greeting.subarray(11));
    encoder.command("READY");
    encoder.message([bytes("hi")]);
    expect(hex(drained(encoder))).toBe(hex(concat([greeting, bytes(0x04, 0x06, 0x05, "READY", 0x00, 0x02, "hi")])));
  });
});

describe("FrameEncoder: batching and copying", () => {
  it("passes a large body by reference: the same object appears in take()'s chunks", () => {
    const encoder = new FrameEncoder();
    const large = sequence(100_000);
    encoder.message([bytes("head"), large, bytes("tail")]);
    const chunks = encoder.take();
    expect(chunks).toContain(large);
    expect(chunks.length).toBe(3); // header run, the large body, the rest
    expect(hex(chunks[0]!)).toBe(hex(bytes(0x01, 0x04, "head", 0x03, 0, 0, 0, 0, 0, 0x01, 0x86, 0xa0)));
    expect(chunks[1]).toBe(large);
    expect(hex(chunks[2]!)).toBe(hex(bytes(0x00, 0x04, "tail")));
  });

  it("honours copyThreshold: below it bodies are copied, from it they are referenced", () => {
    const encoder = new FrameEncoder({ copyThreshold: 100 });
    const below = sequence(99);
    const at = sequence(100);
    encoder.frame(below, 0);
    encoder.frame(at, 0);
    const chunks = encoder.take();
    expect(chunks).not.toContain(below);
    expect(chunks).toContain(at);
  });

  it("copies small bodies at once: changing them afterwards does not change the output", () => {
    const encoder = new FrameEncoder();
    const tiny = bytes("abc"); // byte-loop path
    const medium = sequence(500); // TypedArray#set path
    encoder.frame(tiny, 0x01);
    encoder.frame(medium, 0);
    tiny.fill(0x7a);
    medium.fill(0x7a);
    expect(hex(drained(encoder))).toBe(hex(concat([frameBytes(0x01, "abc"), frameBytes(0, sequence(500))])));
  });

  it("gathers many small frames into one chunk", () => {
    const encoder = new FrameEncoder();
    const expected: Uint8Array[] = [];
    for (let i = 0; i < 1000; i++) {
      const body = sequence(10, i);
      encoder.frame(body, i % 2);
      expected.push(frameBytes(i % 2, body));
    }
    const chunks = encoder.take();
    expect(chunks.length).toBe(1);
    expect(hex(chunks[0]!)).toBe(hex(concat(expected)));
  });

  it("starts a new batch buffer from `allocate` when one is full, keeping every octet in order", () => {
    const allocate = vi.fn((size: number) => new Uint8Array(size));
    const encoder = new FrameEncoder({ batchSize: 64, allocate });
    const expected: Uint8Array[] = [];
    for (let i = 0; i < 50; i++) {
      const body = sequence(i % 40, i);
      encoder.frame(body, 0);
      expected.push(frameBytes(0, body));
    }
    const chunks = encoder.take();
    expect(hex(concat(chunks))).toBe(hex(concat(expected)));
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(64);
    expect(chunks.length).toBeLessThan(50);
    expect(allocate.mock.calls.length).toBeGreaterThan(1);
    for (const [size] of allocate.mock.calls) expect(size).toBe(64);
  });

  it("allocates a bigger batch buffer for a command header that does not fit the batch size", () => {
    const allocate = vi.fn((size: number) => new Uint8Array(size));
    const encoder = new FrameEncoder({ batchSize: 8, allocate });
    encoder.command("SUBSCRIBE", bytes("A"));
    expect(hex(drained(encoder))).toBe(hex(bytes(0x04, 0x0b, 0x09, "SUBSCRIBE", "A")));
  });

  it("hands out Buffers when the allocator makes Buffers", () => {
    const encoder = new FrameEncoder({ allocate: (size) => Buffer.allocUnsafe(size) });
    encoder.message([bytes("a"), bytes("b")]);
    const chunks = encoder.take();
    expect(chunks.length).toBe(1);
    expect(Buffer.isBuffer(chunks[0])).toBe(true);
  });

  it("never writes again over a chunk it has handed out", () => {
    const encoder = new FrameEncoder({ batchSize: 1024 });
    encoder.frame(bytes("first"), 0);
    const first = encoder.take();
    const before = hex(concat(first));
    for (let i = 0; i < 100; i++) encoder.frame(sequence(30, i), 0);
    encoder.take();
    expect(hex(concat(first))).toBe(before);
    expect(before).toBe(hex(bytes(0x00, 0x05, "first")));
  });

  it("take() empties the encoder", () => {
    const encoder = new FrameEncoder();
    expect(encoder.take()).toEqual([]);
    encoder.frame(bytes("x"), 0);
    expect(encoder.take().length).toBe(1);
    expect(encoder.take()).toEqual([]);
    expect(encoder.pendingBytes).toBe(0);
  });

  it("pendingBytes counts every octet take() will hand over, headers and raw octets included", () => {
    const encoder = new FrameEncoder({ copyThreshold: 64 });
    encoder.raw(bytes(0xff, filled(8), 0x7f));
    expect(encoder.pendingBytes).toBe(10);
    encoder.frame(new Uint8Array(0), 0);
    expect(encoder.pendingBytes).toBe(12);
    encoder.message([bytes("ab"), sequence(300)]);
    encoder.command("PING", bytes(0, 0, "LOL"));
    encoder.command("X", sequence(100)); // data by reference
    const expected = encoder.pendingBytes;
    const total = concat(encoder.take()).length;
    expect(expected).toBe(total);
    expect(total).toBe(10 + 2 + 4 + 309 + 12 + 104);
  });
});

describe("FrameEncoder → FrameDecoder round trip", () => {
  it("decodes whatever it encodes, for seeded random messages and splits", () => {
    const random = seededRandom(2024);
    for (let round = 0; round < 30; round++) {
      const encoder = new FrameEncoder({ batchSize: 1 + randomInt(random, 512), copyThreshold: 1 + randomInt(random, 600) });
      const expected: { flags: number; body: string }[] = [];
      for (let m = 0; m < 20; m++) {
        if (randomInt(random, 5) === 0) {
          const data = sequence(randomInt(random, 300), m);
          encoder.command("SUBSCRIBE", data);
          expected.push({ flags: 4, body: hex(bytes(9, "SUBSCRIBE", data)) });
          continue;
        }
        const parts = 1 + randomInt(random, 4);
        const frames: Uint8Array[] = [];
        for (let p = 0; p < parts; p++) {
          const sizes = [0, 1, 31, 32, 33, 255, 256, 700];
          frames.push(sequence(sizes[randomInt(random, sizes.length)]!, p + m));
        }
        encoder.message(frames);
        frames.forEach((frame, i) => expected.push({ flags: i < parts - 1 ? 1 : 0, body: hex(frame) }));
      }
      const frames = concat(encoder.take());
      const sink = new RecordingSink();
      const decoder = new FrameDecoder(sink);
      for (const chunk of randomSplit(frames, round + 1)) decoder.push(chunk);
      expect(sink.frames, `round ${round}`).toEqual(expected);
      // The same frames behind a greeting, as on a stream: GreetingDecoder, then FrameDecoder from its end.
      const wire = concat([greetingBytes(), frames]);
      const streamSink = decodeStream(randomSplit(wire, 1000 + round));
      expect(streamSink.events.slice(0, 3), `round ${round}`).toEqual([
        { kind: "signature" },
        { kind: "major", major: 3 },
        { kind: "greeting", greeting: { major: 3, minor: 1, mechanism: "NULL", asServer: false } },
      ]);
      expect(streamSink.frames, `round ${round}`).toEqual(expected);
    }
  });

  it("round-trips a greeting from encodeGreeting, written in its three parts with raw(), then frames", () => {
    const encoder = new FrameEncoder();
    const parts = encodeGreeting("NULL", false);
    encoder.raw(parts.signature);
    encoder.raw(parts.major);
    encoder.raw(parts.rest);
    encoder.command("READY", bytes(0x0b, "Socket-Type", 0, 0, 0, 4, "PULL"));
    encoder.message([bytes("a"), sequence(300)]);
    const wire = concat(encoder.take());
    // The padding carries libzmq's routing id size + 1 (no routing id: 1).
    expect(hex(wire.subarray(0, 64))).toBe(hex(greetingBytes({ padding: [0, 0, 0, 0, 0, 0, 0, 1] })));
    for (const chunks of [[wire], randomSplit(wire, 7), randomSplit(wire, 8)]) {
      const sink = decodeStream(chunks);
      expect(sink.events[2]).toEqual({ kind: "greeting", greeting: { major: 3, minor: 1, mechanism: "NULL", asServer: false } });
      expect(sink.frames).toEqual([
        { flags: 4, body: hex(bytes(0x05, "READY", 0x0b, "Socket-Type", 0, 0, 0, 4, "PULL")) },
        { flags: 1, body: "61" },
        { flags: 0, body: hex(sequence(300)) },
      ]);
    }
  });
});

describe("FrameEncoder guards", () => {
  it("refuses a message with no frames and a command name outside 1–255 octets", () => {
    const encoder = new FrameEncoder();
    expect(() => { encoder.message([]); }).toThrow(RangeError);
    expect(() => { encoder.command(""); }).toThrow(RangeError);
    expect(() => { encoder.command("X".repeat(256)); }).toThrow(RangeError);
    expect(encoder.take()).toEqual([]);
  });
});
