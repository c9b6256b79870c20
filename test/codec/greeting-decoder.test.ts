/**
 * GreetingDecoder reads the peer's 64-octet greeting (RFC 23/37 §"The Greeting") in libzmq's three stages:
 * the signature after octet 10 (time to send our major version), the major version at octet 11 (time to
 * send the rest, or to refuse a revision), the whole greeting after octet 64. Whatever follows the greeting
 * in a chunk is left to the framing: `push` returns where the greeting ended.
 */
import { describe, expect, it } from "vitest";
import { checkMajorVersion } from "../../src/codec/greeting.js";
import { GreetingDecoder } from "../../src/codec/greeting-decoder.js";
import { ProtocolError } from "../../src/errors.js";
import { bytes, concat, filled, oneByteAtATime, randomSplit } from "../helpers/bytes.js";
import { errorCode, thrownBy } from "../helpers/errors.js";
import { RecordingSink, type SinkEvent } from "../helpers/recording-sink.js";
import { greetingBytes, messageBytes, readyFrame } from "../helpers/wire.js";

const GREETING = greetingBytes({ padding: [0, 0, 0, 0, 0, 0, 0, 1], minor: 1 });
const GREETING_EVENTS: SinkEvent[] = [
  { kind: "signature" },
  { kind: "major", major: 3 },
  { kind: "greeting", greeting: { major: 3, minor: 1, mechanism: "NULL", asServer: false } },
];

function fresh(): { decoder: GreetingDecoder; sink: RecordingSink } {
  const sink = new RecordingSink();
  return { decoder: new GreetingDecoder(sink), sink };
}

/** Feeds the chunks and returns the events, with the offset each push returned. */
function feed(chunks: readonly Uint8Array[]): { sink: RecordingSink; decoder: GreetingDecoder; ends: number[] } {
  const { decoder, sink } = fresh();
  const ends = chunks.map((chunk) => decoder.push(chunk));
  return { sink, decoder, ends };
}

describe("GreetingDecoder: the three stages", () => {
  it("reports the signature after octet 10, the major after octet 11, the greeting after octet 64", () => {
    const { decoder, sink } = fresh();
    expect(decoder.push(GREETING.subarray(0, 9))).toBe(9);
    expect(sink.events).toEqual([]);
    expect(decoder.push(GREETING.subarray(9, 10))).toBe(1);
    expect(sink.events).toEqual([{ kind: "signature" }]);
    expect(decoder.push(GREETING.subarray(10, 11))).toBe(1);
    expect(sink.events).toEqual([{ kind: "signature" }, { kind: "major", major: 3 }]);
    expect(decoder.push(GREETING.subarray(11, 63))).toBe(52);
    expect(sink.events.length).toBe(2);
    expect(decoder.done).toBe(false);
    expect(decoder.push(GREETING.subarray(63))).toBe(1);
    expect(sink.events).toEqual(GREETING_EVENTS);
    expect(decoder.done).toBe(true);
  });

  it("reports all three stages, in order, from one chunk", () => {
    const { sink, ends, decoder } = feed([GREETING]);
    expect(sink.events).toEqual(GREETING_EVENTS);
    expect(ends).toEqual([64]);
    expect(decoder.done).toBe(true);
  });

  it("reports each stage at its octet when fed one octet at a time", () => {
    const { decoder, sink } = fresh();
    const seen: number[] = [];
    oneByteAtATime(GREETING).forEach((octet, index) => {
      const before = sink.events.length;
      expect(decoder.push(octet)).toBe(1);
      if (sink.events.length !== before) seen.push(index + 1);
    });
    expect(seen).toEqual([10, 11, 64]);
    expect(sink.events).toEqual(GREETING_EVENTS);
  });

  it("gives the same events for every cut point and 200 seeded random splits", () => {
    for (let cut = 0; cut <= 64; cut++) {
      const { sink } = feed([GREETING.slice(0, cut), GREETING.slice(cut)]);
      expect(sink.events, `cut at ${cut}`).toEqual(GREETING_EVENTS);
    }
    for (let seed = 1; seed <= 200; seed++) {
      const chunks = randomSplit(GREETING, seed);
      const { sink, ends } = feed(chunks);
      expect(sink.events, `seed ${seed}`).toEqual(GREETING_EVENTS);
      expect(ends, `seed ${seed}`).toEqual(chunks.map((chunk) => chunk.length));
    }
  });

  it("treats an empty chunk as nothing", () => {
    const { sink, ends } = feed([new Uint8Array(0), GREETING.subarray(0, 30), new Uint8Array(0), GREETING.subarray(30)]);
    expect(sink.events).toEqual(GREETING_EVENTS);
    expect(ends).toEqual([0, 30, 0, 34]);
  });
});

describe("GreetingDecoder: where the greeting ends", () => {
  it("returns the offset just past the greeting when frames follow in the same chunk", () => {
    const ready = readyFrame([["Socket-Type", "PUSH"]]);
    const chunk = concat([GREETING, ready, messageBytes(["one"])]);
    const { decoder, sink } = fresh();
    expect(decoder.push(chunk)).toBe(64);
    expect(sink.events).toEqual(GREETING_EVENTS);
  });

  it("returns where it stopped when the greeting ends inside a later chunk", () => {
    const stream = concat([GREETING, bytes(0x00, 0x01, "x")]);
    const { decoder } = fresh();
    expect(decoder.push(stream.subarray(0, 40))).toBe(40);
    const rest = stream.subarray(40);
    expect(decoder.push(rest)).toBe(24);
    expect(rest.subarray(24)).toEqual(bytes(0x00, 0x01, "x"));
  });

  it("starts at the given offset and returns an offset into the same chunk", () => {
    const chunk = concat([bytes("junk"), GREETING, bytes(0x00, 0x00)]);
    const { decoder, sink } = fresh();
    expect(decoder.push(chunk, 4)).toBe(68);
    expect(sink.events).toEqual(GREETING_EVENTS);
  });

  it("starting at the end of a chunk reads nothing", () => {
    const { decoder, sink } = fresh();
    expect(decoder.push(GREETING, 64)).toBe(64);
    expect(sink.events).toEqual([]);
    expect(decoder.done).toBe(false);
  });

  it("once done, consumes nothing more and reports nothing more", () => {
    const { decoder, sink } = fresh();
    decoder.push(GREETING);
    const next = greetingBytes({ mechanism: "PLAIN" });
    expect(decoder.push(next)).toBe(0);
    expect(decoder.push(next, 10)).toBe(10);
    expect(sink.events).toEqual(GREETING_EVENTS);
  });
});

describe("GreetingDecoder: what the greeting says", () => {
  it("ignores the padding octets, the as-server value and the filler", () => {
    const { sink } = feed([greetingBytes({ padding: [0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4], asServer: 7, filler: 0xaa })]);
    expect(sink.events).toEqual(GREETING_EVENTS);
  });

  it("reports the mechanism and the as-server octet", () => {
    const { sink } = feed([greetingBytes({ mechanism: "CURVE", asServer: 1, minor: 0 })]);
    expect(sink.events[2]).toEqual({ kind: "greeting", greeting: { major: 3, minor: 0, mechanism: "CURVE", asServer: true } });
  });

  it("accepts any 3.x minor version", () => {
    for (const minor of [0, 1, 2, 200]) {
      const { sink } = feed([greetingBytes({ minor })]);
      expect(sink.events[2]).toEqual({ kind: "greeting", greeting: { major: 3, minor, mechanism: "NULL", asServer: false } });
    }
  });

  it("reports a major version above 3 as it is", () => {
    const { sink } = feed([greetingBytes({ major: 4, minor: 0 })]);
    expect(sink.events).toEqual([
      { kind: "signature" },
      { kind: "major", major: 4 },
      { kind: "greeting", greeting: { major: 4, minor: 0, mechanism: "NULL", asServer: false } },
    ]);
  });
});

describe("GreetingDecoder: older revisions", () => {
  it("refuses a ZMTP 1.0 peer at its first octet, reporting nothing", () => {
    const { decoder, sink } = fresh();
    // A ZMTP 1.0 peer starts with a length octet: here an empty identity frame (01 00).
    const err = thrownBy(() => decoder.push(bytes(0x01, 0x00)));
    expect(err).toBeInstanceOf(ProtocolError);
    expect(err.message).toMatch(/ZMTP 1\.0/);
    expect(errorCode(err)).toBe("ERR_ZMTP_UNSPECIFIED");
    expect(err).toMatchObject({ errno: 71 });
    expect(sink.events).toEqual([]);
  });

  it("refuses a ZMTP 1.0 peer whose octet 9 lacks bit 0, before reporting the signature", () => {
    for (const chunks of [[greetingBytes({ last: 0x7e })], oneByteAtATime(greetingBytes({ last: 0x7e }))]) {
      const { decoder, sink } = fresh();
      const err = thrownBy(() => {
        for (const chunk of chunks) decoder.push(chunk);
      });
      expect(err).toBeInstanceOf(ProtocolError);
      expect(err.message).toMatch(/ZMTP 1\.0/);
      expect(sink.events).toEqual([]);
    }
  });

  it.each([1, 2])("reports a ZMTP 2.0 major version (%i) without judging it: the framing decides", (major) => {
    const { decoder, sink } = fresh();
    // ZMTP 2.0: signature, revision, socket type, then frames.
    expect(decoder.push(bytes(0xff, filled(7), 1, 0x7f, major, 5))).toBe(12);
    expect(sink.events).toEqual([{ kind: "signature" }, { kind: "major", major }]);
  });

  it.each([0, 1, 2])("a sink that refuses major %i in onMajorVersion stops the greeting there", (major) => {
    const { decoder, sink } = fresh();
    sink.afterMajor = checkMajorVersion;
    const err = thrownBy(() => decoder.push(bytes(0xff, filled(7), 1, 0x7f, major, 5, 0x00, 0x00)));
    expect(err).toBeInstanceOf(ProtocolError);
    expect(err.message).toMatch(major === 0 ? /ZMTP 1\.0/ : /ZMTP 2\.0/);
    expect(sink.events).toEqual([{ kind: "signature" }, { kind: "major", major }]);
    expect(decoder.done).toBe(false);
  });
});
