/**
 * ZAP messages (RFC 27) as libzmq 4.3.5 writes and checks them (src/zap_client.cpp): the request's frames,
 * and every check of a reply in libzmq's order, with the ERR_ZAP_* code it reports.
 */
import { describe, expect, it } from "vitest";
import { ProtocolError } from "../../src/errors.js";
import { decodeZapReply, encodeZapRequest } from "../../src/mechanism/zap-frames.js";
import { ascii, bytes, hex } from "../helpers/bytes.js";
import { errorCode, thrownBy } from "../helpers/errors.js";
import { metadataBytes } from "../helpers/wire.js";

/** A reply's frames from readable parts (strings as latin1). */
const reply = (...frames: (string | Uint8Array)[]): Uint8Array[] => frames.map((f) => (typeof f === "string" ? bytes(f) : f));

describe("encodeZapRequest", () => {
  it("writes delimiter, version, request id, domain, address, identity, mechanism, then each credential", () => {
    const frames = encodeZapRequest({
      requestId: "1",
      domain: "global",
      address: "127.0.0.1",
      identity: ascii("srv"),
      mechanism: "PLAIN",
      credentials: [ascii("admin"), ascii("secret")],
    });
    expect(frames.map(hex)).toEqual(["", "1.0", "1", "global", "127.0.0.1", "srv", "PLAIN", "admin", "secret"].map((f) => hex(ascii(f))));
  });

  it("NULL has no credential frames; CURVE's key goes as its 32 octets; empty fields stay as empty frames", () => {
    const nullFrames = encodeZapRequest({ requestId: "1", domain: "", address: "", identity: new Uint8Array(0), mechanism: "NULL", credentials: [] });
    expect(nullFrames.map((f) => f.length)).toEqual([0, 3, 1, 0, 0, 0, 4]);
    const key = Uint8Array.from({ length: 32 }, (_, i) => i);
    const curve = encodeZapRequest({ requestId: "1", domain: "d", address: "::1", identity: new Uint8Array(0), mechanism: "CURVE", credentials: [key] });
    expect(curve.length).toBe(8);
    expect(curve[7]).toEqual(key);
  });
});

describe("decodeZapReply", () => {
  const OK = reply("", "1.0", "1", "200", "OK", "alice", metadataBytes([["X-Role", "admin"]]));

  it("gives the status, text, User-Id and metadata (names lower-cased) of a good reply", () => {
    const verdict = decodeZapReply(OK, "1");
    expect(verdict.statusCode).toBe(200);
    expect(verdict.statusText).toBe("OK");
    expect(hex(verdict.userId)).toBe(hex(ascii("alice")));
    expect([...verdict.metadata.keys()]).toEqual(["x-role"]);
    expect(hex(verdict.metadata.get("x-role")!)).toBe(hex(ascii("admin")));
  });

  it("takes exactly 200, 300, 400 and 500", () => {
    for (const status of ["200", "300", "400", "500"]) {
      expect(decodeZapReply(reply("", "1.0", "1", status, "", "", ""), "1").statusCode).toBe(Number(status));
    }
    for (const status of ["100", "600", "201", "250", "20", "2000", "abc", ""]) {
      expect(errorCode(thrownBy(() => decodeZapReply(reply("", "1.0", "1", status, "", "", ""), "1"))), status).toBe("ERR_ZAP_INVALID_STATUS_CODE");
    }
  });

  const CASES: [string, Uint8Array[], string][] = [
    ["6 frames", reply("", "1.0", "1", "200", "OK", ""), "ERR_ZAP_MALFORMED_REPLY"],
    ["8 frames", reply("", "1.0", "1", "200", "OK", "", "", ""), "ERR_ZAP_MALFORMED_REPLY"],
    ["no frames", [], "ERR_ZAP_MALFORMED_REPLY"],
    ["a non-empty delimiter", reply("x", "1.0", "1", "200", "OK", "", ""), "ERR_ZAP_UNSPECIFIED"],
    ["version 1.1", reply("", "1.1", "1", "200", "OK", "", ""), "ERR_ZAP_BAD_VERSION"],
    ["version 1.00", reply("", "1.00", "1", "200", "OK", "", ""), "ERR_ZAP_BAD_VERSION"],
    ["another request id", reply("", "1.0", "2", "200", "OK", "", ""), "ERR_ZAP_BAD_REQUEST_ID"],
    ["request id 11", reply("", "1.0", "11", "200", "OK", "", ""), "ERR_ZAP_BAD_REQUEST_ID"],
    ["truncated metadata", reply("", "1.0", "1", "200", "OK", "", bytes(4, "X-AB", 0, 0, 0, 9, "z")), "ERR_ZAP_INVALID_METADATA"],
    ["one stray metadata octet", reply("", "1.0", "1", "200", "OK", "", bytes(0)), "ERR_ZAP_INVALID_METADATA"],
  ];
  for (const [what, frames, code] of CASES) {
    it(`${what}: ${code}`, () => {
      const err = thrownBy(() => decodeZapReply(frames, "1"));
      expect(err).toBeInstanceOf(ProtocolError);
      expect(errorCode(err)).toBe(code);
    });
  }

  it("checks in libzmq's order: frame count, delimiter, version, request id, status, metadata", () => {
    const everythingWrong = ["x", "9.9", "7", "999", "", "", bytes(0)];
    const expected = ["ERR_ZAP_UNSPECIFIED", "ERR_ZAP_BAD_VERSION", "ERR_ZAP_BAD_REQUEST_ID", "ERR_ZAP_INVALID_STATUS_CODE", "ERR_ZAP_INVALID_METADATA"];
    const good: (string | Uint8Array)[] = ["", "1.0", "1", "200", "OK", "", ""];
    // Fix the fields one by one: each time the next check is the one that fails.
    const frames = [...everythingWrong];
    expect(errorCode(thrownBy(() => decodeZapReply(reply(...frames, "extra"), "1")))).toBe("ERR_ZAP_MALFORMED_REPLY");
    const fields = [0, 1, 2, 3, 6];
    fields.forEach((field, i) => {
      expect(errorCode(thrownBy(() => decodeZapReply(reply(...frames), "1")))).toBe(expected[i]);
      frames[field] = good[field]!;
    });
    expect(decodeZapReply(reply(...frames), "1").statusCode).toBe(200);
  });
});
