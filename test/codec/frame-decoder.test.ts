/**
 * FrameDecoder: ZMTP 3.x framing (RFC 23/37 §"Formal Grammar") for what follows the greeting, which
 * GreetingDecoder reads (test/codec/greeting-decoder.test.ts). Frames are fed without a greeting; the
 * `push(chunk, offset)` form picks up where the greeting ended in a chunk, as a stream wire does.
 */
import { describe, expect, it, vi } from "vitest";
import { FrameDecoder, type FrameDecoderOptions } from "../../src/codec/frame-decoder.js";
import { ProtocolError, ZmqError } from "../../src/errors.js";
import { bytes, concat, filled, hex, oneByteAtATime, randomSplit, sequence } from "../helpers/bytes.js";
import { decodeStream, RecordingSink, type SinkEvent } from "../helpers/recording-sink.js";
import { commandFrame, frameBytes, greetingBytes, messageBytes, readyFrame } from "../helpers/wire.js";
import { errorCode, thrownBy } from "../helpers/errors.js";

const GREETING = greetingBytes({ padding: [0, 0, 0, 0, 0, 0, 0, 1], minor: 1 });
const GREETING_EVENTS: SinkEvent[] = [
  { kind: "signature" },
  { kind: "major", major: 3 },
  { kind: "greeting", greeting: { major: 3, minor: 1, mechanism: "NULL", asServer: false } },
];

/** Feeds the chunks (frames only) to a fresh decoder and returns what its sink saw. */
function decode(chunks: readonly Uint8Array[], options?: FrameDecoderOptions): RecordingSink {
  const sink = new RecordingSink();
  const decoder = new FrameDecoder(sink, options);
  for (const chunk of chunks) decoder.push(chunk);
  return sink;
}

/** A fresh decoder with its sink. */
function fresh(options?: FrameDecoderOptions): { decoder: FrameDecoder; sink: RecordingSink } {
  const sink = new RecordingSink();
  return { decoder: new FrameDecoder(sink, options), sink };
}

const PING = bytes(0x04, 0x0a, 0x04, "PING", 0x00, 0x00, "LOL");
const LONG_BODY = sequence(300);

/** Named byte-exact vectors (after the greeting) and the frames each must produce. */
const VECTORS: { name: string; wire: Uint8Array; frames: { flags: number; body: string }[] }[] = [
  { name: "short frame", wire: bytes(0x00, 0x03, "abc"), frames: [{ flags: 0, body: hex(bytes("abc")) }] },
  {
    name: "long frame",
    wire: bytes(0x02, 0, 0, 0, 0, 0, 0, 0x01, 0x2c, LONG_BODY),
    frames: [{ flags: 0, body: hex(LONG_BODY) }],
  },
  {
    name: "MORE then last frame",
    wire: bytes(0x01, 0x01, "a", 0x00, 0x02, "bc"),
    frames: [
      { flags: 1, body: hex(bytes("a")) },
      { flags: 0, body: hex(bytes("bc")) },
    ],
  },
  {
    name: "long frame with MORE",
    wire: bytes(0x03, 0, 0, 0, 0, 0, 0, 0x01, 0x2c, LONG_BODY, 0x00, 0x00),
    frames: [
      { flags: 1, body: hex(LONG_BODY) },
      { flags: 0, body: "" },
    ],
  },
  { name: "command frame (PING)", wire: PING, frames: [{ flags: 4, body: hex(PING.subarray(2)) }] },
  {
    name: "long command frame",
    wire: bytes(0x06, 0, 0, 0, 0, 0, 0, 0x01, 0x2c, LONG_BODY),
    frames: [{ flags: 4, body: hex(LONG_BODY) }],
  },
  { name: "zero-length frame", wire: bytes(0x00, 0x00), frames: [{ flags: 0, body: "" }] },
  {
    name: "long size below 256",
    wire: bytes(0x02, 0, 0, 0, 0, 0, 0, 0, 0x05, "hello"),
    frames: [{ flags: 0, body: hex(bytes("hello")) }],
  },
  {
    name: "long zero size",
    wire: bytes(0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x00),
    frames: [
      { flags: 1, body: "" },
      { flags: 0, body: "" },
    ],
  },
];

describe("FrameDecoder: byte-exact vectors", () => {
  for (const vector of VECTORS) {
    it(`decodes a ${vector.name}`, () => {
      const sink = decode([vector.wire]);
      expect(sink.events).toEqual(vector.frames.map((frame) => ({ kind: "frame", ...frame })));
      expect(sink.frames).toEqual(vector.frames);
    });
  }

  it("reports only MORE and COMMAND in the flags (never LONG)", () => {
    const sink = decode([bytes(0x02, 0, 0, 0, 0, 0, 0, 0, 0x01, "x"), bytes(0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0x00)]);
    expect(sink.frames.map((f) => f.flags)).toEqual([0, 1]);
  });

  it("decodes the 43-octet DEALER READY", () => {
    const ready = bytes(0x04, 0x29, 0x05, "READY", 0x0b, "Socket-Type", 0, 0, 0, 6, "DEALER", 0x08, "Identity", 0, 0, 0, 0);
    expect(ready.length).toBe(43);
    const sink = decode([ready]);
    expect(sink.frames).toEqual([{ flags: 4, body: hex(ready.subarray(2)) }]);
  });

  it("reads a first octet of 0xFF as a frame header, not a signature: the greeting is not its business", () => {
    const err = thrownBy(() => decode([GREETING]));
    expect(err).toBeInstanceOf(ProtocolError);
    expect(err.message).toMatch(/reserved/);
  });
});

const FRAMES = concat([
  readyFrame([
    ["Socket-Type", "ROUTER"],
    ["Identity", ""],
  ]),
  ...VECTORS.map((v) => v.wire),
  messageBytes(["", "envelope", sequence(1000), ""]),
  commandFrame("SUBSCRIBE", sequence(300)),
  frameBytes(0x00, sequence(256)),
]);
/** READY + the vectors' frames + 4 message parts + SUBSCRIBE + one long frame. */
const FRAME_COUNT = 1 + VECTORS.reduce((n, v) => n + v.frames.length, 0) + 4 + 1 + 1;

describe("FrameDecoder: any split of the input gives the same events", () => {
  const reference = decode([FRAMES]).events;
  const referenceJson = JSON.stringify(reference);

  it("produces the expected events when fed in one chunk", () => {
    expect(reference.length).toBe(FRAME_COUNT);
    expect(reference.every((event) => event.kind === "frame")).toBe(true);
    expect(reference.at(-1)).toEqual({ kind: "frame", flags: 0, body: hex(sequence(256)) });
  });

  it("produces identical events when fed one octet at a time", () => {
    expect(decode(oneByteAtATime(FRAMES)).events).toEqual(reference);
  });

  it("produces identical events for 300 seeded random splits", () => {
    for (let seed = 1; seed <= 300; seed++) {
      const chunks = randomSplit(FRAMES, seed);
      expect(Buffer.compare(concat(chunks), FRAMES), `seed ${seed} loses bytes`).toBe(0);
      if (seed % 50 === 0) expect(chunks.length, `seed ${seed} splits`).toBeGreaterThan(1);
      expect(JSON.stringify(decode(chunks).events), `seed ${seed}`).toBe(referenceJson);
    }
  });

  it("produces identical events for every single cut point", () => {
    for (let cut = 0; cut <= FRAMES.length; cut++) {
      const events = JSON.stringify(decode([FRAMES.slice(0, cut), FRAMES.slice(cut)]).events);
      if (events !== referenceJson) expect(events, `cut at ${cut}`).toBe(referenceJson);
    }
  });

  it("treats an empty chunk as nothing", () => {
    expect(decode([new Uint8Array(0), FRAMES, new Uint8Array(0)]).events).toEqual(reference);
  });
});

describe("FrameDecoder after GreetingDecoder: a whole stream, greeting included", () => {
  const stream = concat([greetingBytes({ padding: [9, 8, 7, 6, 5, 4, 3, 2], minor: 1, asServer: 0 }), FRAMES]);
  const reference = decodeStream([stream]).events;
  const referenceJson = JSON.stringify(reference);

  it("gives the greeting stages, then the frames", () => {
    expect(reference.slice(0, 3)).toEqual([
      { kind: "signature" },
      { kind: "major", major: 3 },
      { kind: "greeting", greeting: { major: 3, minor: 1, mechanism: "NULL", asServer: false } },
    ]);
    expect(reference.slice(3)).toEqual(decode([FRAMES]).events);
  });

  it("gives identical events one octet at a time, for every cut point and for 300 seeded random splits", () => {
    expect(decodeStream(oneByteAtATime(stream)).events).toEqual(reference);
    for (let cut = 0; cut <= stream.length; cut++) {
      const events = JSON.stringify(decodeStream([stream.slice(0, cut), stream.slice(cut)]).events);
      if (events !== referenceJson) expect(events, `cut at ${cut}`).toBe(referenceJson);
    }
    for (let seed = 1; seed <= 300; seed++) {
      expect(JSON.stringify(decodeStream(randomSplit(stream, seed)).events), `seed ${seed}`).toBe(referenceJson);
    }
  });

  it("keeps the bytes after the greeting when greeting, READY and messages arrive in one chunk", () => {
    const ready = readyFrame([["Socket-Type", "PUSH"]]);
    const chunk = concat([GREETING, ready, messageBytes(["one"]), messageBytes(["two", "parts"])]);
    const sink = decodeStream([chunk]);
    expect(sink.events.slice(0, 3)).toEqual(GREETING_EVENTS);
    expect(sink.frames).toEqual([
      { flags: 4, body: hex(ready.subarray(2)) },
      { flags: 0, body: hex(bytes("one")) },
      { flags: 1, body: hex(bytes("two")) },
      { flags: 0, body: hex(bytes("parts")) },
    ]);
  });

  it("ignores the greeting's padding octets and as-server octet", () => {
    const sink = decodeStream([greetingBytes({ padding: [0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4], asServer: 7 }), bytes(0, 1, "x")]);
    expect(sink.events.length).toBe(4);
    expect(sink.frames).toEqual([{ flags: 0, body: "78" }]);
  });
});

describe("FrameDecoder: push(chunk, offset)", () => {
  it("decodes from the offset on, never looking at the octets before it", () => {
    const { decoder, sink } = fresh();
    const chunk = concat([GREETING, bytes(0x01, 0x01, "a", 0x00, 0x02, "bc")]);
    decoder.push(chunk, 64);
    expect(sink.events).toEqual([
      { kind: "frame", flags: 1, body: "61" },
      { kind: "frame", flags: 0, body: hex(bytes("bc")) },
    ]);
  });

  it("hands over a zero-copy view of the chunk that also carried the greeting", () => {
    const { decoder, sink } = fresh({
      allocate: () => {
        throw new Error("must not allocate");
      },
    });
    const chunk = concat([GREETING, bytes(0x00, 0x02, "hi")]);
    decoder.push(chunk, 64);
    expect(sink.bodies[0]!.buffer).toBe(chunk.buffer);
    expect(sink.bodies[0]!.byteOffset).toBe(66);
    expect(hex(sink.bodies[0]!)).toBe(hex(bytes("hi")));
  });

  it("an offset at the end of the chunk is nothing", () => {
    const { decoder, sink } = fresh();
    decoder.push(GREETING, 64);
    decoder.push(bytes(0x00, 0x01, "x"), 3);
    expect(sink.events).toEqual([]);
    expect(decoder.stopped).toBe(false);
  });

  it("a header split at the offset boundary is gathered from the next chunk", () => {
    const { decoder, sink } = fresh();
    decoder.push(concat([GREETING, bytes(0x02, 0, 0)]), 64);
    decoder.push(bytes(0, 0, 0, 0, 0, 0x03, "abc"));
    expect(sink.frames).toEqual([{ flags: 0, body: hex(bytes("abc")) }]);
  });

  it("while paused, keeps where each held chunk starts and decodes from there on resume()", () => {
    const { decoder, sink } = fresh();
    decoder.pause();
    decoder.push(concat([GREETING, bytes(0x00, 0x01, "a")]), 64);
    decoder.push(concat([bytes("skip"), bytes(0x01, 0x01, "b", 0x00)]), 4);
    decoder.push(concat([bytes("xx"), bytes(0x01, "c")]), 2);
    expect(sink.events).toEqual([]);
    decoder.resume();
    expect(sink.frames).toEqual([
      { flags: 0, body: "61" },
      { flags: 1, body: "62" },
      { flags: 0, body: "63" },
    ]);
  });

  it("a violation after the offset throws and stops; the octets before it are never judged", () => {
    const { decoder, sink } = fresh();
    const err = thrownBy(() => {
      decoder.push(concat([bytes(0xff, 0xff), bytes(0x00, 0x01, "a", 0x80, 0x00)]), 2);
    });
    expect(err).toBeInstanceOf(ProtocolError);
    expect(sink.frames).toEqual([{ flags: 0, body: "61" }]);
    expect(decoder.stopped).toBe(true);
  });
});

describe("FrameDecoder: flag violations", () => {
  for (const bit of [0x08, 0x10, 0x20, 0x40, 0x80]) {
    const flags = `0x${bit.toString(16)}`;
    it(`refuses reserved bit ${flags} (whole header in one chunk)`, () => {
      const { decoder, sink } = fresh();
      const err = thrownBy(() => {
        decoder.push(bytes(bit, 0x01, "x"));
      });
      expect(err).toBeInstanceOf(ProtocolError);
      expect(err.message).toMatch(/reserved/);
      expect(sink.frames).toEqual([]);
      expect(decoder.stopped).toBe(true);
    });

    it(`refuses reserved bit ${flags} as soon as the flags octet arrives`, () => {
      const { decoder } = fresh();
      expect(() => {
        decoder.push(bytes(bit | 0x01));
      }).toThrow(ProtocolError);
    });
  }

  it("refuses reserved bits on a long frame", () => {
    const { decoder } = fresh();
    expect(() => {
      decoder.push(bytes(0x0a, 0, 0, 0, 0, 0, 0, 0, 1, "x"));
    }).toThrow(ProtocolError);
  });

  it("refuses a command frame with MORE, short or long, whole or split", () => {
    for (const wire of [bytes(0x05, 0x05, 0x04, "PING"), bytes(0x07, 0, 0, 0, 0, 0, 0, 0, 5, 0x04, "PING")]) {
      const whole = fresh();
      const err = thrownBy(() => {
        whole.decoder.push(wire);
      });
      expect(err).toBeInstanceOf(ProtocolError);
      expect(err.message).toMatch(/MORE/);
      expect(whole.sink.frames).toEqual([]);

      const split = fresh();
      expect(() => {
        for (const chunk of oneByteAtATime(wire)) split.decoder.push(chunk);
      }).toThrow(ProtocolError);
      expect(split.sink.frames).toEqual([]);
    }
  });

  it("delivers the frames before a violation, then nothing after it", () => {
    const { decoder, sink } = fresh();
    expect(() => {
      decoder.push(bytes(0x00, 0x01, "a", 0xff, 0x01, "b"));
    }).toThrow(ProtocolError);
    expect(sink.frames).toEqual([{ flags: 0, body: "61" }]);
    decoder.push(bytes(0x00, 0x01, "c"));
    expect(sink.frames.length).toBe(1);
  });
});

describe("FrameDecoder: size limits", () => {
  it("accepts a frame of exactly maxFrameSize octets", () => {
    const { decoder, sink } = fresh({ maxFrameSize: 10 });
    decoder.push(frameBytes(0, sequence(10)));
    decoder.push(frameBytes(0, sequence(10), { long: true }));
    expect(sink.frames.map((f) => f.body)).toEqual([hex(sequence(10)), hex(sequence(10))]);
  });

  it("refuses a short frame above maxFrameSize with EMSGSIZE, from its header alone", () => {
    const allocate = vi.fn((size: number) => new Uint8Array(size));
    const { decoder, sink } = fresh({ maxFrameSize: 10, allocate });
    const err = thrownBy(() => {
      decoder.push(bytes(0x00, 11));
    });
    expect(err).toBeInstanceOf(ZmqError);
    expect(errorCode(err)).toBe("EMSGSIZE");
    expect(allocate).not.toHaveBeenCalled();
    expect(sink.frames).toEqual([]);
  });

  it("refuses an oversized short frame even when its whole body is in the chunk", () => {
    const { decoder, sink } = fresh({ maxFrameSize: 10 });
    const err = thrownBy(() => {
      decoder.push(frameBytes(0, sequence(11)));
    });
    expect(errorCode(err)).toBe("EMSGSIZE");
    expect(sink.frames).toEqual([]);
  });

  it("refuses a long frame above maxFrameSize before allocating anything for it", () => {
    const allocate = vi.fn((size: number) => new Uint8Array(size));
    const header = bytes(0x02, 0, 0, 0, 0, 0x40, 0, 0, 0); // 1 GiB
    // Header alone, header one octet at a time, header with the start of a body.
    for (const chunks of [[header], oneByteAtATime(header), [concat([header, filled(100)])]]) {
      const { decoder, sink } = fresh({ maxFrameSize: 1024 * 1024, allocate });
      const err = thrownBy(() => {
        for (const chunk of chunks) decoder.push(chunk);
      });
      expect(err).toBeInstanceOf(ZmqError);
      expect(errorCode(err)).toBe("EMSGSIZE");
      expect(err.message).toContain("1073741824");
      expect(sink.frames).toEqual([]);
      expect(decoder.stopped).toBe(true);
    }
    expect(allocate).not.toHaveBeenCalled();
  });

  it("refuses an 8-octet size of 2^53 or more with EMSGSIZE even without a limit", () => {
    for (const size of [
      bytes(0x00, 0x20, 0, 0, 0, 0, 0, 0), // 2^53
      bytes(0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff),
      bytes(0x80, 0, 0, 0, 0, 0, 0, 0), // top bit set: not negative, just huge
      bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff),
    ]) {
      const allocate = vi.fn((n: number) => new Uint8Array(n));
      const { decoder } = fresh({ allocate });
      const err = thrownBy(() => {
        decoder.push(bytes(0x02, size));
      });
      expect(err).toBeInstanceOf(ZmqError);
      expect(errorCode(err)).toBe("EMSGSIZE");
      expect(allocate).not.toHaveBeenCalled();
    }
  });

  it("refuses an 8-octet size of 2^53 or more even when the limit is set beyond it", () => {
    for (const maxFrameSize of [Number.POSITIVE_INFINITY, 2 ** 60]) {
      const { decoder } = fresh({ maxFrameSize });
      const err = thrownBy(() => {
        decoder.push(bytes(0x02, 0x00, 0x20, 0, 0, 0, 0, 0, 0x01));
      });
      expect(errorCode(err)).toBe("EMSGSIZE");
    }
  });

  it("takes 2^53 - 1 as a size without allocating before the body is in", () => {
    const allocate = vi.fn((n: number) => new Uint8Array(n));
    const { decoder, sink } = fresh({ allocate, maxFrameSize: -1 });
    decoder.push(bytes(0x02, 0x00, 0x1f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, "some of the body"));
    expect(allocate).not.toHaveBeenCalled();
    expect(sink.frames).toEqual([]);
    expect(decoder.stopped).toBe(false);
  });

  it("reads the 8-octet size as unsigned network byte order", () => {
    // 0x0000_0001_0000_0000 would be 0 if only the low 32 bits were read; with a limit it must be refused.
    const { decoder } = fresh({ maxFrameSize: 100 });
    expect(() => {
      decoder.push(bytes(0x02, 0, 0, 0, 1, 0, 0, 0, 0));
    }).toThrow(ZmqError);
    // 0x80 in the low word's top octet: 2^31 + 1, not a negative number.
    const second = fresh({ maxFrameSize: 100 });
    expect(() => {
      second.decoder.push(bytes(0x02, 0, 0, 0, 0, 0x80, 0, 0, 1));
    }).toThrow(expect.objectContaining({ code: "EMSGSIZE" }));
  });
});

describe("FrameDecoder: buffers", () => {
  it("hands over frames inside one chunk as views of that chunk (zero copy)", () => {
    const { decoder, sink } = fresh({
      allocate: () => {
        throw new Error("must not allocate");
      },
    });
    const chunk = concat([bytes(0x01, 0x03, "abc"), frameBytes(0, LONG_BODY), PING]);
    decoder.push(chunk);
    expect(sink.bodies.length).toBe(3);
    for (const body of sink.bodies) expect(body.buffer).toBe(chunk.buffer);
    expect(sink.bodies[0]!.byteOffset).toBe(2);
    expect(sink.bodies[1]!.byteOffset).toBe(5 + 9);
  });

  it("gathers a frame spanning chunks into one buffer from `allocate`, sized exactly", () => {
    const made: Uint8Array[] = [];
    const allocate = vi.fn((size: number) => {
      const buffer = new Uint8Array(size);
      made.push(buffer);
      return buffer;
    });
    const { decoder, sink } = fresh({ allocate });
    const wire = frameBytes(0, LONG_BODY);
    decoder.push(wire.slice(0, 100));
    decoder.push(wire.slice(100, 200));
    expect(allocate).not.toHaveBeenCalled();
    decoder.push(wire.slice(200));
    expect(allocate).toHaveBeenCalledTimes(1);
    expect(allocate).toHaveBeenCalledWith(300);
    expect(sink.bodies[0]).toBe(made[0]);
    expect(hex(sink.bodies[0]!)).toBe(hex(LONG_BODY));
  });

  it("does not allocate for a frame whose header alone was split", () => {
    const allocate = vi.fn((size: number) => new Uint8Array(size));
    const { decoder, sink } = fresh({ allocate });
    const body = sequence(20);
    const wire = frameBytes(0, body, { long: true });
    decoder.push(wire.slice(0, 4));
    const rest = wire.slice(4);
    decoder.push(rest);
    expect(allocate).not.toHaveBeenCalled();
    expect(sink.bodies[0]!.buffer).toBe(rest.buffer);
    expect(hex(sink.bodies[0]!)).toBe(hex(body));
  });
});

describe("FrameDecoder: stop, pause, resume", () => {
  it("stop() from the sink ends delivery at once, also within the current chunk", () => {
    const { decoder, sink } = fresh();
    sink.afterFrame = () => {
      decoder.stop();
    };
    decoder.push(bytes(0x00, 0x01, "a", 0x00, 0x01, "b", 0x00, 0x01, "c"));
    expect(sink.frames).toEqual([{ flags: 0, body: "61" }]);
    expect(decoder.stopped).toBe(true);
    decoder.push(bytes(0x00, 0x01, "d"));
    decoder.push(bytes(0xff, 0xff)); // would be a violation; a stopped decoder does not look
    expect(sink.frames.length).toBe(1);
  });

  it("stop() before any input ignores everything, violations included", () => {
    const { decoder, sink } = fresh();
    decoder.stop();
    decoder.push(bytes(0, 1, "x"));
    decoder.push(bytes(0xff, 0xff));
    expect(sink.events).toEqual([]);
    expect(decoder.stopped).toBe(true);
  });

  it("pause() from the sink holds the rest of the chunk and later chunks until resume()", () => {
    const { decoder, sink } = fresh();
    sink.afterFrame = (index) => {
      if (index === 0 || index === 2) decoder.pause();
    };
    decoder.push(bytes(0x00, 0x01, "a", 0x01, 0x01, "b"));
    expect(decoder.isPaused).toBe(true);
    expect(sink.frames.map((f) => f.body)).toEqual(["61"]);
    decoder.push(bytes(0x00, 0x01, "c", 0x00));
    decoder.push(bytes(0x01, "d"));
    expect(sink.frames.length).toBe(1);
    decoder.resume();
    expect(sink.frames.map((f) => f.body)).toEqual(["61", "62", "63"]);
    expect(decoder.isPaused).toBe(true);
    decoder.resume();
    expect(decoder.isPaused).toBe(false);
    expect(sink.frames).toEqual([
      { flags: 0, body: "61" },
      { flags: 1, body: "62" },
      { flags: 0, body: "63" },
      { flags: 0, body: "64" },
    ]);
  });

  it("a sink exception propagates out of push() and stops the decoder", () => {
    const { decoder, sink } = fresh();
    const boom = new Error("sink failed");
    sink.afterFrame = () => {
      throw boom;
    };
    expect(() => {
      decoder.push(bytes(0x00, 0x01, "a", 0x00, 0x01, "b"));
    }).toThrow(boom);
    expect(decoder.stopped).toBe(true);
    sink.afterFrame = undefined;
    decoder.push(bytes(0x00, 0x01, "c"));
    expect(sink.frames.length).toBe(1);
  });
});
