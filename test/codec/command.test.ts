import { describe, expect, it } from "vitest";
import {
  decodeCommand,
  decodeErrorReason,
  decodePing,
  encodeErrorReason,
  encodePing,
  pongContext,
} from "../../src/codec/command.js";
import { FrameEncoder } from "../../src/codec/frame-encoder.js";
import { ProtocolError } from "../../src/errors.js";
import { ascii, bytes, concat, filled, hex, sequence } from "../helpers/bytes.js";
import { thrownBy } from "../helpers/errors.js";

/** RFC 37 / conformance.md vectors. */
const PING_FRAME = bytes(0x04, 0x0a, 0x04, "PING", 0x00, 0x00, "LOL");
const PONG_FRAME = bytes(0x04, 0x08, 0x04, "PONG", "LOL");

describe("decodeCommand", () => {
  it("splits a body into name and data", () => {
    const command = decodeCommand(PING_FRAME.subarray(2));
    expect(command.name).toBe("PING");
    expect(hex(command.data)).toBe(hex(bytes(0x00, 0x00, "LOL")));
  });

  it("returns the data as a view of the body (no copy)", () => {
    const body = bytes(0x09, "SUBSCRIBE", "topic");
    const command = decodeCommand(body);
    expect(command.name).toBe("SUBSCRIBE");
    expect(command.data.buffer).toBe(body.buffer);
    expect(command.data.byteOffset).toBe(10);
  });

  it("accepts a command with no data", () => {
    const command = decodeCommand(bytes(0x04, "PONG"));
    expect(command.name).toBe("PONG");
    expect(command.data.length).toBe(0);
  });

  it("refuses an empty body", () => {
    expect(() => decodeCommand(new Uint8Array(0))).toThrow(ProtocolError);
  });

  it("refuses a zero-length name", () => {
    const err = thrownBy(() => decodeCommand(bytes(0x00, "data")));
    expect(err).toBeInstanceOf(ProtocolError);
    expect(err.message).toMatch(/malformed command name/);
  });

  it("refuses a name length running past the body", () => {
    for (const body of [bytes(0x05, "READ"), bytes(0xff, "PING"), bytes(0x01)]) {
      const err = thrownBy(() => decodeCommand(body));
      expect(err).toBeInstanceOf(ProtocolError);
      expect(err.message).toMatch(/malformed command name/);
    }
  });
});

describe("PING / PONG", () => {
  it("decodes the RFC 37 PING vector and answers with the PONG vector", () => {
    const ping = decodePing(decodeCommand(PING_FRAME.subarray(2)).data);
    expect(ping.ttlDeciseconds).toBe(0);
    expect(hex(ping.context)).toBe(hex(ascii("LOL")));
    const context = pongContext(ping);
    expect(hex(bytes(0x04, "PONG", context))).toBe(hex(PONG_FRAME.subarray(2)));
    const encoder = new FrameEncoder();
    encoder.command("PONG", context);
    expect(hex(concat(encoder.take()))).toBe(hex(PONG_FRAME));
  });

  it("reads the 2-octet TTL big-endian and unsigned", () => {
    expect(decodePing(bytes(0x01, 0x2c)).ttlDeciseconds).toBe(300);
    expect(decodePing(bytes(0xff, 0xff)).ttlDeciseconds).toBe(65535);
    expect(decodePing(bytes(0x80, 0x00, "ctx")).ttlDeciseconds).toBe(0x8000);
  });

  it("accepts a PING without context", () => {
    const ping = decodePing(bytes(0x00, 0x0a));
    expect(ping.context.length).toBe(0);
    expect(pongContext(ping).length).toBe(0);
  });

  it("refuses a PING shorter than its TTL", () => {
    expect(() => decodePing(new Uint8Array(0))).toThrow(ProtocolError);
    expect(() => decodePing(bytes(0x01))).toThrow(ProtocolError);
  });

  it("cuts the PONG context to 16 octets", () => {
    const ping = decodePing(bytes(0x00, 0x00, sequence(20)));
    expect(ping.context.length).toBe(20);
    expect(hex(pongContext(ping))).toBe(hex(sequence(16)));
    const exact = decodePing(bytes(0x00, 0x00, sequence(16)));
    expect(hex(pongContext(exact))).toBe(hex(sequence(16)));
  });

  it("encodes a PING: TTL then context, cut to 16 octets", () => {
    expect(hex(encodePing(0, ascii("LOL")))).toBe(hex(bytes(0x00, 0x00, "LOL")));
    expect(hex(encodePing(300, ascii("LOL")))).toBe(hex(bytes(0x01, 0x2c, "LOL")));
    expect(hex(encodePing(0xabcd))).toBe("ab cd");
    expect(hex(encodePing(1, sequence(40)))).toBe(hex(bytes(0x00, 0x01, sequence(16))));
  });

  it("round-trips a PING", () => {
    const ping = decodePing(encodePing(65535, ascii("context")));
    expect(ping.ttlDeciseconds).toBe(65535);
    expect(hex(ping.context)).toBe(hex(ascii("context")));
  });
});

describe("ERROR reason", () => {
  it("encodes the reason with a 1-octet length", () => {
    expect(hex(encodeErrorReason("Invalid socket type"))).toBe(hex(bytes(19, "Invalid socket type")));
    expect(hex(encodeErrorReason(""))).toBe("00");
  });

  it("builds a whole ERROR command frame", () => {
    const encoder = new FrameEncoder();
    encoder.command("ERROR", encodeErrorReason("denied"));
    expect(hex(concat(encoder.take()))).toBe(hex(bytes(0x04, 0x0d, 0x05, "ERROR", 0x06, "denied")));
  });

  it("cuts a reason longer than 255 octets", () => {
    const encoded = encodeErrorReason("r".repeat(300));
    expect(encoded.length).toBe(256);
    expect(encoded[0]).toBe(255);
    expect(hex(encoded.subarray(1))).toBe(hex(filled(255, 0x72)));
  });

  it("decodes a reason, UTF-8 included", () => {
    expect(decodeErrorReason(bytes(3, "400"))).toBe("400");
    expect(decodeErrorReason(encodeErrorReason("accès refusé"))).toBe("accès refusé");
    expect(decodeErrorReason(bytes(0))).toBe("");
  });

  it("refuses an ERROR without a reason length or with a truncated reason", () => {
    expect(() => decodeErrorReason(new Uint8Array(0))).toThrow(ProtocolError);
    const err = thrownBy(() => decodeErrorReason(bytes(10, "short")));
    expect(err).toBeInstanceOf(ProtocolError);
    expect(err.message).toMatch(/truncated/);
  });
});
