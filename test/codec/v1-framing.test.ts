/**
 * ZMTP/1.0 framing (RFC 13 §"The Framing Layer"), as libzmq's v1_decoder/v1_encoder read and write it for an
 * unversioned or revision 0 peer (shared/wire-reference.md §1.4, §5.2): LegacyFrameDecoder and
 * LegacyFrameEncoder with version 1. The length counts the flags octet; a length of 255 or more is long
 * (0xFF then a uint64). Expected bytes come from test/helpers/legacy-wire.ts, written from the RFC.
 */
import { describe, expect, it, vi } from "vitest";
import { LegacyFrameDecoder } from "../../src/codec/legacy-frame-decoder.js";
import { LegacyFrameEncoder } from "../../src/codec/legacy-frame-encoder.js";
import { ProtocolError, ZmqError } from "../../src/errors.js";
import { bytes, concat, filled, hex, oneByteAtATime, randomSplit, seededRandom, sequence } from "../helpers/bytes.js";
import { errorCode, thrownBy } from "../helpers/errors.js";
import { v1FrameBytes, v1MessageBytes } from "../helpers/legacy-wire.js";
import { RecordingSink } from "../helpers/recording-sink.js";

function fresh(maxFrameSize?: number, allocate?: (size: number) => Uint8Array): { decoder: LegacyFrameDecoder; sink: RecordingSink } {
  const sink = new RecordingSink();
  const options = { version: 1 as const, maxFrameSize, ...(allocate === undefined ? {} : { allocate }) };
  return { decoder: new LegacyFrameDecoder(sink, options), sink };
}

function decode(chunks: readonly Uint8Array[], maxFrameSize?: number): RecordingSink {
  const { decoder, sink } = fresh(maxFrameSize);
  for (const chunk of chunks) decoder.push(chunk);
  return sink;
}

function encode(write: (encoder: LegacyFrameEncoder) => void, copyThreshold?: number): Uint8Array[] {
  const encoder = new LegacyFrameEncoder(1, copyThreshold === undefined ? {} : { copyThreshold });
  write(encoder);
  return encoder.take();
}

const frame = (flags: number, body: Uint8Array): { flags: number; body: string } => ({ flags, body: hex(body) });

describe("ZMTP/1.0 decoder: byte-exact frames", () => {
  it("reads length (flags + body), flags, body", () => {
    expect(decode([bytes(0x04, 0x00, "abc")]).frames).toEqual([frame(0, bytes("abc"))]);
  });

  it("reads an empty frame: length 1", () => {
    expect(decode([bytes(0x01, 0x00)]).frames).toEqual([frame(0, bytes())]);
  });

  it("reads a multipart message: MORE on all but the last", () => {
    expect(decode([bytes(0x02, 0x01, "a", 0x03, 0x00, "bc")]).frames).toEqual([frame(1, bytes("a")), frame(0, bytes("bc"))]);
  });

  it("keeps only bit 0 (MORE) of the flags, as libzmq's v1_decoder", () => {
    // 0x7F is the flags octet libzmq's own signature carries when it is read as a 1.0 frame header.
    expect(decode([bytes(0x02, 0x7f, "a", 0x02, 0xfe, "b", 0x02, 0x04, "c")]).frames).toEqual([
      frame(1, bytes("a")),
      frame(0, bytes("b")),
      frame(0, bytes("c")),
    ]);
  });

  it.each([253, 254, 255, 256])("reads a %i-octet body in the form the encoder uses", (size) => {
    const body = sequence(size);
    const wire = v1FrameBytes(0x01, body);
    // Bodies of 254 octets and more have a length of 255 or more: long form.
    expect(wire.length).toBe(size + (size >= 254 ? 10 : 2));
    expect(decode([wire]).frames).toEqual([frame(1, body)]);
  });

  it("reads the long form for any length, even 1 (RFC 13: MAY be used for lengths of 1 to 254)", () => {
    expect(decode([v1FrameBytes(0x00, "", { long: true }), v1FrameBytes(0x01, "hello", { long: true })]).frames).toEqual([
      frame(0, bytes()),
      frame(1, bytes("hello")),
    ]);
  });

  it("allocates nothing for a huge announced length while its body is missing", () => {
    const allocate = vi.fn((size: number) => new Uint8Array(size));
    const { decoder, sink } = fresh(undefined, allocate);
    // 0x1_0000_0002 - 1 octets announced (both 32-bit halves of the length in use).
    decoder.push(bytes(0xff, 0, 0, 0, 0x01, 0, 0, 0, 0x02, 0x00, "partial"));
    decoder.push(filled(1000));
    expect(sink.frames).toEqual([]);
    expect(allocate).not.toHaveBeenCalled();
  });
});

describe("ZMTP/1.0 decoder: violations", () => {
  it("refuses a length of 0 (it must count the flags octet) with a ProtocolError, as libzmq (EPROTO)", () => {
    const err = thrownBy(() => decode([bytes(0x02, 0x00, "a", 0x00, 0x00)]));
    expect(err).toBeInstanceOf(ProtocolError);
    expect(err).toMatchObject({ errno: 71 });
    expect(err.message).toMatch(/length 0/);
  });

  it("refuses a length of 0 as soon as that octet arrives, with no flags octet after it", () => {
    const { decoder, sink } = fresh();
    expect(() => {
      decoder.push(bytes(0x02, 0x00, "a", 0x00));
    }).toThrow(ProtocolError);
    expect(sink.frames).toEqual([frame(0, bytes("a"))]);
  });

  it("refuses a long length of 0 too, however it is split", () => {
    const wire = bytes(0xff, filled(8), 0x00);
    for (const chunks of [[wire], oneByteAtATime(wire)]) {
      expect(thrownBy(() => decode(chunks))).toBeInstanceOf(ProtocolError);
    }
  });

  it("delivers the frames before a violation and nothing after it, and stays stopped", () => {
    const { decoder, sink } = fresh();
    expect(() => {
      decoder.push(concat([v1FrameBytes(0, "ok"), bytes(0x00), v1FrameBytes(0, "never")]));
    }).toThrow(ProtocolError);
    expect(decoder.stopped).toBe(true);
    decoder.push(v1FrameBytes(0, "later"));
    expect(sink.frames).toEqual([frame(0, bytes("ok"))]);
  });

  it("accepts a body of exactly maxFrameSize and refuses one octet more (EMSGSIZE) before reading it", () => {
    expect(decode([v1FrameBytes(0, filled(10))], 10).frames.length).toBe(1);
    const allocate = vi.fn((size: number) => new Uint8Array(size));
    const { decoder } = fresh(10, allocate);
    const err = thrownBy(() => {
      decoder.push(v1FrameBytes(0, filled(11)).subarray(0, 3));
    });
    expect(errorCode(err)).toBe("EMSGSIZE");
    expect(allocate).not.toHaveBeenCalled();
  });

  it("refuses a long length from 2^53 up (EMSGSIZE) without allocating", () => {
    const err = thrownBy(() => decode([bytes(0xff, 0x00, 0x20, 0, 0, 0, 0, 0, 0, 0x00)]));
    expect(err).toBeInstanceOf(ZmqError);
    expect(errorCode(err)).toBe("EMSGSIZE");
  });
});

describe("ZMTP/1.0 decoder: any split of the input gives the same frames", () => {
  const WIRE = concat([
    v1MessageBytes(["identity"]),
    v1MessageBytes(["a", "", sequence(300), "z"]),
    v1FrameBytes(0x00, sequence(254)),
    v1FrameBytes(0x00, "short but long", { long: true }),
    v1MessageBytes([sequence(3000)]),
  ]);
  const EXPECTED = decode([WIRE]).events;

  it("decodes all of it from one chunk", () => {
    expect(EXPECTED.length).toBe(8);
  });

  it("one octet at a time, at every cut point, and for 200 seeded random splits", () => {
    expect(decode(oneByteAtATime(WIRE)).events).toEqual(EXPECTED);
    for (let cut = 0; cut <= WIRE.length; cut += 7) {
      expect(decode([WIRE.slice(0, cut), WIRE.slice(cut)]).events, `cut ${cut}`).toEqual(EXPECTED);
    }
    for (let seed = 1; seed <= 200; seed++) expect(decode(randomSplit(WIRE, seed)).events, `seed ${seed}`).toEqual(EXPECTED);
  });

  it("hands a frame that lies inside one chunk over as a view of it (no copy)", () => {
    const chunk = concat([bytes("xx"), v1FrameBytes(0, "view")]);
    const { decoder, sink } = fresh();
    decoder.push(chunk, 2);
    expect(sink.bodies[0]!.buffer).toBe(chunk.buffer);
    expect(sink.bodies[0]!.byteOffset).toBe(4);
  });

  it("holds input while paused and decodes it, in order, on resume()", () => {
    const { decoder, sink } = fresh();
    sink.afterFrame = (index) => {
      if (index === 0) decoder.pause();
    };
    decoder.push(concat([v1FrameBytes(0, "one"), v1FrameBytes(0, "two")]));
    decoder.push(v1FrameBytes(0, "three"), 0);
    expect(sink.frames).toEqual([frame(0, bytes("one"))]);
    decoder.resume();
    expect(sink.frames.map((f) => f.body)).toEqual([hex(bytes("one")), hex(bytes("two")), hex(bytes("three"))]);
  });
});

describe("ZMTP/1.0 encoder", () => {
  it("writes length + 1, flags, body; an empty frame is 01 00", () => {
    expect(hex(concat(encode((e) => { e.message(["abc", ""].map((s) => bytes(s))); })))).toBe(hex(bytes(0x04, 0x01, "abc", 0x01, 0x00)));
  });

  it.each([253, 254, 255, 256, 3000])("frames a %i-octet body exactly as RFC 13 (long from 254 octets)", (size) => {
    const body = sequence(size);
    expect(hex(concat(encode((e) => { e.frame(body, 0x01); })))).toBe(hex(v1FrameBytes(0x01, body)));
  });

  it("writes only MORE of the flags it is given", () => {
    expect(hex(concat(encode((e) => { e.frame(bytes("x"), 0x05); })))).toBe(hex(bytes(0x02, 0x01, "x")));
  });

  it("writes nothing for a command: ZMTP 1.0 has none", () => {
    const encoder = new LegacyFrameEncoder(1);
    encoder.command("PING", bytes(0, 0));
    expect(encoder.pendingBytes).toBe(0);
    expect(encoder.take()).toEqual([]);
  });

  it("passes a large body by reference and counts every octet it will hand over", () => {
    const body = sequence(5000);
    const encoder = new LegacyFrameEncoder(1);
    encoder.raw(bytes(0xff));
    encoder.frame(body, 0);
    expect(encoder.pendingBytes).toBe(1 + 10 + 5000);
    const chunks = encoder.take();
    expect(chunks).toContain(body);
    expect(hex(concat(chunks))).toBe(hex(concat([bytes(0xff), v1FrameBytes(0, body)])));
  });

  it("refuses a message without frames", () => {
    expect(() => {
      new LegacyFrameEncoder(1).message([]);
    }).toThrow(RangeError);
  });

  it("round-trips seeded random messages through the decoder, however split", () => {
    const random = seededRandom(5);
    for (let round = 0; round < 50; round++) {
      const message = Array.from({ length: 1 + Math.floor(random() * 4) }, () => sequence(Math.floor(random() * 600), round));
      const wire = concat(encode((e) => { e.message(message); }, 100));
      const expected = message.map((body, i) => frame(i < message.length - 1 ? 1 : 0, body));
      expect(decode(randomSplit(wire, round + 1)).frames).toEqual(expected);
    }
  });
});
