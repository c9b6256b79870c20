/**
 * The CURVE server asking ZAP (RFC 27) about a client, as libzmq's curve_server_t does once INITIATE
 * checks out: the request carries the client's long-term key; 200 sends READY, 400/500 send ERROR with
 * the status and end the handshake, 300 ends it without ERROR; with nobody to ask, the client is let in
 * unless zapEnforceDomain is set (EFAULT). The ZAP hook here is a fake that records what it was asked.
 */
import { describe, expect, it } from "vitest";
import { decodeErrorReason } from "../../src/codec/command.js";
import { AuthError, HandshakeError, ProtocolError } from "../../src/errors.js";
import type { ZapAuthorize, ZapRequest, ZapVerdict } from "../../src/mechanism/zap.js";
import { ascii, hex } from "../helpers/bytes.js";
import { frameText } from "../helpers/text.js";
import { client, CommandLog, deliver, freshKeys, server, startPair } from "./curve-kit.js";

function verdict(statusCode: ZapVerdict["statusCode"], extra: Partial<ZapVerdict> = {}): ZapVerdict {
  return { statusCode, statusText: "", userId: new Uint8Array(0), metadata: new Map(), ...extra };
}

/** Runs a handshake up to the server's answer to INITIATE, with `authorize` and `enforce` on the server. */
async function untilAnswer(answer: () => Promise<ZapVerdict | undefined>, enforce = false) {
  const keys = freshKeys();
  const asked: ZapRequest[] = [];
  const authorize: ZapAuthorize = (request) => {
    asked.push(request);
    return answer();
  };
  const c = client(keys);
  const s = server(keys, { authorize, enforce });
  const toServer = new CommandLog();
  const toClient = new CommandLog();
  s.start(toClient);
  c.start(toServer);
  deliver(toServer, s, toClient);
  deliver(toClient, c, toServer);
  const step = deliver(toServer, s, toClient);
  expect(step).toBeInstanceOf(Promise);
  expect(toClient.bodies).toEqual([]); // nothing is sent before ZAP has answered
  const outcome = await (step as Promise<boolean>).then(
    (done) => ({ done, error: undefined }),
    (error: unknown) => ({ done: false, error: error as Error }),
  );
  return { keys, asked, c, s, toServer, toClient, outcome };
}

describe("CURVE server and ZAP", () => {
  it("asks once, with mechanism CURVE and the client's long-term public key as the only credential", async () => {
    const { keys, asked, outcome } = await untilAnswer(async () => verdict(200));
    expect(outcome).toEqual({ done: true, error: undefined });
    expect(asked.length).toBe(1);
    expect(asked[0]!.mechanism).toBe("CURVE");
    expect(asked[0]!.credentials.map(hex)).toEqual([hex(keys.client.publicKey)]);
  });

  it("200: READY goes out, the client completes, and ZAP's User-Id and metadata join the client's metadata", async () => {
    const metadata = new Map([["department", ascii("ops")]]);
    const { c, s, toServer, toClient } = await untilAnswer(async () => verdict(200, { userId: ascii("alice"), metadata }));
    expect(toClient.bodies.length).toBe(1);
    expect(deliver(toClient, c, toServer)).toBe(true);
    expect(frameText(s.peerMetadata.get("user-id")!)).toBe("alice");
    expect(frameText(s.peerMetadata.get("department")!)).toBe("ops");
    expect(frameText(s.peerMetadata.get("socket-type")!)).toBe("DEALER");
  });

  for (const status of [400, 500] as const) {
    it(`${status}: ERROR "${status}" goes out instead of READY, the server fails with AuthError, the client too`, async () => {
      const { c, toServer, toClient, outcome, s } = await untilAnswer(async () => verdict(status, { statusText: "no" }));
      expect(outcome.error).toBeInstanceOf(AuthError);
      expect((outcome.error as AuthError).status).toBe(status);
      expect(s.transform).toBeUndefined();
      const [error] = toClient.take();
      expect(error!.name).toBe("ERROR");
      expect(decodeErrorReason(error!.data)).toBe(String(status));
      let thrown: unknown;
      try {
        c.onCommand(error!, toServer);
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(AuthError);
      expect((thrown as AuthError).status).toBe(status);
    });
  }

  it("300 (temporary): the handshake ends without ERROR, as libzmq", async () => {
    const { toClient, outcome } = await untilAnswer(async () => verdict(300));
    expect((outcome.error as AuthError).status).toBe(300);
    expect(toClient.bodies).toEqual([]);
  });

  it("nobody to ask: the client is let in (Stonehouse), unless zapEnforceDomain is set (EFAULT, nothing sent)", async () => {
    const open = await untilAnswer(async () => undefined);
    expect(open.outcome).toEqual({ done: true, error: undefined });
    expect(open.toClient.take()[0]!.name).toBe("READY");
    expect(open.s.peerMetadata.has("user-id")).toBe(false);

    const enforced = await untilAnswer(async () => undefined, true);
    expect(enforced.outcome.error).toBeInstanceOf(HandshakeError);
    expect((enforced.outcome.error as HandshakeError).code).toBe("EFAULT");
    expect(enforced.toClient.bodies).toEqual([]);
  });

  it("a broken ZAP reply (the hook rejects) ends the handshake with that error, nothing sent", async () => {
    const { toClient, outcome } = await untilAnswer(async () => {
      throw new ProtocolError("bad reply", "ERR_ZAP_MALFORMED_REPLY");
    });
    expect((outcome.error as ProtocolError).code).toBe("ERR_ZAP_MALFORMED_REPLY");
    expect(toClient.bodies).toEqual([]);
  });

  it("without a ZAP hook the server answers INITIATE at once with READY", () => {
    const keys = freshKeys();
    const { c, s, toServer, toClient } = startPair(keys);
    deliver(toServer, s, toClient);
    deliver(toClient, c, toServer);
    expect(deliver(toServer, s, toClient)).toBe(true);
  });
});
