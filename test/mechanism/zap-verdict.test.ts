/**
 * What a mechanism does with a ZAP verdict (libzmq's handle_zap_status_code), and how the accepted
 * verdict's User-Id and metadata join the peer's metadata.
 */
import { describe, expect, it } from "vitest";
import { AuthError, HandshakeError } from "../../src/errors.js";
import { applyZapVerdict, withZapProperties, zapUnavailable } from "../../src/mechanism/zap.js";
import { ascii, bytes, hex } from "../helpers/bytes.js";
import { errorCode, thrownBy } from "../helpers/errors.js";
import { CommandLog, verdict } from "./zap-kit.js";

describe("applyZapVerdict", () => {
  it("200: nothing sent, nothing thrown", () => {
    const out = new CommandLog();
    applyZapVerdict(verdict(200), out);
    expect(out.sent).toEqual([]);
  });

  it("400 and 500: ERROR with the status as reason (RFC's spelling by default), then an AuthError with it", () => {
    for (const status of [400, 500] as const) {
      const out = new CommandLog();
      const err = thrownBy(() => {
        applyZapVerdict(verdict(status, { statusText: "Denied" }), out);
      });
      expect(err).toBeInstanceOf(AuthError);
      expect(err).toMatchObject({ status: status });
      expect(errorCode(err)).toBe("EACCES");
      expect(err.message).toContain("Denied");
      expect(out.sent).toEqual([{ name: "ERROR", data: hex(bytes(3, String(status))) }]);
    }
  });

  it("300: no ERROR (RFC 26: the client is silently disconnected), an AuthError 300", () => {
    const out = new CommandLog();
    const err = thrownBy(() => {
      applyZapVerdict(verdict(300), out);
    });
    expect(err).toMatchObject({ status: 300 });
    expect(out.sent).toEqual([]);
  });

  it("sends ERROR the way it is told to", () => {
    const out = new CommandLog();
    const reasons: string[] = [];
    thrownBy(() => {
      applyZapVerdict(verdict(400), out, (_out, reason) => reasons.push(reason));
    });
    expect(reasons).toEqual(["400"]);
    expect(out.sent).toEqual([]);
  });
});

describe("withZapProperties", () => {
  const peer = new Map([
    ["socket-type", ascii("DEALER")],
    ["identity", ascii("peer")],
    ["x-shared", ascii("peer's")],
  ]);
  const text = (metadata: ReadonlyMap<string, Uint8Array>): Record<string, string> =>
    Object.fromEntries([...metadata].map(([name, value]) => [name, Buffer.from(value).toString()]));

  it("without a verdict (no ZAP asked) the peer's metadata is untouched", () => {
    expect(withZapProperties(peer, undefined)).toBe(peer);
  });

  it("adds User-Id and ZAP's metadata; ZAP's win over the peer's own, except Socket-Type and Identity", () => {
    const zap = new Map([
      ["x-shared", ascii("zap's")],
      ["x-new", ascii("new")],
      ["socket-type", ascii("PUB")],
      ["identity", ascii("forged")],
    ]);
    const merged = withZapProperties(peer, verdict(200, { userId: ascii("alice"), metadata: zap }));
    expect(text(merged)).toEqual({ "socket-type": "DEALER", identity: "peer", "x-shared": "zap's", "x-new": "new", "user-id": "alice" });
    expect(text(peer)["x-shared"]).toBe("peer's");
  });

  it("a property only ZAP names, Identity included, is added", () => {
    const merged = withZapProperties(new Map(), verdict(200, { metadata: new Map([["identity", ascii("zap-id")]]) }));
    expect(text(merged)).toEqual({ identity: "zap-id", "user-id": "" });
  });
});

describe("zapUnavailable", () => {
  it("is a HandshakeError EFAULT (errno 14), as libzmq's event_handshake_failed_no_detail", () => {
    const err = zapUnavailable("PLAIN");
    expect(err).toBeInstanceOf(HandshakeError);
    expect([err.code, err.errno]).toEqual(["EFAULT", 14]);
    expect(err.message).toContain("inproc://zeromq.zap.01");
  });
});
