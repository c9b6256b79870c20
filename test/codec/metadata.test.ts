import { describe, expect, it } from "vitest";
import { decodeCommand } from "../../src/codec/command.js";
import { FrameEncoder } from "../../src/codec/frame-encoder.js";
import { decodeMetadata, encodeMetadata } from "../../src/codec/metadata.js";
import { ProtocolError } from "../../src/errors.js";
import { ascii, bytes, concat, hex, sequence } from "../helpers/bytes.js";
import { metadataBytes } from "../helpers/wire.js";
import { errorCode, thrownBy } from "../helpers/errors.js";

const EMPTY = new Uint8Array(0);

/** conformance.md: a DEALER with an empty identity, 43 octets. */
const DEALER_READY = bytes(
  0x04,
  0x29,
  0x05,
  "READY",
  0x0b,
  "Socket-Type",
  0x00,
  0x00,
  0x00,
  0x06,
  "DEALER",
  0x08,
  "Identity",
  0x00,
  0x00,
  0x00,
  0x00,
);

describe("encodeMetadata", () => {
  it("builds the 43-octet DEALER READY vector byte for byte", () => {
    expect(DEALER_READY.length).toBe(43);
    const encoder = new FrameEncoder();
    encoder.command(
      "READY",
      encodeMetadata([
        ["Socket-Type", ascii("DEALER")],
        ["Identity", EMPTY],
      ]),
    );
    expect(hex(concat(encoder.take()))).toBe(hex(DEALER_READY));
  });

  it("keeps the order and exact spelling of the names it is given", () => {
    const encoded = encodeMetadata([
      ["X-Zeta", ascii("1")],
      ["Socket-Type", ascii("ROUTER")],
      ["identity", ascii("me")],
    ]);
    expect(hex(encoded)).toBe(
      hex(
        metadataBytes([
          ["X-Zeta", "1"],
          ["Socket-Type", "ROUTER"],
          ["identity", "me"],
        ]),
      ),
    );
  });

  it("writes the value length as 4 octets, big-endian", () => {
    const value = sequence(70_000);
    const encoded = encodeMetadata([["X-Big", value]]);
    expect(hex(encoded.subarray(0, 10))).toBe(hex(bytes(5, "X-Big", 0x00, 0x01, 0x11, 0x70)));
    expect(encoded.length).toBe(10 + 70_000);
  });

  it("encodes nothing for no properties", () => {
    expect(encodeMetadata([]).length).toBe(0);
  });

  it("accepts every legal name character and a 255-character name", () => {
    const legal = "ABCXYZabcxyz0189.-_+";
    expect(hex(encodeMetadata([[legal, EMPTY]]))).toBe(hex(metadataBytes([[legal, ""]])));
    const longest = "N".repeat(255);
    expect(encodeMetadata([[longest, EMPTY]])[0]).toBe(255);
  });

  it("refuses empty, over-long and illegal names", () => {
    for (const name of ["", "N".repeat(256), "Socket Type", "Socket:Type", "Ident\u00e9", "a/b", "x\u0000"]) {
      expect(() => encodeMetadata([[name, EMPTY]]), JSON.stringify(name)).toThrow(RangeError);
    }
  });
});

describe("decodeMetadata", () => {
  it("decodes the DEALER READY properties, keyed by lower-cased name", () => {
    const command = decodeCommand(DEALER_READY.subarray(2));
    expect(command.name).toBe("READY");
    const metadata = decodeMetadata(command.data);
    expect([...metadata.keys()]).toEqual(["socket-type", "identity"]);
    expect(hex(metadata.get("socket-type")!)).toBe(hex(ascii("DEALER")));
    expect(metadata.get("identity")!.length).toBe(0);
  });

  it("accepts names in any case", () => {
    for (const name of ["Socket-Type", "SOCKET-TYPE", "socket-type", "sOcKeT-tYpE"]) {
      const metadata = decodeMetadata(metadataBytes([[name, "PUB"]]));
      expect([...metadata.keys()]).toEqual(["socket-type"]);
      expect(hex(metadata.get("socket-type")!)).toBe(hex(ascii("PUB")));
    }
  });

  it("keeps unknown and application (X-) properties", () => {
    const metadata = decodeMetadata(
      metadataBytes([
        ["Socket-Type", "SUB"],
        ["X-Hello", "world"],
        ["Resource", "/x"],
      ]),
    );
    expect([...metadata.keys()]).toEqual(["socket-type", "x-hello", "resource"]);
    expect(hex(metadata.get("x-hello")!)).toBe(hex(ascii("world")));
  });

  it("returns an empty map for empty data", () => {
    expect(decodeMetadata(EMPTY).size).toBe(0);
  });

  it("keeps binary values byte-exact", () => {
    const value = bytes(0x00, 0xff, 0x80, 0x7f, 0x01);
    expect(hex(decodeMetadata(metadataBytes([["Identity", value]])).get("identity")!)).toBe(hex(value));
  });

  it("round-trips encodeMetadata", () => {
    const properties: [string, Uint8Array][] = [
      ["Socket-Type", ascii("XPUB")],
      ["Identity", bytes(1, 2, 3)],
      ["X-Empty", EMPTY],
      ["X-Long", sequence(1000)],
    ];
    const decoded = decodeMetadata(encodeMetadata(properties));
    expect([...decoded].map(([k, v]) => [k, hex(v)])).toEqual(properties.map(([k, v]) => [k.toLowerCase(), hex(v)]));
  });

  it("decodes from a view that does not start at offset 0 of its buffer", () => {
    const wire = concat([bytes(0xaa, 0xbb, 0xcc), metadataBytes([["Socket-Type", "PAIR"]])]);
    const metadata = decodeMetadata(wire.subarray(3));
    expect(hex(metadata.get("socket-type")!)).toBe(hex(ascii("PAIR")));
  });

  it("refuses a truncated name", () => {
    const err = thrownBy(() => decodeMetadata(bytes(0x0b, "Socket")));
    expect(err).toBeInstanceOf(ProtocolError);
    expect(errorCode(err)).toBe("ERR_ZMTP_INVALID_METADATA");
    expect(err.message).toMatch(/truncated/);
  });

  it("refuses a name whose value length is missing or cut short", () => {
    for (const wire of [bytes(0x04, "Name"), bytes(0x04, "Name", 0x00, 0x00, 0x00)]) {
      const err = thrownBy(() => decodeMetadata(wire));
      expect(err).toBeInstanceOf(ProtocolError);
    expect(errorCode(err)).toBe("ERR_ZMTP_INVALID_METADATA");
      expect(errorCode(err)).toBe("ERR_ZMTP_INVALID_METADATA");
      expect(err.message).toMatch(/truncated/);
    }
  });

  it("refuses a truncated value", () => {
    const err = thrownBy(() => decodeMetadata(bytes(0x04, "Name", 0x00, 0x00, 0x00, 0x05, "abc")));
    expect(err).toBeInstanceOf(ProtocolError);
    expect(errorCode(err)).toBe("ERR_ZMTP_INVALID_METADATA");
    expect(err.message).toMatch(/truncated/);
  });

  it("reads a 4-octet length with the top bit set as unsigned (truncated, not negative)", () => {
    for (const length of [
      [0x80, 0x00, 0x00, 0x00],
      [0xff, 0xff, 0xff, 0xff],
      [0xff, 0xff, 0xff, 0xfe],
    ]) {
      const err = thrownBy(() => decodeMetadata(bytes(0x04, "Name", length, "x")));
      expect(err).toBeInstanceOf(ProtocolError);
    expect(errorCode(err)).toBe("ERR_ZMTP_INVALID_METADATA");
      expect(errorCode(err)).toBe("ERR_ZMTP_INVALID_METADATA");
      expect(err.message).toMatch(/truncated/);
    }
  });

  it("refuses an empty name", () => {
    const err = thrownBy(() => decodeMetadata(bytes(0x00, 0x00, 0x00, 0x00, 0x00)));
    expect(err).toBeInstanceOf(ProtocolError);
    expect(errorCode(err)).toBe("ERR_ZMTP_INVALID_METADATA");
    expect(err).toMatchObject({ errno: 71 });
  });

  it("refuses names with characters outside A-Za-z0-9.-_+", () => {
    for (const name of ["Socket Type", "Socket:Type", "a/b", "x\u00e9", "\u0000abc"]) {
      const err = thrownBy(() => decodeMetadata(metadataBytes([[name, "v"]])));
      expect(err, JSON.stringify(name)).toBeInstanceOf(ProtocolError);
      expect(errorCode(err), JSON.stringify(name)).toBe("ERR_ZMTP_INVALID_METADATA");
      expect(err.message).toMatch(/invalid/);
    }
  });

  it("refuses a stray trailing octet after the last property", () => {
    const valid = metadataBytes([["Socket-Type", "REQ"]]);
    for (const stray of [0x00, 0x01, 0x41]) {
      const err = thrownBy(() => decodeMetadata(concat([valid, bytes(stray)])));
      expect(err, `stray ${stray}`).toBeInstanceOf(ProtocolError);
      expect(errorCode(err), `stray ${stray}`).toBe("ERR_ZMTP_INVALID_METADATA");
    }
  });
});
