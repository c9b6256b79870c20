/**
 * The security options (PLAIN, CURVE, ZAP) as properties: libzmq's rule that the last assignment naming a
 * mechanism chooses it, checked step by step against zeromq.js over libzmq 4.3.5, and the value checks.
 */
import { describe, expect, it } from "vitest";
import * as zmq from "zeromq";
import { Dealer, z85 } from "../../src/index.js";
import { errorCode, thrownBy } from "../helpers/errors.js";
import { socketTracker } from "../helpers/socket-tracker.js";

const track = socketTracker();

type Step = [name: string, value: unknown];

const STEPS: Step[] = [
  ["plainUsername", "user"],
  ["plainPassword", "secret"],
  ["plainUsername", null],
  ["plainPassword", "again"],
  ["plainServer", false],
  ["plainServer", true],
  ["curveServerKey", zmq.curveKeyPair().publicKey],
  ["curveServer", true],
  ["curveServer", false],
  ["curvePublicKey", zmq.curveKeyPair().publicKey],
  ["plainServer", true],
  ["curveSecretKey", Buffer.alloc(32, 7)],
];

const READ = ["securityMechanism", "plainServer", "plainUsername", "plainPassword", "curveServer", "zapEnforceDomain"] as const;

function readAll(socket: object): Record<string, unknown> {
  const s = socket as Record<string, unknown>;
  return Object.fromEntries(READ.map((name) => [name, s[name]]));
}

describe("security options", () => {
  it("choose the mechanism as libzmq does: the last assignment that names one wins (step by step against zeromq.js)", () => {
    const ours = track(new Dealer());
    const theirs = new zmq.Dealer();
    try {
      expect(readAll(ours)).toEqual(readAll(theirs));
      for (const [name, value] of STEPS) {
        (ours as unknown as Record<string, unknown>)[name] = value;
        (theirs as unknown as Record<string, unknown>)[name] = value;
        expect([name, value, readAll(ours)]).toEqual([name, value, readAll(theirs)]);
      }
    } finally {
      theirs.close();
    }
  });

  it("CURVE keys: 40-character Z85 or 32 bytes, read back as Z85; anything else (null included) EINVAL, as zeromq.js", () => {
    const socket = track(new Dealer());
    expect(socket.curvePublicKey).toBeNull();
    const { publicKey } = zmq.curveKeyPair();
    socket.curvePublicKey = publicKey;
    expect(socket.curvePublicKey).toBe(publicKey);
    const bytes = new Uint8Array(32).fill(1);
    socket.curveSecretKey = Buffer.from(bytes) as unknown as string;
    expect(socket.curveSecretKey).toBe(z85.encode(bytes));
    const native = new zmq.Dealer();
    try {
      for (const bad of ["abc", publicKey.slice(0, 39) + "\"", Buffer.alloc(31), null, 5]) {
        expect(errorCode(thrownBy(() => (socket.curveServerKey = bad as string)))).toBe("EINVAL");
        // zeromq.js refuses a number with a TypeError; the issue asks EINVAL for anything that is not a key.
        if (typeof bad !== "number") {
          const err = thrownBy(() => ((native as unknown as Record<string, unknown>).curveServerKey = bad));
          expect((err as { code?: string }).code).toBe("EINVAL");
        }
      }
    } finally {
      native.close();
    }
  });

  it("plain credentials are strings or null of at most 255 bytes; zapDomain a string or null; authenticator a function or null", () => {
    const socket = track(new Dealer());
    expect(thrownBy(() => (socket.plainUsername = 5 as never))).toBeInstanceOf(TypeError);
    expect(errorCode(thrownBy(() => (socket.plainPassword = "x".repeat(256))))).toBe("EINVAL");
    expect(socket.zapDomain).toBeNull();
    socket.zapDomain = "global";
    expect(socket.zapDomain).toBe("global");
    socket.zapDomain = null;
    expect(socket.zapDomain).toBeNull();
    expect(thrownBy(() => (socket.authenticator = "allow" as never))).toBeInstanceOf(TypeError);
    const allowAll = (): boolean => true;
    socket.authenticator = allowAll;
    expect(socket.authenticator).toBe(allowAll);
    expect(thrownBy(() => ((socket as unknown as Record<string, unknown>).securityMechanism = "plain"))).toBeInstanceOf(TypeError);
  });

  it("constructor options take the same path", () => {
    const socket = track(new Dealer({ curveServer: true, curveSecretKey: zmq.curveKeyPair().secretKey, zapDomain: "d" }));
    expect([socket.securityMechanism, socket.curveServer, socket.zapDomain]).toEqual(["curve", true, "d"]);
  });
});
