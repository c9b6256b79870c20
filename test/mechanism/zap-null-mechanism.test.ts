/**
 * NULL with ZAP (libzmq src/null_mechanism.cpp when the socket has a zapDomain): the question comes
 * before this side's READY; each answer, and libzmq's rule when nobody can answer.
 */
import { describe, expect, it } from "vitest";
import { AuthError, HandshakeError } from "../../src/errors.js";
import { ZapNullMechanism } from "../../src/mechanism/zap-null-mechanism.js";
import type { ZapAuthorize } from "../../src/mechanism/zap.js";
import { ascii, bytes, hex } from "../helpers/bytes.js";
import { errorCode } from "../helpers/errors.js";
import { metadataBytes } from "../helpers/wire.js";
import { ALLOW, answering, command, CommandLog, deferred, outcome, verdict } from "./zap-kit.js";

const READY = hex(metadataBytes([["Socket-Type", "REP"]]));

function mechanism(authorize: ZapAuthorize, enforce = false): ZapNullMechanism {
  return new ZapNullMechanism({ properties: [["Socket-Type", ascii("REP")]], authorize, enforce });
}

describe("ZapNullMechanism", () => {
  it("is NULL, asks (mechanism NULL, no credentials) before sending READY, and sends READY once allowed", async () => {
    const zap = deferred();
    const null_ = mechanism(zap);
    const out = new CommandLog();
    const opening = null_.start(out);
    expect(opening).toBeInstanceOf(Promise);
    await Promise.resolve();
    expect(zap.requests).toEqual([{ mechanism: "NULL", credentials: [] }]);
    expect(out.sent).toEqual([]);
    zap.answer(ALLOW);
    await opening;
    expect(out.sent).toEqual([{ name: "READY", data: READY }]);
    expect(null_.name).toBe("NULL");
  });

  it("completes on the peer's READY; the peer's metadata carries ZAP's User-Id and metadata", async () => {
    const null_ = mechanism(answering(verdict(200, { userId: ascii("bob"), metadata: new Map([["x-tier", ascii("gold")]]) })));
    const out = new CommandLog();
    await null_.start(out);
    expect(null_.onCommand(command("READY", metadataBytes([["Socket-Type", "REQ"]])), out)).toBe(true);
    const seen = Object.fromEntries([...null_.peerMetadata].map(([n, v]) => [n, Buffer.from(v).toString()]));
    expect(seen).toEqual({ "socket-type": "REQ", "user-id": "bob", "x-tier": "gold" });
  });

  it("400/500: ERROR (NULL spells it right) and an AuthError, no READY; 300: nothing sent", async () => {
    for (const status of [400, 500, 300] as const) {
      const out = new CommandLog();
      const { error } = await outcome(mechanism(answering(verdict(status))).start(out));
      expect(error).toBeInstanceOf(AuthError);
      expect((error as AuthError).status).toBe(status);
      expect(out.sent).toEqual(status === 300 ? [] : [{ name: "ERROR", data: hex(bytes(3, String(status))) }]);
    }
  });

  it("nobody to ask: READY as plain NULL; with zapEnforceDomain, HandshakeError EFAULT and nothing sent", async () => {
    const open = new CommandLog();
    await mechanism(answering(undefined)).start(open);
    expect(open.sent).toEqual([{ name: "READY", data: READY }]);
    const strict = new CommandLog();
    const { error } = await outcome(mechanism(answering(undefined), true).start(strict));
    expect(error).toBeInstanceOf(HandshakeError);
    expect(errorCode(error)).toBe("EFAULT");
    expect(strict.sent).toEqual([]);
  });

  it("a failed question (malformed reply) fails the opening with that error", async () => {
    const { error } = await outcome(mechanism(answering(new Error("bad reply"))).start(new CommandLog()));
    expect(error?.message).toBe("bad reply");
  });
});
