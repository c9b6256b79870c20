/**
 * The two mechanism seams of the engine (issue 13 item 3), proven over real tcp with test mechanisms:
 *  - a handshake step may finish later (as a ZAP authenticator's answer): reading pauses, frames wait
 *    undecoded, the handshake timer keeps running, and the connection resumes or fails;
 *  - a mechanism may transform every frame both ways, commands included (as CURVE boxes them).
 */
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startZmtpConnection } from "../../src/engine/zmtp-connection.js";
import { AuthError, HandshakeError } from "../../src/errors.js";
import type { Mechanism } from "../../src/mechanism/mechanism.js";
import { Subscription } from "../../src/pipe/pipe-item.js";
import { ascii, concat } from "../helpers/bytes.js";
import { openProtocolEnd, type ProtocolEnd } from "../helpers/protocol-end.js";
import { DeferredNullMechanism, XorMechanism } from "../helpers/test-mechanisms.js";
import { frameTexts } from "../helpers/text.js";
import { waitUntil } from "../helpers/wait.js";
import { greetingBytes, messageBytes, readyFrame } from "../helpers/wire.js";

interface TcpPair {
  client: net.Socket;
  server: net.Socket;
  /** Every octet each side received, as latin1. */
  toServer: () => string;
  toClient: () => string;
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A connected loopback tcp pair whose received octets are recorded (the engines read them too). */
async function tcpPair(): Promise<TcpPair> {
  const listener = net.createServer();
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  const { port } = listener.address() as net.AddressInfo;
  const accepted = new Promise<net.Socket>((resolve) => listener.once("connection", resolve));
  const client = net.connect({ host: "127.0.0.1", port });
  await new Promise<void>((resolve) => client.once("connect", resolve));
  const server = await accepted;
  listener.close();
  let toServer = "";
  let toClient = "";
  server.on("data", (chunk: Buffer) => (toServer += chunk.toString("latin1")));
  client.on("data", (chunk: Buffer) => (toClient += chunk.toString("latin1")));
  cleanups.push(() => {
    client.destroy();
    server.destroy();
  });
  return { client, server, toServer: () => toServer, toClient: () => toClient };
}

function zmtpEnd(stream: net.Socket, type: string, mechanism?: Mechanism, handshakeInterval = 0): ProtocolEnd {
  const end = openProtocolEnd(
    type,
    (options, handler) => startZmtpConnection(stream, { ...options, maxMessageSize: -1 }, handler),
    mechanism,
    handshakeInterval,
  );
  cleanups.push(() => {
    end.connection.close(undefined);
  });
  return end;
}

describe("a handshake step that finishes later", () => {
  it("holds the peer's frames until the step is approved, then delivers them in order", async () => {
    const tcp = await tcpPair();
    const judge = new DeferredNullMechanism([["Socket-Type", ascii("PULL")]]);
    const server = zmtpEnd(tcp.server, "PULL", judge);
    // A raw PUSH that sends its READY and three messages in one write: they arrive in the chunk that
    // makes the step wait, so the decoder itself must hold the messages back.
    tcp.client.write(concat([greetingBytes(), readyFrame([["Socket-Type", "PUSH"]]), ...["m1", "m2", "m3"].map((m) => messageBytes([m]))]));
    await judge.asked;
    await waitUntil(() => tcp.toServer().includes("m3"), "the messages to reach the server");
    // Read from the socket, but not decoded into the pipe: the step has not finished.
    expect(server.peer).toBeUndefined();
    expect(server.socketEnd.readableSize).toBe(0);
    judge.approve();
    await waitUntil(() => server.socketEnd.readableSize === 3, "the held messages");
    expect(server.peer?.socketType).toBe("PUSH");
    expect([1, 2, 3].map(() => frameTexts(server.socketEnd.readMessage()!)[0])).toEqual(["m1", "m2", "m3"]);
    expect(server.closed).toEqual([]);
  });

  it("keeps the handshake timer running: a step that never finishes times out (ETIMEDOUT)", async () => {
    const tcp = await tcpPair();
    const judge = new DeferredNullMechanism([["Socket-Type", ascii("PULL")]]);
    const server = zmtpEnd(tcp.server, "PULL", judge, 150);
    zmtpEnd(tcp.client, "PUSH");
    await judge.asked;
    await waitUntil(() => server.closed.length === 1, "the handshake timeout");
    expect(server.closed[0]).toBeInstanceOf(HandshakeError);
    expect(server.closed[0]).toMatchObject({ code: "ETIMEDOUT" });
    // A verdict after the end changes nothing.
    judge.approve();
    await new Promise((resolve) => setImmediate(resolve));
    expect(server.peer).toBeUndefined();
    expect(server.closed.length).toBe(1);
  });

  it("ends the connection with the step's error when it fails", async () => {
    const tcp = await tcpPair();
    const judge = new DeferredNullMechanism([["Socket-Type", ascii("PULL")]]);
    const server = zmtpEnd(tcp.server, "PULL", judge);
    const client = zmtpEnd(tcp.client, "PUSH");
    await judge.asked;
    const denied = new AuthError("denied by the test", 400);
    judge.deny(denied);
    await waitUntil(() => server.closed.length === 1 && client.closed.length === 1, "both ends to close");
    expect(server.closed[0]).toBe(denied);
    expect(server.peer).toBeUndefined();
  });
});

describe("a mechanism that transforms every frame", () => {
  it("boxes messages both ways: nothing travels in the clear, multipart arrives whole", async () => {
    const tcp = await tcpPair();
    const pullMechanism = new XorMechanism([["Socket-Type", ascii("PULL")]]);
    const pushMechanism = new XorMechanism([["Socket-Type", ascii("PUSH")]]);
    const pull = zmtpEnd(tcp.server, "PULL", pullMechanism);
    const push = zmtpEnd(tcp.client, "PUSH", pushMechanism);
    await waitUntil(() => push.peer !== undefined && pull.peer !== undefined, "both handshakes");
    push.socketEnd.write([Buffer.from("secret-1"), Buffer.from("secret-2")]);
    push.socketEnd.write([Buffer.from("secret-3")]);
    await waitUntil(() => pull.socketEnd.readableSize === 2, "both messages");
    expect(frameTexts(pull.socketEnd.readMessage()!)).toEqual(["secret-1", "secret-2"]);
    expect(frameTexts(pull.socketEnd.readMessage()!)).toEqual(["secret-3"]);
    expect(pushMechanism.encoded).toBe(3);
    expect(pullMechanism.decoded).toBe(3);
    expect(tcp.toServer()).not.toContain("secret");
    expect(tcp.toServer()).toContain("\u0003XOR");
  });

  it("boxes commands too: a SUBSCRIBE reaches the publisher as a typed item, never in the clear", async () => {
    const tcp = await tcpPair();
    const pubMechanism = new XorMechanism([["Socket-Type", ascii("PUB")]]);
    const subMechanism = new XorMechanism([["Socket-Type", ascii("SUB")]]);
    const pub = zmtpEnd(tcp.server, "PUB", pubMechanism);
    const sub = zmtpEnd(tcp.client, "SUB", subMechanism);
    await waitUntil(() => pub.peer !== undefined && sub.peer !== undefined, "both handshakes");
    sub.socketEnd.forceWrite(new Subscription(true, Buffer.from("weather")));
    await waitUntil(() => pub.socketEnd.readableSize === 1, "the subscription");
    expect(pub.socketEnd.read()).toEqual(new Subscription(true, Buffer.from("weather")));
    expect(subMechanism.encoded).toBe(1);
    expect(tcp.toServer()).not.toContain("SUBSCRIBE");
    expect(tcp.toServer()).not.toContain("weather");
    // And back: the publisher's messages are boxed as well.
    pub.socketEnd.write([Buffer.from("weather report")]);
    await waitUntil(() => sub.socketEnd.readableSize === 1, "the message");
    expect(tcp.toClient()).not.toContain("weather");
  });
});
