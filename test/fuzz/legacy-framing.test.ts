/**
 * Fuzzing the framings of older peers (RFC 13 ZMTP/1.0, RFC 15 ZMTP/2.0), as LegacyFrameDecoder and
 * LegacyFrameEncoder read and write them: any octets, cut anywhere, end in frames, a typed error or a wait
 * for more, the same whatever the cuts; no allocation beyond the limit or the octets that arrived; and the
 * encoder's output decodes to the frames given (MORE kept).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FLAG_MORE } from "../../src/codec/constants.js";
import { LegacyFrameDecoder } from "../../src/codec/legacy-frame-decoder.js";
import { LegacyFrameEncoder } from "../../src/codec/legacy-frame-encoder.js";
import { fuzz } from "../helpers/fuzz-runs.js";
import { concatBytes, cut, cutsArbitrary, decodeChunks, hexOf, type Chunk, type Decoded } from "./fuzz-kit.js";

/** Pushes the chunks into a LegacyFrameDecoder until it throws; anything but a codec error fails the property. */
function decode(version: 1 | 2, chunks: readonly Chunk[], maxFrameSize?: number): Decoded {
  return decodeChunks(
    ({ sink, allocate }) => new LegacyFrameDecoder(sink, { version, ...(maxFrameSize === undefined ? {} : { maxFrameSize }), allocate }),
    chunks,
  );
}

const frameArbitrary = fc.record({
  more: fc.boolean(),
  // Past 254 octets ZMTP/1.0 lengths are long, past 255 ZMTP/2.0's; past 512 the encoder stops copying.
  body: fc.uint8Array({ maxLength: 1200 }),
});

function encode(version: 1 | 2, frames: readonly { more: boolean; body: Uint8Array }[]): Uint8Array {
  const encoder = new LegacyFrameEncoder(version, { batchSize: 4096, copyThreshold: 512 });
  for (const { more, body } of frames) encoder.frame(body, more ? FLAG_MORE : 0);
  return concatBytes(encoder.take());
}

/** What a peer of this revision might send: the encoder's frames with octets flipped or appended, or noise. */
const streamArbitrary = (version: 1 | 2): fc.Arbitrary<Uint8Array> =>
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc
        .tuple(fc.array(frameArbitrary, { maxLength: 5 }), fc.array(fc.tuple(fc.nat(), fc.nat(255)), { maxLength: 3 }), fc.uint8Array({ maxLength: 20 }))
        .map(([frames, flips, tail]) => {
          const data = concatBytes([encode(version, frames), tail]);
          for (const [at, value] of flips) if (data.length > 0) data[at % data.length] = value;
          return data;
        }),
    },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 600 }) },
  );

const maxArbitrary = fc.option(fc.oneof(fc.constant(-1), fc.nat(700)), { freq: 2 });

describe.each([1, 2] as const)("ZMTP/%i.0 framing, fuzzed", (version) => {
  it("any octets in any chunking: the same frames and typed error as in one piece; bounded allocation", () => {
    fuzz(
      fc.property(streamArbitrary(version), cutsArbitrary, maxArbitrary, (data, cuts, max) => {
        const limit = max ?? undefined;
        const once = decode(version, [{ bytes: data, offset: 0 }], limit);
        const chunked = decode(version, cut(data, cuts.points, cuts.padding), limit);
        expect({ frames: chunked.frames, error: chunked.error }).toEqual({ frames: once.frames, error: once.error });
        for (const size of chunked.allocations) {
          expect(size).toBeLessThanOrEqual(limit === undefined || limit < 0 ? Number.MAX_SAFE_INTEGER : limit);
          expect(size).toBeLessThanOrEqual(data.length);
        }
      }),
      0.5,
    );
  });

  it("encoder round trip: frames and their MORE flags come back, in any chunking", () => {
    fuzz(
      fc.property(fc.array(frameArbitrary, { maxLength: 8 }), cutsArbitrary, (frames, cuts) => {
        const decoded = decode(version, cut(encode(version, frames), cuts.points, cuts.padding));
        expect(decoded.error).toBeUndefined();
        expect(decoded.frames).toEqual(frames.map(({ more, body }) => `${more ? 1 : 0}:${hexOf(body)}`));
      }),
      0.25,
    );
  });
});
