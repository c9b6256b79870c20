/**
 * ZMTP/2.0 framing (RFC 15 §"Framing"), as libzmq's v2_decoder/v2_encoder read and write it for a revision 1
 * peer (shared/wire-reference.md §5.2): LegacyFrameDecoder and LegacyFrameEncoder with version 2. Flags
 * (MORE, LONG), then a 1- or 8-octet length of the body alone. Reserved bits are ignored as libzmq ignores
 * them; a frame flagged COMMAND is dropped, as libzmq's session drops it from a peer with no mechanism.
 */
import { describe, expect, it, vi } from "vitest";
import { LegacyFrameDecoder } from "../../src/codec/legacy-frame-decoder.js";
import { LegacyFrameEncoder } from "../../src/codec/legacy-frame-encoder.js";
import { bytes, concat, filled, hex, oneByteAtATime, randomSplit, seededRandom, sequence } from "../helpers/bytes.js";
import { errorCode, thrownBy } from "../helpers/errors.js";
import { v2FrameBytes, v2MessageBytes } from "../helpers/legacy-wire.js";
import { RecordingSink } from "../helpers/recording-sink.js";

function fresh(maxFrameSize?: number, allocate?: (size: number) => Uint8Array): { decoder: LegacyFrameDecoder; sink: RecordingSink } {
  const sink = new RecordingSink();
  const options = { version: 2 as const, maxFrameSize, ...(allocate === undefined ? {} : { allocate }) };
  return { decoder: new LegacyFrameDecoder(sink, options), sink };
}

function decode(chunks: readonly Uint8Array[], maxFrameSize?: number): RecordingSink {
  const { decoder, sink } = fresh(maxFrameSize);
  for (const chunk of chunks) decoder.push(chunk);
  return sink;
}

function encode(write: (encoder: LegacyFrameEncoder) => void): Uint8Array {
  const encoder = new LegacyFrameEncoder(2);
  write(encoder);
  return concat(encoder.take());
}

const frame = (flags: number, body: Uint8Array): { flags: number; body: string } => ({ flags, body: hex(body) });

describe("ZMTP/2.0 decoder: byte-exact frames", () => {
  it("reads flags, 1-octet length, body; and an empty frame", () => {
    expect(decode([bytes(0x00, 0x03, "abc", 0x00, 0x00)]).frames).toEqual([frame(0, bytes("abc")), frame(0, bytes())]);
  });

  it("reads MORE, and the LONG form with an 8-octet length, MORE included", () => {
    const long = sequence(300);
    expect(decode([bytes(0x01, 0x01, "a", 0x03, 0, 0, 0, 0, 0, 0, 0x01, 0x2c, long, 0x00, 0x00)]).frames).toEqual([
      frame(1, bytes("a")),
      frame(1, long),
      frame(0, bytes()),
    ]);
  });

  it.each([254, 255, 256])("reads a %i-octet body (short up to 255, long from 256)", (size) => {
    const body = sequence(size);
    const wire = v2FrameBytes(0x00, body);
    expect(wire.length).toBe(size + (size > 255 ? 9 : 2));
    expect(decode([wire]).frames).toEqual([frame(0, body)]);
  });

  it("reads a long length below 256", () => {
    expect(decode([v2FrameBytes(0x00, "hello", { long: true })]).frames).toEqual([frame(0, bytes("hello"))]);
  });

  it("ignores reserved bits 3–7, as libzmq's v2_decoder does", () => {
    expect(decode([bytes(0x08, 0x01, "x", 0xf9, 0x01, "y", 0x80, 0x00)]).frames).toEqual([
      frame(0, bytes("x")),
      frame(1, bytes("y")),
      frame(0, bytes()),
    ]);
  });

  it("drops frames flagged COMMAND (bit 2), short or long, even inside a multipart message", () => {
    const wire = concat([
      v2FrameBytes(0x01, "a"),
      v2FrameBytes(0x04, bytes(4, "PING", 0, 0)),
      v2FrameBytes(0x05, "command with MORE"),
      v2FrameBytes(0x06, sequence(400)),
      v2FrameBytes(0x04, ""),
      v2FrameBytes(0x00, "b"),
    ]);
    for (const chunks of [[wire], oneByteAtATime(wire), randomSplit(wire, 3)]) {
      expect(decode(chunks).frames).toEqual([frame(1, bytes("a")), frame(0, bytes("b"))]);
    }
  });
});

describe("ZMTP/2.0 decoder: limits", () => {
  it("accepts a body of exactly maxFrameSize and refuses one octet more (EMSGSIZE) before reading it", () => {
    expect(decode([v2FrameBytes(0, filled(10))], 10).frames.length).toBe(1);
    const allocate = vi.fn((size: number) => new Uint8Array(size));
    const { decoder, sink } = fresh(10, allocate);
    const err = thrownBy(() => {
      decoder.push(concat([v2FrameBytes(0, "ok"), v2FrameBytes(0, filled(11)).subarray(0, 2)]));
    });
    expect(errorCode(err)).toBe("EMSGSIZE");
    expect(allocate).not.toHaveBeenCalled();
    expect(sink.frames).toEqual([frame(0, bytes("ok"))]);
    expect(decoder.stopped).toBe(true);
  });

  it("applies the limit to a dropped command frame too (libzmq checks every frame)", () => {
    expect(errorCode(thrownBy(() => decode([v2FrameBytes(0x04, filled(11))], 10)))).toBe("EMSGSIZE");
  });

  it("refuses a long length from 2^53 up (EMSGSIZE)", () => {
    expect(errorCode(thrownBy(() => decode([bytes(0x02, 0x00, 0x20, 0, 0, 0, 0, 0, 0)])))).toBe("EMSGSIZE");
  });
});

describe("ZMTP/2.0 decoder: any split of the input gives the same frames", () => {
  const WIRE = concat([
    v2MessageBytes(["identity"]),
    v2MessageBytes(["a", "", sequence(300), "z"]),
    v2FrameBytes(0x04, "dropped"),
    v2FrameBytes(0x00, sequence(255)),
    v2MessageBytes([sequence(3000)]),
  ]);
  const EXPECTED = decode([WIRE]).events;

  it("one octet at a time, at every cut point, and for 200 seeded random splits", () => {
    expect(EXPECTED.length).toBe(7);
    expect(decode(oneByteAtATime(WIRE)).events).toEqual(EXPECTED);
    for (let cut = 0; cut <= WIRE.length; cut += 7) {
      expect(decode([WIRE.slice(0, cut), WIRE.slice(cut)]).events, `cut ${cut}`).toEqual(EXPECTED);
    }
    for (let seed = 1; seed <= 200; seed++) expect(decode(randomSplit(WIRE, seed)).events, `seed ${seed}`).toEqual(EXPECTED);
  });

  it("holds input while paused mid-chunk and decodes it, in order, on resume()", () => {
    const { decoder, sink } = fresh();
    sink.afterFrame = (index) => {
      if (index === 1) decoder.pause();
    };
    decoder.push(v2MessageBytes(["1", "2", "3"]));
    decoder.push(v2MessageBytes(["4"]));
    expect(sink.frames.length).toBe(2);
    decoder.resume();
    expect(sink.frames.map((f) => f.flags)).toEqual([1, 1, 0, 0]);
  });
});

describe("ZMTP/2.0 encoder", () => {
  it("writes RFC 15 frames: flags, 1-octet length up to 255, LONG and 8 octets from 256", () => {
    expect(hex(encode((e) => { e.message([bytes("abc"), bytes()]); }))).toBe(hex(bytes(0x01, 0x03, "abc", 0x00, 0x00)));
    for (const size of [254, 255, 256, 3000]) {
      const body = sequence(size);
      expect(hex(encode((e) => { e.frame(body, 0x01); })), `size ${size}`).toBe(hex(v2FrameBytes(0x01, body)));
    }
  });

  it("writes only MORE of the flags it is given, never COMMAND", () => {
    expect(hex(encode((e) => { e.frame(bytes("x"), 0x05); }))).toBe(hex(bytes(0x01, 0x01, "x")));
  });

  it("writes nothing for a command: RFC 15 has none", () => {
    expect(encode((e) => { e.command("PING", bytes(0, 0)); }).length).toBe(0);
  });

  it("round-trips seeded random messages through the decoder, however split", () => {
    const random = seededRandom(9);
    for (let round = 0; round < 50; round++) {
      const message = Array.from({ length: 1 + Math.floor(random() * 4) }, () => sequence(Math.floor(random() * 600), round));
      const wire = encode((e) => { e.message(message); });
      const expected = message.map((body, i) => frame(i < message.length - 1 ? 1 : 0, body));
      expect(decode(randomSplit(wire, round + 1)).frames).toEqual(expected);
    }
  });
});
