/**
 * The security chapter's programs (examples/security/): grasslands, strawhouse, woodhouse, stonehouse and
 * ironhouse, each run as its own process on a free loopback port, checking that the message arrives and
 * what the authenticator (zauth.ts, a ZAP handler) decided on the way; and ironhouse's client against a
 * libzmq CURVE server (zeromq.js) whose ZAP handler allows the certificates in ironhouse's .curve store.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as zmq from "zeromq";
import { z85 } from "../../src/index.js";
import { exampleRunner, tempDirs } from "../helpers/example-process.js";
import { useZapHandlers } from "../interop/zap-handlers.js";

const start = exampleRunner();
const tempDir = tempDirs();
const startZapHandler = useZapHandlers();
const TIMEOUT = 60_000;
const env = { SERVER_ENDPOINT: "tcp://127.0.0.1:*" };

/** The program's output with zauth's time stamps taken out ("I: 24-01-31 12:00:00 zauth: …" → "zauth: …"). */
function withoutStamps(output: string): string[] {
  return output
    .trimEnd()
    .split("\n")
    .map((line) => line.replace(/^I: \d\d-\d\d-\d\d \d\d:\d\d:\d\d /, ""));
}

/** zauth's lines for one allowed request from 127.0.0.1, by mechanism, after its configuration lines. */
function allowedRequest(mechanism: string, decision: string): string[] {
  return [
    `zauth: ZAP request mechanism=${mechanism} ipaddress=127.0.0.1`,
    "zauth: - passed (allowed list) address=127.0.0.1",
    ...(decision === "" ? [] : [decision]),
    "zauth: - ZAP reply status_code=200 status_text=OK",
  ];
}
const ALLOW = ["zauth: API command=ALLOW", "zauth: - allowlisting ipaddress=127.0.0.1"];

describe("examples/security", () => {
  it("grasslands: a message in plain text, no authentication", { timeout: TIMEOUT }, async () => {
    const program = start("security/grasslands.ts", { env });
    expect((await program.finished()).code, program.output).toBe(0);
    expect(program.output).toBe("Grasslands test OK\n");
  });

  it("strawhouse: the authenticator passes the client's address, under NULL", { timeout: TIMEOUT }, async () => {
    const program = start("security/strawhouse.ts", { env });
    expect((await program.finished()).code, program.output).toBe(0);
    expect(withoutStamps(program.output)).toEqual([...ALLOW, ...allowedRequest("NULL", ""), "Strawhouse test OK"]);
  });

  it("woodhouse: the authenticator checks the address and PLAIN's password", { timeout: TIMEOUT }, async () => {
    const program = start("security/woodhouse.ts", { env });
    expect((await program.finished()).code, program.output).toBe(0);
    expect(withoutStamps(program.output)).toEqual([
      ...ALLOW,
      "zauth: API command=PLAIN",
      ...allowedRequest("PLAIN", "zauth: - allowed (PLAIN) username=admin password=secret"),
      "Woodhouse test OK",
    ]);
  });

  it("stonehouse: CURVE, any client key allowed", { timeout: TIMEOUT }, async () => {
    const program = start("security/stonehouse.ts", { env });
    expect((await program.finished()).code, program.output).toBe(0);
    expect(withoutStamps(program.output)).toEqual([
      ...ALLOW,
      "zauth: API command=CURVE",
      ...allowedRequest("CURVE", "zauth: - allowed (CURVE allow any client)"),
      "Stonehouse test OK",
    ]);
  });

  it("ironhouse: CURVE, the client's key found in the certificate store, which is removed after", { timeout: TIMEOUT }, async () => {
    const dir = tempDir();
    const program = start("security/ironhouse.ts", { cwd: dir, env });
    expect((await program.finished()).code, program.output).toBe(0);
    const lines = withoutStamps(program.output);
    expect(lines[5]).toMatch(/^zauth: - allowed \(CURVE\) client_key=[0-9a-zA-Z.\-:+=^!/*?&<>()[\]{}@%$#]{40}$/);
    expect([...lines.slice(0, 5), ...lines.slice(6)]).toEqual([...ALLOW, "zauth: API command=CURVE", ...allowedRequest("CURVE", ""), "Ironhouse test OK"]);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("ironhouse's client gets through to a libzmq CURVE server that checks its certificate store", { timeout: TIMEOUT }, async () => {
    const dir = tempDir();
    // The libzmq server's ZAP handler allows the keys of the certificates in <dir>/.curve, as zauth would.
    const storedKeys = (): Buffer[] =>
      fs.readdirSync(path.join(dir, ".curve")).map((name) => {
        const key = /public-key = "(.{40})"/.exec(fs.readFileSync(path.join(dir, ".curve", name), "utf8"))![1]!;
        return Buffer.from(z85.decode(key));
      });
    const handler = await startZapHandler("libzmq", (request) => {
      const allowed = request.mechanism === "CURVE" && storedKeys().some((key) => key.equals(request.credentials[0]!));
      return allowed ? { status: "200", text: "OK" } : { status: "400", text: "No access" };
    });
    const serverKeys = zmq.curveKeyPair();
    const server = new zmq.Push({ linger: 0, curveServer: true, curveSecretKey: serverKeys.secretKey });
    try {
      await server.bind("tcp://127.0.0.1:*");
      const program = start("security/ironhouse.ts", {
        cwd: dir,
        env: { SERVER_ENDPOINT: server.lastEndpoint!, SERVER_KEY: serverKeys.publicKey },
      });
      // The PUSH has a peer to send to only once the handshake, ZAP's answer included, has succeeded.
      await server.send("Hello");
      expect((await program.finished()).code, program.output).toBe(0);
      expect(program.output).toBe("Ironhouse test OK\n");
      expect(handler.requests.map((request) => [request.mechanism, request.address])).toEqual([["CURVE", "127.0.0.1"]]);
      expect(fs.readdirSync(dir)).toEqual([]);
    } finally {
      server.close();
    }
  });
});
