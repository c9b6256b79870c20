/**
 * FrameDecoder's direct reads (`bodyRemainder` / `bodyWritten`) and FrameBody: with `eagerBodyLimit` set
 * (a stream wire that can read in place sets it), a frame that spans chunks gets one buffer of exactly its
 * size once its header is in (after maxFrameSize is checked), and the stream may read the rest of the body
 * straight into it instead of handing over chunks. Input split any way between pushed chunks and direct
 * writes decodes the same; pausing, stopping and sink failures behave as for pushed input. Without it
 * (the default) a spanning frame is gathered and allocated once complete, as test/codec/frame-decoder.test.ts
 * checks.
 */
import { describe, expect, it, vi } from "vitest";
import { FrameBody } from "../../src/codec/frame-body.js";
import { EAGER_BODY_LIMIT, FrameDecoder, type FrameDecoderOptions } from "../../src/codec/frame-decoder.js";
import { ZmqError } from "../../src/errors.js";
import { bytes, concat, hex, seededRandom, randomInt, sequence } from "../helpers/bytes.js";
import { errorCode, thrownBy } from "../helpers/errors.js";
import { RecordingSink } from "../helpers/recording-sink.js";
import { frameBytes } from "../helpers/wire.js";

const BODY = sequence(5000, 7);
const WIRE = frameBytes(0x01, BODY); // 9-octet header, MORE
const MIN = 1000;

function fresh(options: FrameDecoderOptions = {}): { decoder: FrameDecoder; sink: RecordingSink; made: Uint8Array[] } {
  const made: Uint8Array[] = [];
  const sink = new RecordingSink();
  const decoder = new FrameDecoder(sink, {
    allocate: (size) => {
      const buffer = new Uint8Array(size);
      made.push(buffer);
      return buffer;
    },
    eagerBodyLimit: EAGER_BODY_LIMIT,
    ...options,
  });
  return { decoder, sink, made };
}

/** Writes `data` into what bodyRemainder offers, as a read would, and reports it. */
function readInto(decoder: FrameDecoder, data: Uint8Array): void {
  const target = decoder.bodyRemainder(0);
  if (target === undefined) throw new Error("no body to read into");
  target.set(data);
  decoder.bodyWritten(data.length);
}

describe("FrameDecoder: reading a body directly", () => {
  it("offers the rest of a spanning frame's own buffer, and hands that very buffer on once filled", () => {
    const { decoder, sink, made } = fresh();
    decoder.push(WIRE.subarray(0, 9 + 100));
    expect(made.map((m) => m.length)).toEqual([BODY.length]);
    const target = decoder.bodyRemainder(MIN)!;
    expect(target.buffer).toBe(made[0]!.buffer);
    expect(target.byteOffset).toBe(made[0]!.byteOffset + 100);
    expect(target.length).toBe(BODY.length - 100);
    target.set(BODY.subarray(100, 3000));
    decoder.bodyWritten(2900);
    expect(sink.frames).toEqual([]);
    readInto(decoder, BODY.subarray(3000));
    expect(sink.frames).toEqual([{ flags: 1, body: hex(BODY) }]);
    expect(sink.bodies[0]).toBe(made[0]);
    expect(made.length).toBe(1);
    // Back to headers: nothing to read into until the next spanning frame.
    expect(decoder.bodyRemainder(0)).toBeUndefined();
  });

  it("decodes the same whichever way the input is split between pushes and direct writes", () => {
    const stream = concat([frameBytes(0, bytes("a")), WIRE, frameBytes(0, sequence(300)), frameBytes(0, BODY), frameBytes(0, bytes("z"))]);
    const expected = fresh();
    expected.decoder.push(stream);
    for (let seed = 1; seed <= 30; seed++) {
      const random = seededRandom(seed);
      const { decoder, sink } = fresh();
      let at = 0;
      while (at < stream.length) {
        const take = Math.min(stream.length - at, 1 + randomInt(random, 2000));
        const target = decoder.bodyRemainder(0);
        if (target !== undefined && random() < 0.7) {
          const n = Math.min(take, target.length);
          target.set(stream.subarray(at, at + n));
          decoder.bodyWritten(n);
          at += n;
        } else {
          decoder.push(stream.slice(at, at + take));
          at += take;
        }
      }
      expect(sink.events, `seed ${seed}`).toEqual(expected.sink.events);
    }
  });

  it("offers nothing for a frame inside one chunk, a header, a short remainder, or before the body starts", () => {
    const { decoder } = fresh();
    expect(decoder.bodyRemainder(0)).toBeUndefined();
    decoder.push(concat([frameBytes(0, BODY), WIRE.subarray(0, 5)]));
    expect(decoder.bodyRemainder(0)).toBeUndefined();
    decoder.push(WIRE.subarray(5, 9 + BODY.length - 999));
    expect(decoder.bodyRemainder(MIN)).toBeUndefined();
    expect(decoder.bodyRemainder(999)?.length).toBe(999);
  });

  it("offers nothing while paused or while input waits undecoded, so the octets stay in order", () => {
    const { decoder, sink } = fresh();
    decoder.push(WIRE.subarray(0, 100));
    decoder.pause();
    expect(decoder.bodyRemainder(0)).toBeUndefined();
    decoder.push(WIRE.subarray(100, 200));
    decoder.resume();
    expect(decoder.bodyRemainder(0)!.length).toBe(WIRE.length - 200);
    decoder.pause();
    decoder.push(WIRE.subarray(200, 300));
    expect(decoder.bodyRemainder(0)).toBeUndefined();
    decoder.resume();
    readInto(decoder, WIRE.subarray(300));
    expect(sink.frames).toEqual([{ flags: 1, body: hex(BODY) }]);
  });

  it("holds a body completed by a direct read while paused until resumed, before what arrived after it", () => {
    const { decoder, sink } = fresh();
    decoder.push(WIRE.subarray(0, 100));
    const target = decoder.bodyRemainder(0)!;
    decoder.pause(); // e.g. the reader's queue filled while the read was under way
    target.set(WIRE.subarray(100));
    decoder.bodyWritten(target.length);
    decoder.push(frameBytes(0, bytes("next")));
    expect(sink.frames).toEqual([]);
    decoder.resume();
    expect(sink.frames).toEqual([
      { flags: 1, body: hex(BODY) },
      { flags: 0, body: hex(bytes("next")) },
    ]);

    // With nothing after it, resuming alone hands it on.
    const alone = fresh();
    alone.decoder.push(WIRE.subarray(0, 100));
    const rest = alone.decoder.bodyRemainder(0)!;
    alone.decoder.pause();
    rest.set(WIRE.subarray(100));
    alone.decoder.bodyWritten(rest.length);
    expect(alone.sink.frames).toEqual([]);
    alone.decoder.resume();
    expect(alone.sink.frames).toEqual([{ flags: 1, body: hex(BODY) }]);
  });

  it("stops, and throws, on a write past the body or from a failing sink; ignores writes once stopped", () => {
    const first = fresh();
    first.decoder.push(WIRE.subarray(0, 100));
    expect(() => {
      first.decoder.bodyWritten(BODY.length);
    }).toThrow(RangeError);
    expect(first.decoder.stopped).toBe(true);
    first.decoder.bodyWritten(1);

    const second = fresh();
    second.sink.afterFrame = () => {
      throw new Error("sink failed");
    };
    second.decoder.push(WIRE.subarray(0, 100));
    expect(() => {
      readInto(second.decoder, WIRE.subarray(100));
    }).toThrow("sink failed");
    expect(second.decoder.stopped).toBe(true);
    expect(second.decoder.bodyRemainder(0)).toBeUndefined();
  });
});

describe("FrameDecoder: what a large frame may allocate", () => {
  it("checks maxFrameSize from the header before allocating, and allocates a frame at the limit exactly", () => {
    const allocate = vi.fn((size: number) => new Uint8Array(size));
    const over = fresh({ maxFrameSize: BODY.length - 1, allocate });
    const err = thrownBy(() => {
      over.decoder.push(WIRE.subarray(0, 9));
    });
    expect(err).toBeInstanceOf(ZmqError);
    expect(errorCode(err)).toBe("EMSGSIZE");
    expect(allocate).not.toHaveBeenCalled();
    expect(over.decoder.bodyRemainder(0)).toBeUndefined();

    const at = fresh({ maxFrameSize: BODY.length, allocate });
    at.decoder.push(WIRE.subarray(0, 9));
    expect(allocate.mock.calls).toEqual([[BODY.length]]);
  });

  it("gathers by default, offering no direct read, until eagerBodyLimit is set (from the next frame on)", () => {
    const allocate = vi.fn((size: number) => new Uint8Array(size));
    const sink = new RecordingSink();
    const decoder = new FrameDecoder(sink, { allocate });
    decoder.push(WIRE.subarray(0, 100));
    expect(decoder.bodyRemainder(0)).toBeUndefined();
    decoder.eagerBodyLimit = EAGER_BODY_LIMIT;
    expect(decoder.bodyRemainder(0)).toBeUndefined();
    decoder.push(WIRE.subarray(100));
    expect(allocate.mock.calls).toEqual([[BODY.length]]);
    decoder.push(WIRE.subarray(0, 100));
    expect(allocate.mock.calls).toEqual([[BODY.length], [BODY.length]]);
    readInto(decoder, WIRE.subarray(100));
    expect(sink.frames).toEqual([
      { flags: 1, body: hex(BODY) },
      { flags: 1, body: hex(BODY) },
    ]);
  });

  it("allocates nothing on a size header above eagerBodyLimit, and offers no direct read for it", () => {
    const allocate = vi.fn((size: number) => new Uint8Array(size));
    const { decoder, sink } = fresh({ eagerBodyLimit: BODY.length - 1, allocate });
    decoder.push(WIRE.subarray(0, 2000));
    expect(allocate).not.toHaveBeenCalled();
    expect(decoder.bodyRemainder(0)).toBeUndefined();
    decoder.push(WIRE.subarray(2000));
    expect(allocate.mock.calls).toEqual([[BODY.length]]);
    expect(sink.frames).toEqual([{ flags: 1, body: hex(BODY) }]);
  });
});

describe("FrameBody", () => {
  it("fills an eager body from chunk views and direct writes, exactly sized", () => {
    const allocate = vi.fn((size: number) => new Uint8Array(size));
    const body = new FrameBody(allocate, 100);
    body.start(10);
    expect(body.take(bytes(9, 9, 1, 2, 3), 2)).toBe(3);
    body.remainder(0)!.set(bytes(4, 5, 6, 7));
    body.written(4);
    expect(body.complete).toBe(false);
    expect(body.take(bytes(8, 9, 10, 11, 12), 0)).toBe(3);
    expect(body.complete).toBe(true);
    expect(hex(body.finish())).toBe(hex(bytes(1, 2, 3, 4, 5, 6, 7, 8, 9, 10)));
    expect(allocate.mock.calls).toEqual([[10]]);
  });

  it("gathers a body above its eager limit and allocates it once complete; refuses direct writes to it", () => {
    const allocate = vi.fn((size: number) => new Uint8Array(size));
    const body = new FrameBody(allocate, 5);
    body.start(6);
    expect(body.remainder(0)).toBeUndefined();
    expect(() => {
      body.written(1);
    }).toThrow(RangeError);
    body.take(bytes(1, 2, 3), 0);
    body.take(bytes(4, 5, 6), 0);
    expect(allocate).not.toHaveBeenCalled();
    expect(hex(body.finish())).toBe(hex(bytes(1, 2, 3, 4, 5, 6)));
    expect(allocate.mock.calls).toEqual([[6]]);
  });
});
