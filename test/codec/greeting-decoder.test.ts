/**
 * GreetingDecoder reads the peer's 64-octet greeting (RFC 23/37 §"The Greeting") in libzmq's three stages:
 * the signature after octet 10 (time to send our major version), the major version at octet 11 (time to
 * send the rest, or to refuse a revision), the whole greeting after octet 64 (after octet 12 for a ZMTP
 * 2.0 / revision 0 peer). An unversioned ZMTP 1.0 peer is seen at octet 1 or 10. Whatever follows the
 * greeting in a chunk is left to the framing: `push` returns where the greeting ended.
 */
import { describe, expect, it } from "vitest";
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

describe("GreetingDecoder: older peers (RFC 15 §\"Backwards Interoperability\", libzmq receive_greeting)", () => {
  it("reports an unversioned ZMTP 1.0 peer at its first octet, handing that octet back as frame data", () => {
    const { decoder, sink } = fresh();
    // A ZMTP 1.0 peer starts with its identity frame: length 6 (flags + 5), flags 0, "hello".
    const chunk = bytes(0x06, 0x00, "hello");
    expect(decoder.push(chunk)).toBe(1);
    expect(sink.events).toEqual([{ kind: "unversioned", received: "06" }]);
    expect(decoder.done).toBe(true);
    // Done: nothing more is consumed.
    expect(decoder.push(chunk, 1)).toBe(1);
  });

  it("reports an unversioned peer whose octet 9 lacks bit 0 (a long identity frame), with all 10 octets", () => {
    // 0xFF, uint64 length 301 (flags + 300), flags 0: a long ZMTP 1.0 frame header.
    const header = bytes(0xff, filled(6), 0x01, 0x2d, 0x00);
    for (const chunks of [[concat([header, bytes("abc")])], oneByteAtATime(header)]) {
      const { decoder, sink } = fresh();
      const ends = chunks.map((chunk) => decoder.push(chunk));
      expect(sink.events).toEqual([{ kind: "unversioned", received: "ff 00 00 00 00 00 00 01 2d 00" }]);
      expect(ends[ends.length - 1]).toBe(chunks.length === 1 ? 10 : 1);
      expect(decoder.done).toBe(true);
    }
  });

  it.each([
    [0, 1],
    [1, 2],
  ])("reads revision %i as a 12-octet greeting (ZMTP %i.0): signature, revision, socket type", (major, version) => {
    const legacy = bytes(0xff, filled(7), 1, 0x7f, major, 5);
    const expected: SinkEvent[] = [
      { kind: "signature" },
      { kind: "major", major },
      {
        kind: "greeting",
        greeting: { major, minor: 0, mechanism: "", asServer: false, legacy: { version: version as 1 | 2, unversioned: false, socketType: 5 } },
      },
    ];
    // Whole, with the identity frame behind it: the greeting ends at 12.
    const { decoder, sink } = fresh();
    expect(decoder.push(concat([legacy, bytes(0x00, 0x00)]))).toBe(12);
    expect(sink.events).toEqual(expected);
    expect(decoder.done).toBe(true);
    // One octet at a time: the stages at octets 10, 11 and 12.
    const split = fresh();
    const seen: number[] = [];
    oneByteAtATime(legacy).forEach((octet, index) => {
      const before = split.sink.events.length;
      split.decoder.push(octet);
      if (split.sink.events.length !== before) seen.push(index + 1);
    });
    expect(seen).toEqual([10, 11, 12]);
    expect(split.sink.events).toEqual(expected);
  });

  it("reads revision 2 as libzmq does: a 64-octet 3.x greeting", () => {
    const { sink, ends } = feed([greetingBytes({ major: 2 })]);
    expect(ends).toEqual([64]);
    expect(sink.events).toEqual([
      { kind: "signature" },
      { kind: "major", major: 2 },
      { kind: "greeting", greeting: { major: 2, minor: 1, mechanism: "NULL", asServer: false } },
    ]);
  });

  it("a sink that refuses in onMajorVersion stops the greeting there", () => {
    const { decoder, sink } = fresh();
    sink.afterMajor = () => {
      throw new ProtocolError("refused");
    };
    const err = thrownBy(() => decoder.push(bytes(0xff, filled(7), 1, 0x7f, 1, 5, 0x00, 0x00)));
    expect(err).toBeInstanceOf(ProtocolError);
    expect(errorCode(err)).toBe("ERR_ZMTP_UNSPECIFIED");
    expect(sink.events).toEqual([{ kind: "signature" }, { kind: "major", major: 1 }]);
    expect(decoder.done).toBe(false);
  });
});
