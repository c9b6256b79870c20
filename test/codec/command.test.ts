import { describe, expect, it } from "vitest";
import {
  decodeCommand,
  decodeErrorReason,
  encodeCommandBody,
  decodePing,
  encodeErrorReason,
  encodePing,
  pongContext,
} from "../../src/codec/command.js";
import { FrameEncoder } from "../../src/codec/frame-encoder.js";
import { ProtocolError } from "../../src/errors.js";
import { ascii, bytes, concat, filled, hex, sequence } from "../helpers/bytes.js";
import { errorCode, thrownBy } from "../helpers/errors.js";
import { commandBody, commandFrame, frameBytes } from "../helpers/wire.js";

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

  it("refuses an empty body (ERR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED, errno EPROTO)", () => {
    const err = thrownBy(() => decodeCommand(new Uint8Array(0)));
    expect(err).toBeInstanceOf(ProtocolError);
    expect(errorCode(err)).toBe("ERR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED");
    expect(err).toMatchObject({ errno: 71 });
  });

  it("refuses a zero-length name", () => {
    const err = thrownBy(() => decodeCommand(bytes(0x00, "data")));
    expect(err).toBeInstanceOf(ProtocolError);
    expect(errorCode(err)).toBe("ERR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED");
    expect(err.message).toMatch(/malformed command name/);
  });

  it("refuses a name length running past the body", () => {
    for (const body of [bytes(0x05, "READ"), bytes(0xff, "PING"), bytes(0x01)]) {
      const err = thrownBy(() => decodeCommand(body));
      expect(err).toBeInstanceOf(ProtocolError);
      expect(errorCode(err)).toBe("ERR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED");
      expect(err.message).toMatch(/malformed command name/);
    }
  });
});

describe("encodeCommandBody", () => {
  it("builds name length, name, data (RFC 37 §\"Commands\")", () => {
    expect(hex(encodeCommandBody("PING", bytes(0x00, 0x00, "LOL")))).toBe(hex(PING_FRAME.subarray(2)));
    expect(hex(encodeCommandBody("SUBSCRIBE", bytes("topic")))).toBe(hex(bytes(0x09, "SUBSCRIBE", "topic")));
    expect(hex(encodeCommandBody("PONG", new Uint8Array(0)))).toBe(hex(bytes(0x04, "PONG")));
  });

  it("is the body FrameEncoder.command frames, short and long", () => {
    for (const data of [new Uint8Array(0), sequence(10), sequence(245), sequence(246), sequence(1000)]) {
      const encoder = new FrameEncoder();
      encoder.command("SUBSCRIBE", data);
      const body = encodeCommandBody("SUBSCRIBE", data);
      expect(hex(body)).toBe(hex(commandBody("SUBSCRIBE", data)));
      expect(hex(concat(encoder.take())), `${data.length} octets`).toBe(hex(frameBytes(0x04, body)));
      expect(hex(frameBytes(0x04, body))).toBe(hex(commandFrame("SUBSCRIBE", data)));
    }
  });

  it("round-trips through decodeCommand", () => {
    const data = sequence(300);
    const command = decodeCommand(encodeCommandBody("MESSAGE", data));
    expect(command.name).toBe("MESSAGE");
    expect(hex(command.data)).toBe(hex(data));
  });

  it("copies the data: the body does not share the caller's buffer", () => {
    const data = bytes("topic");
    const body = encodeCommandBody("CANCEL", data);
    data[0] = 0x58;
    expect(hex(body)).toBe(hex(bytes(0x06, "CANCEL", "topic")));
  });

  it("refuses a name of 0 or more than 255 octets", () => {
    expect(() => encodeCommandBody("", new Uint8Array(0))).toThrow(RangeError);
    expect(() => encodeCommandBody("X".repeat(256), new Uint8Array(0))).toThrow(RangeError);
    expect(encodeCommandBody("X".repeat(255), new Uint8Array(0))[0]).toBe(255);
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

  it("refuses an ERROR without a reason length or with a truncated reason (ERR_ZMTP_MALFORMED_COMMAND_ERROR)", () => {
    const empty = thrownBy(() => decodeErrorReason(new Uint8Array(0)));
    expect(empty).toBeInstanceOf(ProtocolError);
    expect(errorCode(empty)).toBe("ERR_ZMTP_MALFORMED_COMMAND_ERROR");
    const err = thrownBy(() => decodeErrorReason(bytes(10, "short")));
    expect(err).toBeInstanceOf(ProtocolError);
    expect(errorCode(err)).toBe("ERR_ZMTP_MALFORMED_COMMAND_ERROR");
    expect(err).toMatchObject({ errno: 71 });
    expect(err.message).toMatch(/truncated/);
  });
});
