/**
 * Fuzzing every command and metadata parser (RFC 37 §"Commands", RFC 23 metadata, RFC 24 HELLO, libzmq's
 * PLAIN "^RROR", RFC 27 ZAP replies): any octets give a value or a ProtocolError, nothing else; what the
 * encoders write reads back as it was.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeCommand, decodeErrorReason, decodePing, encodeCommandBody, encodeErrorReason, encodePing } from "../../src/codec/command.js";
import { decodeMetadata, encodeMetadata } from "../../src/codec/metadata.js";
import { ProtocolError } from "../../src/errors.js";
import { decodePlainCommand, encodeLibzmqPlainError } from "../../src/mechanism/plain/libzmq-plain-error.js";
import { decodeHello, encodeHello } from "../../src/mechanism/plain/plain-commands.js";
import { decodeZapReply, ZAP_VERSION } from "../../src/mechanism/zap-frames.js";
import { fuzz } from "../helpers/fuzz-runs.js";
import { concatBytes } from "./fuzz-kit.js";

/** Calls `parse`; a ProtocolError is an answer too, anything else thrown fails the property. */
function parseOrRefuse<T>(parse: () => T): T | ProtocolError {
  try {
    return parse();
  } catch (err) {
    if (err instanceof ProtocolError) return err;
    throw err;
  }
}

const bytes = fc.uint8Array({ maxLength: 300 });
const ascii = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));
const nameArbitrary = fc.stringMatching(/^[A-Za-z0-9.\-_+]{1,255}$/);
const metadataArbitrary = fc.array(fc.tuple(nameArbitrary, fc.uint8Array({ maxLength: 300 })), { maxLength: 6 });

/** Metadata as a peer might send it: well-formed properties with an octet or two changed, or noise. */
const metadataBytesArbitrary: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.tuple(metadataArbitrary, fc.array(fc.tuple(fc.nat(), fc.nat(255)), { maxLength: 2 }), fc.uint8Array({ maxLength: 6 })).map(([props, flips, tail]) => {
    const data = concatBytes([encodeMetadata(props), tail]);
    for (const [at, value] of flips) if (data.length > 0) data[at % data.length] = value;
    return data;
  }),
  bytes,
);

describe("command and metadata parsers, fuzzed", () => {
  it("decodeCommand: a name and data, or ProtocolError", () => {
    fuzz(
      fc.property(bytes, (body) => {
        const command = parseOrRefuse(() => decodeCommand(body));
        if (command instanceof ProtocolError) return;
        expect(1 + command.name.length + command.data.length).toBe(body.length);
        expect(command.name.length).toBe(body[0]);
      }),
    );
  });

  it("encodeCommandBody's output reads back (ASCII names, as RFC 37 has them)", () => {
    fuzz(
      fc.property(fc.stringMatching(/^[A-Za-z]{1,255}$/), bytes, (name, data) => {
        expect(decodeCommand(encodeCommandBody(name, data))).toEqual({ name, data });
      }),
    );
  });

  it("decodeMetadata: properties or ProtocolError", () => {
    fuzz(
      fc.property(metadataBytesArbitrary, (data) => {
        const properties = parseOrRefuse(() => decodeMetadata(data));
        if (properties instanceof ProtocolError) return;
        for (const [name, value] of properties) {
          expect(name).toMatch(/^[a-z0-9.\-_+]{1,255}$/);
          expect(value.length).toBeLessThanOrEqual(data.length);
        }
      }),
    );
  });

  it("encodeMetadata's output reads back (names case-folded)", () => {
    fuzz(
      fc.property(metadataArbitrary, (props) => {
        const expected = new Map(props.map(([name, value]) => [name.toLowerCase(), value]));
        expect(decodeMetadata(encodeMetadata(props))).toEqual(expected);
      }),
    );
  });

  it("ERROR and PING data: a value or ProtocolError", () => {
    fuzz(
      fc.property(bytes, (data) => {
        const reason = parseOrRefuse(() => decodeErrorReason(data));
        if (!(reason instanceof ProtocolError)) expect(typeof reason).toBe("string");
        const ping = parseOrRefuse(() => decodePing(data));
        if (!(ping instanceof ProtocolError)) expect(ping.context.length).toBe(data.length - 2);
      }),
    );
  });

  it("ERROR and PING data we encode read back (a reason cut to 255 octets still decodes)", () => {
    fuzz(
      fc.property(fc.string({ unit: "grapheme", maxLength: 80 }), fc.nat(0xffff), fc.uint8Array({ maxLength: 16 }), (reason, ttl, context) => {
        const decoded = decodeErrorReason(encodeErrorReason(reason));
        if (Buffer.byteLength(reason) <= 255) expect(decoded).toBe(reason);
        expect(decodePing(encodePing(ttl, context))).toEqual({ ttlDeciseconds: ttl, context });
      }),
    );
  });

  it("PLAIN HELLO and libzmq's \"^RROR\": credentials or ProtocolError", () => {
    fuzz(
      fc.property(bytes, (data) => {
        const hello = parseOrRefuse(() => decodeHello(data));
        if (!(hello instanceof ProtocolError)) expect(2 + hello.username.length + hello.password.length).toBe(data.length);
        parseOrRefuse(() => decodePlainCommand(data));
      }),
    );
  });

  it("PLAIN HELLO and \"^RROR\" as we write them read back", () => {
    fuzz(
      fc.property(fc.uint8Array({ maxLength: 255 }), fc.uint8Array({ maxLength: 255 }), fc.constantFrom("300", "400", "500"), (username, password, status) => {
        expect(decodeHello(encodeHello({ username, password }))).toEqual({ username, password });
        const error = decodePlainCommand(encodeLibzmqPlainError(status));
        expect(error.name).toBe("ERROR");
        expect(decodeErrorReason(error.data)).toBe(status);
      }),
    );
  });

  it("ZAP replies: a verdict or ProtocolError, whatever the frames", () => {
    const field = (right: Uint8Array): fc.Arbitrary<Uint8Array> => fc.oneof({ weight: 4, arbitrary: fc.constant(right) }, { weight: 1, arbitrary: fc.uint8Array({ maxLength: 8 }) });
    const reply = fc.oneof(
      fc.tuple(
        field(new Uint8Array(0)),
        field(ascii(ZAP_VERSION)),
        field(ascii("7")),
        fc.oneof(fc.constantFrom(...["200", "300", "400", "500", "600", "20"].map(ascii)), fc.uint8Array({ maxLength: 4 })),
        bytes,
        bytes,
        metadataBytesArbitrary,
      ),
      fc.array(bytes, { maxLength: 9 }),
    );
    fuzz(
      fc.property(reply, (frames) => {
        const verdict = parseOrRefuse(() => decodeZapReply(frames, "7"));
        if (!(verdict instanceof ProtocolError)) expect([200, 300, 400, 500]).toContain(verdict.statusCode);
      }),
    );
  });
});
