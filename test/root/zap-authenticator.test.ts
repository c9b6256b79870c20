/**
 * zmtp's JavaScript authenticator (root/zap-authenticator.ts) and the per-connection ZAP hook
 * (root/zap-authorizer.ts): the AuthRequest it gets for each mechanism, how each AuthDecision becomes a
 * verdict (a throw or a nonsense answer is a 500 denial, never a crash), its precedence over a handler
 * bound at inproc://zeromq.zap.01, and the Address a connection gives.
 */
import net from "node:net";
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import * as zmtp from "../../src/index.js";
import { ProtocolError } from "../../src/errors.js";
import type { ZapVerdict } from "../../src/mechanism/zap.js";
import type { AuthRequest, Authenticator, SecurityOptionValues } from "../../src/options.js";
import { askAuthenticator } from "../../src/root/zap-authenticator.js";
import { defaultSecurityValues } from "../../src/sockets/security-options.js";
import { peerAddress, zapAuthorizer } from "../../src/root/zap-authorizer.js";
import { z85 } from "../../src/z85.js";
import { ascii } from "../helpers/bytes.js";
import { within } from "../helpers/wait.js";

const REQUEST: AuthRequest = { mechanism: "PLAIN", address: "127.0.0.1", domain: "", routingId: Buffer.alloc(0), username: "u", password: "p" };

const summary = (v: ZapVerdict): Record<string, unknown> => ({
  status: v.statusCode,
  text: v.statusText,
  userId: Buffer.from(v.userId).toString(),
  metadata: Object.fromEntries([...v.metadata].map(([n, value]) => [n, Buffer.from(value).toString()])),
});

describe("askAuthenticator: decisions to verdicts", () => {
  const CASES: [string, Authenticator, Record<string, unknown>][] = [
    ["true", () => true, { status: 200, text: "OK", userId: "", metadata: {} }],
    ["false", () => false, { status: 400, text: "", userId: "", metadata: {} }],
    [
      "{ allow, userId, metadata } (async)",
      async () => ({ allow: true, userId: "alice", metadata: { "X-Role": "admin", Bytes: Buffer.from("raw") }, statusText: "Welcome" }),
      { status: 200, text: "Welcome", userId: "alice", metadata: { "x-role": "admin", bytes: "raw" } },
    ],
    ["{ allow: false }", () => ({ allow: false }), { status: 400, text: "", userId: "", metadata: {} }],
    ["{ allow: false, statusCode: 300 }", () => ({ allow: false, statusCode: 300, statusText: "later" }), { status: 300, text: "later", userId: "", metadata: {} }],
    ["{ allow: false, statusCode: 500 }", () => ({ allow: false, statusCode: 500 }), { status: 500, text: "", userId: "", metadata: {} }],
    ["{ allow: false, statusCode: 200 } (the allow flag decides)", () => ({ allow: false, statusCode: 200 }), { status: 400, text: "", userId: "", metadata: {} }],
    ["{ allow: true, statusCode: 400 } (the allow flag decides)", () => ({ allow: true, statusCode: 400 }), { status: 200, text: "OK", userId: "", metadata: {} }],
  ];
  for (const [what, authenticator, expected] of CASES) {
    it(what, async () => {
      expect(summary(await askAuthenticator(authenticator, REQUEST))).toEqual(expected);
    });
  }

  const FAILURES: [string, Authenticator][] = [
    ["a throw", () => {
      throw new Error("db down");
    }],
    ["a rejection", () => Promise.reject(new Error("db down"))],
    ["a thrown non-Error", () => {
      throw "db down" as unknown as Error;
    }],
    ["undefined", () => undefined as unknown as boolean],
    ["a string", () => "yes" as unknown as boolean],
    ["an object without allow", () => ({}) as unknown as boolean],
  ];
  for (const [what, authenticator] of FAILURES) {
    it(`${what}: a 500 denial, never a rejection`, async () => {
      const verdict = await askAuthenticator(authenticator, REQUEST);
      expect(verdict.statusCode).toBe(500);
    });
  }

  it("an allowed peer's metadata with a bad name or value is a malformed reply: ERR_ZAP_INVALID_METADATA", async () => {
    for (const metadata of [{ "bad name": "x" }, { "": "x" }, { ok: 5 }]) {
      const err = await askAuthenticator(() => ({ allow: true, metadata: metadata as unknown as Record<string, string> }), REQUEST).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ProtocolError);
      expect((err as ProtocolError).code).toBe("ERR_ZAP_INVALID_METADATA");
    }
  });
});

function security(overrides: Partial<SecurityOptionValues>): SecurityOptionValues {
  return { ...defaultSecurityValues(), mechanism: "PLAIN", asServer: true, ...overrides };
}

describe("zapAuthorizer: the hook a connection's mechanism gets", () => {
  const CONTEXT = { address: "10.1.2.3", identity: ascii("srv"), handshakeInterval: 0 };
  const open: zmtp.Socket[] = [];
  afterEach(async () => {
    for (const sock of open.splice(0)) {
      sock.linger = 0;
      await within(sock.closeAndWait(), "close", 2000);
    }
  });

  it("gives the authenticator the AuthRequest for each mechanism: PLAIN credentials as text, CURVE's key in Z85", async () => {
    const seen: AuthRequest[] = [];
    const authorize = zapAuthorizer(security({ zapDomain: "dom", authenticator: (r) => (seen.push(r), true) }), CONTEXT);
    const key = Uint8Array.from({ length: 32 }, (_, i) => i * 7);
    await authorize({ mechanism: "PLAIN", credentials: [ascii("admin"), Buffer.from("sécret")] });
    await authorize({ mechanism: "CURVE", credentials: [key] });
    await authorize({ mechanism: "NULL", credentials: [] });
    const base = { address: "10.1.2.3", domain: "dom", routingId: Buffer.from("srv") };
    expect(seen).toEqual([
      { mechanism: "PLAIN", ...base, username: "admin", password: "sécret" },
      { mechanism: "CURVE", ...base, clientKey: z85.encode(key) },
      { mechanism: "NULL", ...base },
    ]);
  });

  it("the authenticator takes precedence over a handler bound at inproc://zeromq.zap.01", async () => {
    const handler = new zmtp.Router({ receiveTimeout: 50 });
    open.push(handler);
    await handler.bind("inproc://zeromq.zap.01");
    const verdict = await zapAuthorizer(security({ authenticator: () => false }), CONTEXT)({ mechanism: "PLAIN", credentials: [ascii("a"), ascii("b")] });
    expect(verdict?.statusCode).toBe(400);
    await expect(handler.receive()).rejects.toMatchObject({ code: "EAGAIN" });
  });

  it("without an authenticator it asks the handler, with the socket's domain, the address and identity", async () => {
    const handler = new zmtp.Router();
    open.push(handler);
    await handler.bind("inproc://zeromq.zap.01");
    const asked = zapAuthorizer(security({ zapDomain: "dom" }), CONTEXT)({ mechanism: "PLAIN", credentials: [ascii("a"), ascii("b")] });
    const request = await handler.receive();
    expect(request.slice(1).map((f) => f.toString())).toEqual(["", "1.0", "1", "dom", "10.1.2.3", "srv", "PLAIN", "a", "b"]);
    await handler.send([request[0]!, "", "1.0", "1", "200", "OK", "", ""]);
    expect((await asked)?.statusCode).toBe(200);
  });

  it("without either: undefined (nobody to ask)", async () => {
    await expect(zapAuthorizer(security({}), CONTEXT)({ mechanism: "NULL", credentials: [] })).resolves.toBeUndefined();
  });
});

describe("peerAddress", () => {
  it("is the peer's IP for a tcp connection and \"\" for a stream without one (ipc)", async () => {
    const listener = net.createServer();
    await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
    const accepted = new Promise<net.Socket>((resolve) => listener.once("connection", resolve));
    const client = net.connect((listener.address() as net.AddressInfo).port, "127.0.0.1");
    const server = await accepted;
    try {
      expect(peerAddress(server)).toBe("127.0.0.1");
      expect(peerAddress(new PassThrough())).toBe("");
    } finally {
      client.destroy();
      server.destroy();
      listener.close();
    }
  });
});
