/**
 * Fuzzing the greeting decoder (RFC 23/37 §"The Greeting", RFC 15 for older peers): any octets, cut
 * anywhere, give the same stages (signature, major version, greeting or "unversioned") at the same place
 * as in one piece, and never throw; what encodeGreeting writes reads back as it was written.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeGreeting, encodeGreeting } from "../../src/codec/greeting.js";
import { ProtocolError } from "../../src/errors.js";
import { GreetingDecoder } from "../../src/codec/greeting-decoder.js";
import { fuzz } from "../helpers/fuzz-runs.js";
import { RecordingSink } from "../helpers/recording-sink.js";
import { concatBytes, cut, cutsArbitrary, type Chunk } from "./fuzz-kit.js";

/** The stages reported, and where in the input the greeting ended (undefined: not yet). */
function decode(chunks: readonly Chunk[]): { events: unknown[]; end: number | undefined } {
  const sink = new RecordingSink();
  const decoder = new GreetingDecoder(sink);
  let consumed = 0;
  for (const { bytes, offset } of chunks) {
    if (decoder.done) break;
    const at = decoder.push(bytes, offset);
    consumed += at - offset;
  }
  return { events: sink.events, end: decoder.done ? consumed : undefined };
}

/** A greeting that is right, or right but for a few octets (the signature's and revision's mostly). */
const greetingArbitrary: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc
    .tuple(
      fc.record({ major: fc.nat(255), minor: fc.nat(255), mechanism: fc.stringMatching(/^[A-Z]{1,20}$/), asServer: fc.boolean() }),
      fc.array(fc.tuple(fc.nat(64), fc.nat(255)), { maxLength: 3 }),
      fc.uint8Array({ maxLength: 80 }),
    )
    .map(([g, flips, tail]) => {
      const parts = encodeGreeting(g.mechanism, g.asServer, { minor: g.minor });
      const data = concatBytes([parts.signature, parts.major, parts.rest, tail]);
      data[10] = g.major;
      for (const [at, value] of flips) data[at % 12] = value;
      return data;
    }),
  fc.uint8Array({ maxLength: 100 }),
);

describe("greeting decoder, fuzzed", () => {
  it("any octets in any chunking: the same stages, ending at the same octet, and nothing thrown", () => {
    fuzz(
      fc.property(greetingArbitrary, cutsArbitrary, (data, cuts) => {
        const once = decode([{ bytes: data, offset: 0 }]);
        expect(decode(cut(data, cuts.points, cuts.padding))).toEqual(once);
        expect(decode(cut(data, Array.from({ length: data.length }, (_, i) => i + 1)))).toEqual(once);
      }),
    );
  });

  it("decodeGreeting on any octets: a greeting or ProtocolError", () => {
    fuzz(
      fc.property(greetingArbitrary, (data) => {
        try {
          const greeting = decodeGreeting(data);
          expect(greeting.major).toBe(data[10]);
        } catch (err) {
          if (!(err instanceof ProtocolError)) throw err;
        }
      }),
    );
  });

  it("what encodeGreeting writes decodes to the same mechanism, version and role", () => {
    const spec = fc.record({ minor: fc.nat(255), mechanism: fc.stringMatching(/^[A-Z0-9]{1,20}$/), asServer: fc.boolean() });
    fuzz(
      fc.property(spec, cutsArbitrary, ({ minor, mechanism, asServer }, cuts) => {
        const parts = encodeGreeting(mechanism, asServer, { minor });
        const data = concatBytes([parts.signature, parts.major, parts.rest]);
        const { events, end } = decode(cut(data, cuts.points, cuts.padding));
        expect(end).toBe(64);
        expect(events.at(-1)).toEqual({ kind: "greeting", greeting: { major: 3, minor, mechanism, asServer } });
      }),
    );
  });
});
