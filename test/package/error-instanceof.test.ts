/**
 * `instanceof` on zmtp's error classes across two copies of src/errors.ts (as the ESM and CJS builds each
 * carry one): the brand under `Symbol.for(...)` makes an error of one copy an instance of the other's
 * classes, keeping the subclass relation; ordinary instanceof and the errors' shape are unchanged.
 * test/package.test.ts checks the same across the real built entries.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import * as one from "../../src/errors.js";

let two: typeof one;

beforeAll(async () => {
  vi.resetModules();
  two = await import("../../src/errors.js");
});

/** One error of each kind, made by the given copy of the module. */
function samples(m: typeof one) {
  return {
    ZmqError: new m.ZmqError("EBADF", "Socket is closed"),
    ProtocolError: new m.ProtocolError("bad greeting", "ERR_ZMTP_INVALID_METADATA"),
    AuthError: new m.AuthError("refused", 400),
    HandshakeError: new m.HandshakeError("ETIMEDOUT", "handshake took too long"),
  };
}

const CLASSES = ["ZmqError", "ProtocolError", "AuthError", "HandshakeError"] as const;
/** Which classes each kind of error is an instance of. */
const IS_A: Record<(typeof CLASSES)[number], readonly string[]> = {
  ZmqError: ["ZmqError"],
  ProtocolError: ["ZmqError", "ProtocolError"],
  AuthError: ["ZmqError", "AuthError"],
  HandshakeError: ["ZmqError", "HandshakeError"],
};

describe("error classes: instanceof across module copies", () => {
  it("the two imports are distinct copies (else this test proves nothing)", () => {
    expect(two.ZmqError).not.toBe(one.ZmqError);
    expect(Object.getPrototypeOf(new two.ZmqError("EINVAL", "x"))).not.toBe(one.ZmqError.prototype);
  });

  type Copies = () => [from: typeof one, to: typeof one];
  it.each<[string, Copies]>([
    ["same copy", () => [one, one]],
    ["one → two", () => [one, two]],
    ["two → one", () => [two, one]],
  ])("%s: each error is an instance of its class and its ancestors only", (_, copies) => {
    const [from, to] = copies();
    const errors = samples(from);
    for (const kind of CLASSES) {
      for (const cls of CLASSES) {
        expect(errors[kind] instanceof to[cls], `${kind} instanceof ${cls}`).toBe(IS_A[kind].includes(cls));
      }
      expect(errors[kind]).toBeInstanceOf(Error);
    }
  });

  it("values that only look like errors are not instances", () => {
    for (const value of [{ code: "EBADF", errno: 9 }, new Error("x"), Object.create(null), null, undefined, "EBADF", 9]) {
      for (const cls of CLASSES) expect(value instanceof one[cls]).toBe(false);
    }
  });

  it("a user's subclass keeps ordinary instanceof, and its instances are ZmqErrors of every copy", () => {
    class AppError extends one.ZmqError {}
    const app = new AppError("EINVAL", "bad");
    expect(app).toBeInstanceOf(AppError);
    expect(app).toBeInstanceOf(one.ZmqError);
    expect(app).toBeInstanceOf(two.ZmqError);
    expect(app instanceof two.ProtocolError).toBe(false);
    expect(new one.ZmqError("EINVAL", "bad") instanceof AppError).toBe(false);
    expect(new two.ZmqError("EINVAL", "bad") instanceof AppError).toBe(false);
    class AppProtocolError extends two.ProtocolError {}
    expect(new two.ProtocolError("x") instanceof AppProtocolError).toBe(false);
    expect(new AppProtocolError("x")).toBeInstanceOf(one.ProtocolError);
  });

  it("the errors' shape is unchanged: code and errno, address only when set, no extra enumerable key", () => {
    const closed = new one.ZmqError("EBADF", "Socket is closed");
    expect(closed).toMatchObject({ name: "ZmqError", code: "EBADF", errno: 9, message: "Socket is closed" });
    expect("address" in closed).toBe(false);
    expect(Object.keys(closed).sort()).toEqual(["code", "errno", "name"]);
    expect(Object.getOwnPropertySymbols(closed)).toEqual([]);
    const bound = new one.ZmqError("EADDRINUSE", "in use", "tcp://127.0.0.1:5555");
    expect(bound).toMatchObject({ code: "EADDRINUSE", errno: 98, address: "tcp://127.0.0.1:5555" });
    expect(new one.ProtocolError("x", "ERR_ZMTP_MECHANISM_MISMATCH")).toMatchObject({ name: "ProtocolError", code: "ERR_ZMTP_MECHANISM_MISMATCH", errno: 71 });
    expect(new one.AuthError("x", 300)).toMatchObject({ name: "AuthError", code: "EACCES", errno: 13, status: 300 });
    expect(new one.HandshakeError("ECONNREFUSED", "x")).toMatchObject({ name: "HandshakeError", code: "ECONNREFUSED", errno: 111 });
  });
});
