/**
 * The PLAIN server (RFC 24, libzmq 4.3.5 src/plain_server.cpp) byte by byte: HELLO checked as libzmq checks
 * it, the ZAP question and what each answer does (WELCOME; ERROR in libzmq's spelling; silence for 300;
 * EFAULT with nobody to ask), INITIATE answered with READY, and the ZAP User-Id and metadata on the peer.
 */
import { describe, expect, it } from "vitest";
import { AuthError, HandshakeError, ProtocolError } from "../../src/errors.js";
import { PlainServer } from "../../src/mechanism/plain/plain-server.js";
import type { ZapAuthorize } from "../../src/mechanism/zap.js";
import { ascii, bytes, hex } from "../helpers/bytes.js";
import { errorCode, thrownBy } from "../helpers/errors.js";
import { metadataBytes } from "../helpers/wire.js";
import { ALLOW, answering, command, CommandLog, deferred, outcome, verdict } from "./zap-kit.js";

const PROPERTIES: [string, Uint8Array][] = [
  ["Socket-Type", ascii("ROUTER")],
  ["Identity", new Uint8Array(0)],
];

const HELLO = bytes(5, "admin", 6, "secret");
const INITIATE = metadataBytes([
  ["Socket-Type", "DEALER"],
  ["Identity", "peer"],
  ["X-Peer", "mine"],
]);

function server(authorize: ZapAuthorize): PlainServer {
  return new PlainServer({ properties: PROPERTIES, authorize });
}

/** A server that has had HELLO and the answer `authorize` gives; returns how the step ended. */
async function afterHello(authorize: ZapAuthorize, out = new CommandLog()) {
  const mechanism = server(authorize);
  mechanism.start(out);
  const step = await outcome(mechanism.onCommand(command("HELLO", HELLO), out));
  return { mechanism, out, step };
}

describe("PlainServer: the handshake", () => {
  it("is PLAIN, the server, and waits for the client's HELLO without sending anything", () => {
    const mechanism = server(answering(ALLOW));
    const out = new CommandLog();
    mechanism.start(out);
    expect([mechanism.name, mechanism.asServer, out.sent]).toEqual(["PLAIN", true, []]);
  });

  it("asks ZAP about the credentials and sends nothing until the answer; then WELCOME (no data)", async () => {
    const zap = deferred();
    const mechanism = server(zap);
    const out = new CommandLog();
    const hello = bytes(HELLO);
    const step = mechanism.onCommand(command("HELLO", hello), out);
    expect(step).toBeInstanceOf(Promise);
    // The request holds copies: the frame's octets may be reused once the call returns.
    hello.fill(0);
    await Promise.resolve();
    expect(zap.requests.map((r) => ({ mechanism: r.mechanism, credentials: r.credentials.map(hex) }))).toEqual([
      { mechanism: "PLAIN", credentials: [hex(ascii("admin")), hex(ascii("secret"))] },
    ]);
    expect(out.sent).toEqual([]);
    zap.answer(ALLOW);
    expect(await step).toBe(false);
    expect(out.sent).toEqual([{ name: "WELCOME", data: "" }]);
  });

  it("answers INITIATE with READY carrying its metadata, and completes", async () => {
    const { mechanism, out } = await afterHello(answering(ALLOW));
    expect(mechanism.onCommand(command("INITIATE", INITIATE), out)).toBe(true);
    expect(out.sent[1]).toEqual({
      name: "READY",
      data: hex(
        metadataBytes([
          ["Socket-Type", "ROUTER"],
          ["Identity", ""],
        ]),
      ),
    });
  });

  it("gives the peer the ZAP User-Id and metadata: ZAP's win over the peer's, except Socket-Type and Identity", async () => {
    const zapMetadata = new Map([
      ["x-peer", ascii("from zap")],
      ["x-role", ascii("admin")],
      ["socket-type", ascii("PUB")],
      ["identity", ascii("forged")],
    ]);
    const { mechanism, out } = await afterHello(answering(verdict(200, { userId: ascii("alice"), metadata: zapMetadata })));
    mechanism.onCommand(command("INITIATE", INITIATE), out);
    const seen = Object.fromEntries([...mechanism.peerMetadata].map(([name, value]) => [name, Buffer.from(value).toString()]));
    expect(seen).toEqual({ "socket-type": "DEALER", identity: "peer", "x-peer": "from zap", "x-role": "admin", "user-id": "alice" });
  });

  it("sets User-Id even when ZAP gives an empty one, as libzmq does", async () => {
    const { mechanism, out } = await afterHello(answering(verdict(200)));
    mechanism.onCommand(command("INITIATE", INITIATE), out);
    expect(mechanism.peerMetadata.get("user-id")).toEqual(new Uint8Array(0));
  });
});

describe("PlainServer: ZAP refusals", () => {
  for (const status of [400, 500] as const) {
    it(`${status}: ERROR in libzmq's spelling ("^RROR", status) and an AuthError ${status}`, async () => {
      const { out, step } = await afterHello(answering(verdict(status)));
      expect(step.error).toBeInstanceOf(AuthError);
      expect((step.error as AuthError).status).toBe(status);
      expect(out.sent).toEqual([{ name: "(raw)", data: hex(bytes(0x5e, "RROR", 3, String(status))) }]);
    });
  }

  it("to a writer that cannot send raw frames, the RFC's ERROR", async () => {
    const { out } = await afterHello(answering(verdict(400)), new CommandLog(false));
    expect(out.sent).toEqual([{ name: "ERROR", data: hex(bytes(3, "400")) }]);
  });

  it("300: no ERROR at all (the client is silently disconnected), an AuthError 300", async () => {
    const { out, step } = await afterHello(answering(verdict(300)));
    expect((step.error as AuthError).status).toBe(300);
    expect(out.sent).toEqual([]);
  });

  it("nobody to ask (no handler): HandshakeError EFAULT and nothing sent, as libzmq 4.3.5", async () => {
    const { out, step } = await afterHello(answering(undefined));
    expect(step.error).toBeInstanceOf(HandshakeError);
    expect(errorCode(step.error)).toBe("EFAULT");
    expect(out.sent).toEqual([]);
  });

  it("a malformed ZAP reply (the hook rejects): that error, nothing sent", async () => {
    const { out, step } = await afterHello(answering(new ProtocolError("bad", "ERR_ZAP_BAD_VERSION")));
    expect(errorCode(step.error)).toBe("ERR_ZAP_BAD_VERSION");
    expect(out.sent).toEqual([]);
  });

  it("a hook that throws synchronously still ends the step as a rejection, never a throw from onCommand", async () => {
    const mechanism = server(() => {
      throw new Error("broken hook");
    });
    const step = mechanism.onCommand(command("HELLO", HELLO), new CommandLog());
    await expect(step).rejects.toThrow("broken hook");
  });
});

describe("PlainServer: what it refuses, with libzmq's codes", () => {
  const fails = (data: Uint8Array): string | undefined => {
    const err = thrownBy(() => server(answering(ALLOW)).onCommand(command("HELLO", data), new CommandLog()));
    expect(err).toBeInstanceOf(ProtocolError);
    return errorCode(err);
  };

  it("HELLO without a username, truncated, without a password, truncated, or with extra octets: MALFORMED_COMMAND_HELLO", () => {
    for (const data of [bytes(), bytes(5, "adm"), bytes(5, "admin"), bytes(5, "admin", 6, "secre"), bytes(5, "admin", 6, "secret", 0)]) {
      expect(fails(data), hex(data)).toBe("ERR_ZMTP_MALFORMED_COMMAND_HELLO");
    }
  });

  it("takes empty and 255-octet credentials", async () => {
    for (const data of [bytes(0, 0), bytes(255, "u".repeat(255), 255, "p".repeat(255))]) {
      const zap = answering(ALLOW);
      expect(await server(zap).onCommand(command("HELLO", data), new CommandLog())).toBe(false);
      expect(zap.requests[0]!.credentials.map((c) => c.length)).toEqual([data[0], data[data[0]! + 1]]);
    }
  });

  it("anything but HELLO first, or but INITIATE after WELCOME: ERR_ZMTP_UNEXPECTED_COMMAND", async () => {
    for (const name of ["INITIATE", "READY", "ERROR", "WELCOME"]) {
      expect(errorCode(thrownBy(() => server(answering(ALLOW)).onCommand(command(name, HELLO), new CommandLog())))).toBe("ERR_ZMTP_UNEXPECTED_COMMAND");
    }
    const { mechanism, out } = await afterHello(answering(ALLOW));
    expect(errorCode(thrownBy(() => mechanism.onCommand(command("HELLO", HELLO), out)))).toBe("ERR_ZMTP_UNEXPECTED_COMMAND");
  });

  it("INITIATE with malformed metadata: ERR_ZMTP_INVALID_METADATA", async () => {
    const { mechanism, out } = await afterHello(answering(ALLOW));
    expect(errorCode(thrownBy(() => mechanism.onCommand(command("INITIATE", bytes(3, "Ab")), out)))).toBe("ERR_ZMTP_INVALID_METADATA");
  });

  it("a command while ZAP is being asked, or after READY: ERR_ZMTP_UNSPECIFIED (libzmq's default branch)", async () => {
    const mechanism = server(deferred());
    void mechanism.onCommand(command("HELLO", HELLO), new CommandLog());
    expect(errorCode(thrownBy(() => mechanism.onCommand(command("INITIATE", INITIATE), new CommandLog())))).toBe("ERR_ZMTP_UNSPECIFIED");
    const done = await afterHello(answering(ALLOW));
    done.mechanism.onCommand(command("INITIATE", INITIATE), done.out);
    expect(errorCode(thrownBy(() => done.mechanism.onCommand(command("INITIATE", INITIATE), done.out)))).toBe("ERR_ZMTP_UNSPECIFIED");
  });
});
