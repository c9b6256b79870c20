/**
 * The ZAP client over zmtp's inproc (root/zap-client.ts), as libzmq's session_base_t::zap_connect and
 * zap_client_t: a pipe of its own to the handler at inproc://zeromq.zap.01 per request, request id "1",
 * the reply checked; no handler (or one that is neither ROUTER nor REP) means "nobody to ask"; a handler
 * that leaves or never answers does not leave the question hanging.
 */
import { afterEach, describe, expect, it } from "vitest";
import * as zmtp from "../../src/index.js";
import { HandshakeError, ProtocolError } from "../../src/errors.js";
import { askZapHandler, type ZapHandlerRequest } from "../../src/root/zap-client.js";
import { ascii } from "../helpers/bytes.js";
import { within } from "../helpers/wait.js";

const ZAP = "inproc://zeromq.zap.01";
const REQUEST: ZapHandlerRequest = {
  domain: "dom",
  address: "10.0.0.7",
  identity: ascii("srv"),
  mechanism: "PLAIN",
  credentials: [ascii("admin"), ascii("secret")],
};

const open: zmtp.Socket[] = [];
afterEach(async () => {
  for (const sock of open.splice(0)) {
    sock.linger = 0;
    await within(sock.closeAndWait(), "close", 2000);
  }
});

async function bound<T extends zmtp.Socket>(sock: T): Promise<T> {
  open.push(sock);
  await sock.bind(ZAP);
  return sock;
}

const text = (frames: Buffer[]): string[] => frames.map((f) => f.toString("latin1"));

describe("askZapHandler", () => {
  it("with nothing bound at inproc://zeromq.zap.01: undefined at once (libzmq does not wait for a bind)", async () => {
    await expect(askZapHandler(REQUEST, 0)).resolves.toBeUndefined();
    // …and leaves nothing behind that a later bind would join.
    const router = await bound(new zmtp.Router({ receiveTimeout: 50 }));
    await expect(router.receive()).rejects.toMatchObject({ code: "EAGAIN" });
  });

  it("with a socket that is neither ROUTER nor REP bound there: undefined (libzmq would assert)", async () => {
    await bound(new zmtp.Pull());
    await expect(askZapHandler(REQUEST, 0)).resolves.toBeUndefined();
  });

  it("a ROUTER handler gets libzmq's frames after its routing id, and its reply is the verdict", async () => {
    const router = await bound(new zmtp.Router());
    const asked = askZapHandler(REQUEST, 0);
    const request = await router.receive();
    expect(text(request.slice(1))).toEqual(["", "1.0", "1", "dom", "10.0.0.7", "srv", "PLAIN", "admin", "secret"]);
    await router.send([request[0]!, "", "1.0", "1", "200", "OK", "alice", ""]);
    const verdict = await asked;
    expect(verdict?.statusCode).toBe(200);
    expect(Buffer.from(verdict!.userId).toString()).toBe("alice");
  });

  it("a REP handler works too (it strips and restores the delimiter as an envelope)", async () => {
    const rep = await bound(new zmtp.Reply());
    const asked = askZapHandler(REQUEST, 0);
    expect(text(await rep.receive())).toEqual(["1.0", "1", "dom", "10.0.0.7", "srv", "PLAIN", "admin", "secret"]);
    await rep.send(["1.0", "1", "400", "No", "", ""]);
    expect((await asked)?.statusCode).toBe(400);
  });

  it("each request has a pipe of its own: concurrent questions get their own answers, in any order", async () => {
    const router = await bound(new zmtp.Router());
    const users = ["a", "b", "c"];
    const asked = users.map((user) => askZapHandler({ ...REQUEST, credentials: [ascii(user), ascii("x")] }, 0));
    const requests = await Promise.all(users.map(() => router.receive()));
    expect(new Set(requests.map((r) => r[0]!.toString("hex"))).size).toBe(3);
    for (const request of requests.reverse()) await router.send([request[0]!, "", "1.0", "1", "200", "OK", request[8]!, ""]);
    const verdicts = await Promise.all(asked);
    expect(verdicts.map((v) => Buffer.from(v!.userId).toString())).toEqual(users);
  });

  it("a malformed reply rejects with libzmq's ERR_ZAP_* code", async () => {
    const router = await bound(new zmtp.Router());
    const asked = askZapHandler(REQUEST, 0);
    const request = await router.receive();
    await router.send([request[0]!, "", "1.0", "1", "200", "OK"]);
    const err = await asked.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProtocolError);
    expect((err as ProtocolError).code).toBe("ERR_ZAP_MALFORMED_REPLY");
  });

  it("a handler that goes away before answering: rejected with EFAULT, not left hanging", async () => {
    const router = await bound(new zmtp.Router());
    const asked = askZapHandler(REQUEST, 0);
    await router.receive();
    router.linger = 0;
    await router.closeAndWait();
    const err = await within(asked.catch((e: unknown) => e), "the rejection", 2000);
    expect(err).toBeInstanceOf(HandshakeError);
    expect((err as HandshakeError).code).toBe("EFAULT");
  });

  it("a handler that never answers: given up after the handshake interval (ETIMEDOUT), and the pipe ends", async () => {
    const router = await bound(new zmtp.Router({ mandatory: true, sendTimeout: 0 }));
    const asked = askZapHandler(REQUEST, 50);
    const request = await router.receive();
    const err = await within(asked.catch((e: unknown) => e), "giving up", 2000);
    expect((err as HandshakeError).code).toBe("ETIMEDOUT");
    // The handler's late answer finds no peer.
    await expect(router.send([request[0]!, "", "1.0", "1", "200", "OK", "", ""])).rejects.toMatchObject({ code: "EHOSTUNREACH" });
  });
});
