import { describe, expect, it } from "vitest";
import {
  decodeGreeting,
  encodeGreeting,
  isLegacyRevision,
  isUnversionedOctet,
  LEGACY_GREETING_SIZE,
  socketTypeName,
  unversionedGreeting,
  type GreetingParts,
} from "../../src/codec/greeting.js";
import { ProtocolError } from "../../src/errors.js";
import { bytes, concat, filled, hex } from "../helpers/bytes.js";
import { greetingBytes } from "../helpers/wire.js";
import { thrownBy } from "../helpers/errors.js";

const whole = (parts: GreetingParts): Uint8Array => concat([parts.signature, parts.major, parts.rest]);

describe("encodeGreeting", () => {
  it("builds the exact 64-octet NULL greeting of RFC 23/37, with libzmq's length in the padding", () => {
    const expected = bytes(
      0xff,
      filled(7),
      1, // uint64 routing id size + 1, as libzmq writes it (RFC 15 §"Backwards Interoperability")
      0x7f,
      3,
      1,
      "NULL",
      filled(16),
      0, // as-server
      filled(31),
    );
    expect(expected.length).toBe(64);
    expect(hex(whole(encodeGreeting("NULL", false)))).toBe(hex(expected));
  });

  it("splits the greeting into the three stages libzmq sends: 10 + 1 + 53 octets", () => {
    const parts = encodeGreeting("NULL", false);
    expect(hex(parts.signature)).toBe(hex(bytes(0xff, filled(7), 1, 0x7f)));
    expect(hex(parts.major)).toBe("03");
    expect(parts.rest.length).toBe(53);
    expect(hex(parts.rest)).toBe(hex(bytes(1, "NULL", filled(16), 0, filled(31))));
  });

  it("sets the as-server octet (offset 32) only when asked", () => {
    expect(whole(encodeGreeting("PLAIN", true))[32]).toBe(1);
    expect(whole(encodeGreeting("PLAIN", false))[32]).toBe(0);
  });

  it("NUL-pads other mechanism names and accepts a 20-character name", () => {
    const curve = whole(encodeGreeting("CURVE", false));
    expect(hex(curve.subarray(12, 32))).toBe(hex(bytes("CURVE", filled(15))));
    const twenty = "ABCDEFGHIJKLMNOPQRST";
    const full = whole(encodeGreeting(twenty, false));
    expect(hex(full.subarray(12, 32))).toBe(hex(bytes(twenty)));
    expect(full[32]).toBe(0);
  });

  it("can announce minor version 0 (ZMTP 3.0)", () => {
    expect(whole(encodeGreeting("NULL", false, { minor: 0 }))[11]).toBe(0);
  });

  it("puts the routing id's size + 1 in the signature as a uint64 (the header of our identity frame to a ZMTP 1.0 peer)", () => {
    expect(hex(encodeGreeting("NULL", false, { routingId: bytes("abc") }).signature)).toBe(hex(bytes(0xff, filled(7), 4, 0x7f)));
    expect(hex(encodeGreeting("NULL", false, { routingId: filled(255, 0x41) }).signature)).toBe(hex(bytes(0xff, filled(6), 1, 0, 0x7f)));
  });

  it("has the parts an older peer gets: our socket type (one octet) and our routing id", () => {
    const parts = encodeGreeting("NULL", false, { routingId: bytes("id"), socketType: 10 });
    expect(hex(parts.socketType)).toBe("0a");
    expect(hex(parts.routingId)).toBe(hex(bytes("id")));
    // The 3.x parts do not change with them.
    expect(hex(parts.major)).toBe("03");
    expect(parts.rest.length).toBe(53);
    expect(hex(encodeGreeting("NULL", false).socketType)).toBe("00");
    expect(encodeGreeting("NULL", false).routingId.length).toBe(0);
  });

  it("refuses an empty or over-long mechanism name", () => {
    expect(() => encodeGreeting("", false)).toThrow(RangeError);
    expect(() => encodeGreeting("ABCDEFGHIJKLMNOPQRSTU", false)).toThrow(RangeError);
  });

  it("round-trips through decodeGreeting", () => {
    expect(decodeGreeting(whole(encodeGreeting("PLAIN", true)))).toEqual({
      major: 3,
      minor: 1,
      mechanism: "PLAIN",
      asServer: true,
    });
  });
});

describe("decodeGreeting", () => {
  it("reads version, mechanism and as-server", () => {
    expect(decodeGreeting(greetingBytes({ mechanism: "CURVE", minor: 0, asServer: 1 }))).toEqual({
      major: 3,
      minor: 0,
      mechanism: "CURVE",
      asServer: true,
    });
  });

  it("reads a mechanism name that fills all 20 octets", () => {
    expect(decodeGreeting(greetingBytes({ mechanism: "X".repeat(20) })).mechanism).toBe("X".repeat(20));
  });

  it("never validates the 8 padding octets (libzmq writes a length there)", () => {
    for (const padding of [
      [0, 0, 0, 0, 0, 0, 0, 1],
      [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
      [1, 2, 3, 4, 5, 6, 7, 8],
    ]) {
      expect(decodeGreeting(greetingBytes({ padding })).mechanism).toBe("NULL");
    }
  });

  it("never validates the as-server octet nor the filler", () => {
    expect(() => decodeGreeting(greetingBytes({ asServer: 0x55 }))).not.toThrow();
    expect(() => decodeGreeting(greetingBytes({ asServer: 0xff, filler: 0xaa }))).not.toThrow();
  });

  it("accepts any ZMTP 3.x minor version", () => {
    for (const minor of [0, 1, 2, 9, 255]) {
      expect(decodeGreeting(greetingBytes({ minor }))).toMatchObject({ major: 3, minor });
    }
  });

  it("accepts a signature whose octet 9 has bit 0 set, whatever the other bits", () => {
    expect(() => decodeGreeting(greetingBytes({ last: 0x01 }))).not.toThrow();
    expect(() => decodeGreeting(greetingBytes({ last: 0xff }))).not.toThrow();
  });

  it("refuses an unversioned ZMTP 1.0 stream (it has no greeting): first octet other than 0xFF", () => {
    const err = thrownBy(() => decodeGreeting(greetingBytes({ first: 0x05 })));
    expect(err).toBeInstanceOf(ProtocolError);
    expect(err.message).toMatch(/ZMTP 1\.0/);
  });

  it("refuses an unversioned ZMTP 1.0 stream: octet 9 without bit 0", () => {
    const err = thrownBy(() => decodeGreeting(greetingBytes({ last: 0x7e })));
    expect(err).toBeInstanceOf(ProtocolError);
    expect(err.message).toMatch(/ZMTP 1\.0/);
  });

  it.each([2, 4, 255])("reads revision %i as a 64-octet 3.x greeting, as libzmq does", (major) => {
    expect(decodeGreeting(greetingBytes({ major }))).toStrictEqual({ major, minor: 1, mechanism: "NULL", asServer: false });
  });

  it("refuses a greeting shorter than 64 octets", () => {
    expect(() => decodeGreeting(greetingBytes().subarray(0, 63))).toThrow(ProtocolError);
    expect(() => decodeGreeting(greetingBytes().subarray(0, 10))).toThrow(ProtocolError);
  });

  it("reads the 12-octet greeting of a ZMTP 2.0 peer (revision 1): its socket type, no mechanism", () => {
    const greeting = bytes(0xff, filled(7), 1, 0x7f, 0x01, 0x05);
    expect(decodeGreeting(greeting)).toStrictEqual({
      major: 1,
      minor: 0,
      mechanism: "",
      asServer: false,
      legacy: { version: 2, unversioned: false, socketType: 5 },
    });
  });

  it("reads revision 0 as versioned ZMTP 1.0, also with 12 octets", () => {
    expect(decodeGreeting(bytes(0xff, filled(8), 0x7f, 0x00, 0x08)).legacy).toStrictEqual({ version: 1, unversioned: false, socketType: 8 });
  });

  it("refuses a revision 0/1 greeting shorter than 12 octets", () => {
    expect(() => decodeGreeting(bytes(0xff, filled(8), 0x7f, 0x01))).toThrow(ProtocolError);
  });
});

describe("the staged checks, and what an older peer's greeting stands for", () => {
  it("sees an unversioned peer only at octet 0 (not 0xFF) or octet 9 (bit 0 clear)", () => {
    expect(isUnversionedOctet(0, 0xff)).toBe(false);
    for (let index = 1; index <= 8; index++) {
      for (const value of [0, 0x7f, 0xff]) expect(isUnversionedOctet(index, value)).toBe(false);
    }
    expect(isUnversionedOctet(9, 0x7f)).toBe(false);
    expect(isUnversionedOctet(9, 0x01)).toBe(false);
    expect(isUnversionedOctet(0, 0x00)).toBe(true);
    expect(isUnversionedOctet(0, 0x06)).toBe(true);
    expect(isUnversionedOctet(9, 0x00)).toBe(true);
    expect(isUnversionedOctet(9, 0x7e)).toBe(true);
  });

  it("takes revisions 0 and 1 as older peers (12-octet greeting), every other as 3.x", () => {
    expect(isLegacyRevision(0)).toBe(true);
    expect(isLegacyRevision(1)).toBe(true);
    for (const major of [2, 3, 4, 255]) expect(isLegacyRevision(major)).toBe(false);
    expect(LEGACY_GREETING_SIZE).toBe(12);
  });

  it("describes an unversioned peer: ZMTP 1.0 framing, no socket type, no mechanism", () => {
    expect(unversionedGreeting()).toStrictEqual({
      major: 0,
      minor: 0,
      mechanism: "",
      asServer: false,
      legacy: { version: 1, unversioned: true, socketType: undefined },
    });
  });

  it("names libzmq's socket type numbers 0–10; anything else is unknown", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(socketTypeName)).toEqual([
      "PAIR",
      "PUB",
      "SUB",
      "REQ",
      "REP",
      "DEALER",
      "ROUTER",
      "PULL",
      "PUSH",
      "XPUB",
      "XSUB",
    ]);
    expect(socketTypeName(11)).toBe("");
    expect(socketTypeName(255)).toBe("");
    expect(socketTypeName(undefined)).toBe("");
  });
});
