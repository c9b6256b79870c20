/**
 * PLAIN and NULL+ZAP run by the engine over real tcp (ZmtpProtocol over StreamWire, as sessions run it):
 * the ZAP User-Id and metadata reach the socket's PeerInfo; a refusal's ERROR reaches the client before the
 * connection ends; nothing a refused peer sent is delivered; two NULL sides that both ask ZAP before their
 * READY do not wait for each other; the handshake timer bounds a ZAP answer that never comes.
 */
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startZmtpConnection } from "../../src/engine/zmtp-connection.js";
import { AuthError, HandshakeError } from "../../src/errors.js";
import type { Mechanism } from "../../src/mechanism/mechanism.js";
import { PlainClient } from "../../src/mechanism/plain/plain-client.js";
import { PlainServer } from "../../src/mechanism/plain/plain-server.js";
import { ZapNullMechanism } from "../../src/mechanism/zap-null-mechanism.js";
import type { ZapAuthorize } from "../../src/mechanism/zap.js";
import { ascii, bytes, concat } from "../helpers/bytes.js";
import { openProtocolEnd, type ProtocolEnd } from "../helpers/protocol-end.js";
import { itemText } from "../helpers/text.js";
import { waitUntil } from "../helpers/wait.js";
import { commandFrame, greetingBytes, messageBytes, metadataBytes } from "../helpers/wire.js";
import { answering, deferred, verdict } from "./zap-kit.js";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A connected loopback tcp pair; `toClient()` is every octet the client side received. */
async function tcpPair(): Promise<{ client: net.Socket; server: net.Socket; toClient: () => Buffer }> {
  const listener = net.createServer();
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  const { port } = listener.address() as net.AddressInfo;
  const accepted = new Promise<net.Socket>((resolve) => listener.once("connection", resolve));
  const client = net.connect({ host: "127.0.0.1", port });
  await new Promise<void>((resolve) => client.once("connect", resolve));
  const server = await accepted;
  listener.close();
  const received: Buffer[] = [];
  client.on("data", (chunk: Buffer) => received.push(chunk));
  cleanups.push(() => {
    client.destroy();
    server.destroy();
  });
  return { client, server, toClient: () => Buffer.concat(received) };
}

function end(stream: net.Socket, type: string, mechanism: Mechanism, handshakeInterval = 0): ProtocolEnd {
  const opened = openProtocolEnd(type, (options, handler) => startZmtpConnection(stream, { ...options, maxMessageSize: -1 }, handler), mechanism, handshakeInterval);
  cleanups.push(() => {
    opened.connection.close(undefined);
  });
  return opened;
}

const plainServer = (authorize: ZapAuthorize): PlainServer => new PlainServer({ properties: [["Socket-Type", ascii("PULL")]], authorize });
const plainClient = (password = "secret"): PlainClient => new PlainClient({ properties: [["Socket-Type", ascii("PUSH")]], username: "admin", password });

describe("PLAIN over tcp", () => {
  it("completes; the server's PeerInfo carries ZAP's User-Id and metadata; messages flow", async () => {
    const tcp = await tcpPair();
    const zap = answering(verdict(200, { userId: ascii("alice"), metadata: new Map([["x-role", ascii("admin")]]) }));
    const server = end(tcp.server, "PULL", plainServer(zap));
    const client = end(tcp.client, "PUSH", plainClient());
    await waitUntil(() => server.peer !== undefined && client.peer !== undefined, "both handshakes");
    expect(Buffer.from(server.peer!.metadata.get("user-id")!).toString()).toBe("alice");
    expect(Buffer.from(server.peer!.metadata.get("x-role")!).toString()).toBe("admin");
    expect(server.peer!.socketType).toBe("PUSH");
    expect(client.peer!.metadata.has("user-id")).toBe(false);
    expect(zap.requests[0]!.credentials.map((c) => Buffer.from(c).toString())).toEqual(["admin", "secret"]);
    client.socketEnd.write([Buffer.from("hello")]);
    await waitUntil(() => server.socketEnd.readable, "the message");
    expect(itemText(server.socketEnd.read())).toBe("hello");
  });

  it("a refusal's ERROR (libzmq's \"^RROR\" 400) reaches the client before the connection ends: AuthError 400 on both ends", async () => {
    const tcp = await tcpPair();
    const server = end(tcp.server, "PULL", plainServer(answering(verdict(400))));
    const client = end(tcp.client, "PUSH", plainClient("wrong"));
    await waitUntil(() => server.closed.length > 0 && client.closed.length > 0, "both ends to close");
    for (const side of [server, client]) {
      expect(side.closed[0]).toBeInstanceOf(AuthError);
      expect((side.closed[0] as AuthError).status).toBe(400);
      expect(side.peer).toBeUndefined();
    }
    expect(tcp.toClient().includes(Buffer.from([0x04, 0x09, 0x5e, 0x52, 0x52, 0x4f, 0x52, 0x03, 0x34, 0x30, 0x30]))).toBe(true);
  });

  it("nothing a refused client sent is delivered, even frames that arrived with its HELLO", async () => {
    const tcp = await tcpPair();
    const zap = deferred();
    const server = end(tcp.server, "PULL", plainServer(zap));
    // A raw client that does not wait: HELLO, INITIATE and a message in one write.
    tcp.client.write(
      concat([
        greetingBytes({ mechanism: "PLAIN" }),
        commandFrame("HELLO", bytes(5, "admin", 5, "wrong")),
        commandFrame("INITIATE", metadataBytes([["Socket-Type", "PUSH"]])),
        messageBytes(["smuggled"]),
      ]),
    );
    await waitUntil(() => zap.requests.length === 1, "the ZAP question");
    zap.answer(verdict(400));
    await waitUntil(() => server.closed.length > 0, "the refusal");
    expect(server.socketEnd.readableSize).toBe(0);
    expect(server.peer).toBeUndefined();
  });

  it("the handshake timer keeps running while ZAP is asked: no answer ends in ETIMEDOUT", async () => {
    const tcp = await tcpPair();
    const server = end(tcp.server, "PULL", plainServer(deferred()), 100);
    end(tcp.client, "PUSH", plainClient());
    await waitUntil(() => server.closed.length > 0, "the handshake timeout");
    expect(server.closed[0]).toBeInstanceOf(HandshakeError);
    expect((server.closed[0] as HandshakeError).code).toBe("ETIMEDOUT");
  });
});

describe("NULL with ZAP over tcp", () => {
  const nullZap = (type: string, authorize: ZapAuthorize): ZapNullMechanism =>
    new ZapNullMechanism({ properties: [["Socket-Type", ascii(type)]], authorize, enforce: false });

  for (const order of ["server first", "client first"] as const) {
    it(`two sides that both ask before READY complete once both are answered (${order})`, async () => {
      const tcp = await tcpPair();
      const serverZap = deferred();
      const clientZap = deferred();
      const server = end(tcp.server, "PULL", nullZap("PULL", serverZap));
      const client = end(tcp.client, "PUSH", nullZap("PUSH", clientZap));
      await waitUntil(() => serverZap.requests.length === 1 && clientZap.requests.length === 1, "both questions");
      const [first, second] = order === "server first" ? [serverZap, clientZap] : [clientZap, serverZap];
      first.answer(verdict(200, { userId: ascii("first") }));
      second.answer(verdict(200, { userId: ascii("second") }));
      await waitUntil(() => server.peer !== undefined && client.peer !== undefined, "both handshakes");
      expect(Buffer.from(server.peer!.metadata.get("user-id")!).toString()).toBe(order === "server first" ? "first" : "second");
    });
  }

  it("a denied NULL peer gets ERROR 400 and ends with AuthError 400", async () => {
    const tcp = await tcpPair();
    const server = end(tcp.server, "PULL", nullZap("PULL", answering(verdict(400))));
    const client = end(tcp.client, "PUSH", nullZap("PUSH", answering(undefined)));
    await waitUntil(() => server.closed.length > 0 && client.closed.length > 0, "both ends to close");
    expect((client.closed[0] as AuthError).status).toBe(400);
    expect((server.closed[0] as AuthError).status).toBe(400);
  });
});
