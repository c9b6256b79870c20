/**
 * Fuzzing the ZMTP 3 frame decoder and encoder (RFC 23/37 §"Framing"): any octets, cut anywhere, end in
 * frames, a typed error (ProtocolError, EMSGSIZE) or a wait for more octets, the same whatever the cuts;
 * nothing is allocated beyond maxMessageSize, nor (when bodies are gathered) beyond what arrived; and what
 * the encoder writes decodes to what it was given, paused and resumed anywhere.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FLAG_COMMAND, FLAG_MORE } from "../../src/codec/constants.js";
import { FrameDecoder, type FrameDecoderOptions } from "../../src/codec/frame-decoder.js";
import { FrameEncoder } from "../../src/codec/frame-encoder.js";
import { fuzz } from "../helpers/fuzz-runs.js";
import { frameBytes } from "../helpers/wire.js";
import { concatBytes, cut, cutsArbitrary, decodeChunks, frameStreamArbitrary, hexOf, type Chunk, type Decoded } from "./fuzz-kit.js";


/** Pushes the chunks into a FrameDecoder until it throws; anything but a codec error fails the property. */
function decode(chunks: readonly Chunk[], options: FrameDecoderOptions = {}): Decoded {
  return decodeChunks(({ sink, allocate }) => new FrameDecoder(sink, { ...options, allocate }), chunks);
}

const whole = (data: Uint8Array): Chunk[] => [{ bytes: data, offset: 0 }];

const maxFrameSizeArbitrary = fc.option(fc.oneof(fc.constant(-1), fc.nat(400), fc.nat(70_000)), { freq: 2 });
const eagerArbitrary = fc.constantFrom(0, 0, 16, 300);

/** A frame a peer may send and we may encode: data (MORE or not) or a command, short, long or large. */
const frameArbitrary = fc.record({
  flags: fc.constantFrom(0, FLAG_MORE, FLAG_COMMAND),
  body: fc.oneof(
    { weight: 30, arbitrary: fc.uint8Array({ maxLength: 600 }) },
    { weight: 1, arbitrary: fc.integer({ min: 60_000, max: 70_000 }).map((n) => new Uint8Array(n).fill(n & 0xff)) },
  ),
});

const frameText = ({ flags, body }: { flags: number; body: Uint8Array }): string => `${flags}:${hexOf(body)}`;

describe("ZMTP 3 frame decoder, fuzzed", () => {
  it("any octets in any chunking: the same frames and the same typed error as in one piece", () => {
    fuzz(
      fc.property(frameStreamArbitrary, cutsArbitrary, maxFrameSizeArbitrary, eagerArbitrary, (data, cuts, max, eager) => {
        const options: FrameDecoderOptions = { eagerBodyLimit: eager, ...(max === null ? {} : { maxFrameSize: max }) };
        const once = decode(whole(data), options);
        const chunked = decode(cut(data, cuts.points, cuts.padding), options);
        expect({ frames: chunked.frames, error: chunked.error }).toEqual({ frames: once.frames, error: once.error });
      }),
    );
  });

  it("never allocates beyond maxMessageSize, nor a gathered body beyond the octets that arrived", () => {
    fuzz(
      fc.property(frameStreamArbitrary, cutsArbitrary, maxFrameSizeArbitrary, eagerArbitrary, (data, cuts, max, eager) => {
        const options: FrameDecoderOptions = { eagerBodyLimit: eager, ...(max === null ? {} : { maxFrameSize: max }) };
        const { allocations } = decode(cut(data, cuts.points, cuts.padding), options);
        const limit = max === null || max < 0 ? Number.MAX_SAFE_INTEGER : max;
        for (const size of allocations) {
          expect(size).toBeLessThanOrEqual(limit);
          // Allocated at its header only up to the eager limit; any other body once all of it is in.
          expect(size <= eager || size <= data.length).toBe(true);
        }
      }),
    );
  });

  it("one octet at a time decodes as one piece does", () => {
    fuzz(
      fc.property(frameStreamArbitrary, (data) => {
        const once = decode(whole(data));
        const octets = decode(cut(data, Array.from({ length: data.length }, (_, i) => i + 1)));
        expect({ frames: octets.frames, error: octets.error }).toEqual({ frames: once.frames, error: once.error });
      }),
      0.25,
    );
  });

  it("a stream cut short needs more octets: no error, and exactly the whole frames before the cut", () => {
    fuzz(
      fc.property(fc.array(frameArbitrary, { maxLength: 6 }), fc.nat(), cutsArbitrary, (frames, where, cuts) => {
        const images = frames.map(({ flags, body }) => frameBytes(flags, body));
        const data = concatBytes(images);
        const end = where % (data.length + 1);
        const { frames: decoded, error } = decode(cut(data.subarray(0, end), cuts.points, cuts.padding));
        expect(error).toBeUndefined();
        let complete = 0;
        for (let at = 0, i = 0; i < images.length && at + images[i]!.length <= end; at += images[i]!.length, i++) complete++;
        expect(decoded).toEqual(frames.slice(0, complete).map(frameText));
      }),
      0.5,
    );
  });

  it("encoder round trip: what FrameEncoder writes, in any batching, decodes to the frames given", () => {
    const encoderOptions = fc.record({ batchSize: fc.integer({ min: 16, max: 70_000 }), copyThreshold: fc.integer({ min: 1, max: 5000 }) });
    fuzz(
      fc.property(fc.array(frameArbitrary, { maxLength: 10 }), encoderOptions, cutsArbitrary, (frames, options, cuts) => {
        const encoder = new FrameEncoder(options);
        for (const { flags, body } of frames) encoder.frame(body, flags);
        const chunks = encoder.take();
        expect(encoder.pendingBytes).toBe(0);
        const data = concatBytes(chunks);
        const decoded = decode(cut(data, cuts.points, cuts.padding));
        expect(decoded).toEqual({ frames: frames.map(frameText), error: undefined, allocations: decoded.allocations });
      }),
      0.25,
    );
  });

  it("paused after any frames and resumed at any time: nothing lost, reordered or doubled", () => {
    fuzz(
      fc.property(fc.array(frameArbitrary, { maxLength: 8 }), fc.array(fc.nat(9)), cutsArbitrary, fc.array(fc.boolean()), (frames, pauseAfter, cuts, resumeNow) => {
        const data = concatBytes(frames.map(({ flags, body }) => frameBytes(flags, body)));
        const seen: string[] = [];
        const pauses = new Set(pauseAfter);
        const decoder: FrameDecoder = new FrameDecoder({
          onFrame: (flags, body) => {
            seen.push(`${flags}:${hexOf(body)}`);
            if (pauses.delete(seen.length)) decoder.pause();
          },
        });
        let turn = 0;
        for (const { bytes, offset } of cut(data, cuts.points, cuts.padding)) {
          decoder.push(bytes, offset);
          if (decoder.isPaused && resumeNow[turn++ % Math.max(1, resumeNow.length)] === true) decoder.resume();
        }
        while (decoder.isPaused) decoder.resume();
        expect(seen).toEqual(frames.map(frameText));
      }),
      0.5,
    );
  });
});
