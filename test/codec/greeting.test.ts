import { describe, expect, it } from "vitest";
import {
  checkMajorVersion,
  checkSignatureByte,
  decodeGreeting,
  encodeGreeting,
  type GreetingParts,
} from "../../src/codec/greeting.js";
import { ProtocolError } from "../../src/errors.js";
import { bytes, concat, filled, hex } from "../helpers/bytes.js";
import { greetingBytes } from "../helpers/wire.js";
import { errorCode, thrownBy } from "../helpers/errors.js";

const whole = (parts: GreetingParts): Uint8Array => concat([parts.signature, parts.major, parts.rest]);

describe("encodeGreeting", () => {
  it("builds the exact 64-octet NULL greeting of RFC 23/37", () => {
    const expected = bytes(
      0xff,
      filled(8),
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
    expect(hex(parts.signature)).toBe(hex(bytes(0xff, filled(8), 0x7f)));
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
    expect(whole(encodeGreeting("NULL", false, 0))[11]).toBe(0);
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

  it("refuses a ZMTP 1.0 peer: first octet other than 0xFF", () => {
    const err = thrownBy(() => decodeGreeting(greetingBytes({ first: 0x05 })));
    expect(err).toBeInstanceOf(ProtocolError);
    expect(err.message).toMatch(/ZMTP 1\.0/);
  });

  it("refuses a ZMTP 1.0 peer: octet 9 without bit 0", () => {
    const err = thrownBy(() => decodeGreeting(greetingBytes({ last: 0x7e })));
    expect(err).toBeInstanceOf(ProtocolError);
    expect(err.message).toMatch(/ZMTP 1\.0/);
  });

  it.each([0, 1, 2, 4])("reports major version %i without judging it (which revisions can be framed is the engine's choice)", (major) => {
    expect(decodeGreeting(greetingBytes({ major }))).toEqual({ major, minor: 1, mechanism: "NULL", asServer: false });
  });

  it("refuses a greeting shorter than 64 octets", () => {
    expect(() => decodeGreeting(greetingBytes().subarray(0, 63))).toThrow(ProtocolError);
  });
});

describe("checkSignatureByte / checkMajorVersion (the staged checks)", () => {
  it("checks only octets 0 and 9 of the signature", () => {
    expect(() => {
      checkSignatureByte(0, 0xff);
    }).not.toThrow();
    for (let index = 1; index <= 8; index++) {
      for (const value of [0, 0x7f, 0xff]) {
        expect(() => {
          checkSignatureByte(index, value);
        }).not.toThrow();
      }
    }
    expect(() => {
      checkSignatureByte(9, 0x7f);
    }).not.toThrow();
    expect(() => {
      checkSignatureByte(0, 0x00);
    }).toThrow(/ZMTP 1\.0/);
    expect(() => {
      checkSignatureByte(9, 0x00);
    }).toThrow(/ZMTP 1\.0/);
  });

  it("refuses a too-old major version with a ProtocolError (ERR_ZMTP_UNSPECIFIED, errno EPROTO)", () => {
    for (const major of [0, 1, 2]) {
      const err = thrownBy(() => {
        checkMajorVersion(major);
      });
      expect(err).toBeInstanceOf(ProtocolError);
      expect(errorCode(err)).toBe("ERR_ZMTP_UNSPECIFIED");
      expect(err).toMatchObject({ errno: 71 });
    }
    for (const major of [3, 4, 255]) {
      expect(() => {
        checkMajorVersion(major);
      }).not.toThrow();
    }
  });

  it("names the version a too-old major byte stands for", () => {
    expect(() => {
      checkMajorVersion(0);
    }).toThrow(/ZMTP 1\.0/);
    expect(() => {
      checkMajorVersion(1);
    }).toThrow(/ZMTP 2\.0/);
    expect(() => {
      checkMajorVersion(2);
    }).toThrow(/ZMTP 2\.0/);
    expect(() => {
      checkMajorVersion(3);
    }).not.toThrow();
  });
});
