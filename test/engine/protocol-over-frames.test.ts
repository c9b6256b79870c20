/**
 * The protocol part of a ZMTP connection runs over any framing (issue 13: wire apart from protocol). Here two
 * ZmtpProtocols talk over in-memory frame wires: no byte stream, no greeting octets, no ZMTP 3.x framing,
 * as a WebSocket or datagram transport will hand them frames. The handshake, dispatch, multipart assembly,
 * subscriptions and the pipe all work unchanged.
 */
import { describe, expect, it } from "vitest";
import { decodeCommand, encodePing } from "../../src/codec/command.js";
import { FLAG_COMMAND, FLAG_MORE } from "../../src/codec/constants.js";
import { ZmtpProtocol } from "../../src/engine/protocol/zmtp-protocol.js";
import { ProtocolError } from "../../src/errors.js";
import { Subscription } from "../../src/pipe/pipe-item.js";
import { ascii } from "../helpers/bytes.js";
import { frameWirePair, type MemoryFrameWire } from "../helpers/frame-wire-pair.js";
import { openProtocolEnd, PEER_OF, type ProtocolEnd } from "../helpers/protocol-end.js";
import { frameTexts } from "../helpers/text.js";
import { waitUntil } from "../helpers/wait.js";

type End = ProtocolEnd;

function end(type: string, wire: MemoryFrameWire, factory: ReturnType<typeof frameWirePair>["factory"]): End {
  return openProtocolEnd(type, (options, handler) => new ZmtpProtocol(factory(wire), options, handler));
}

/** Two protocols of the given types over a frame-wire pair; `minor` is what each tells the other it speaks. */
async function joined(typeA: string, typeB: string, minor = 1): Promise<{ a: End; b: End; wires: ReturnType<typeof frameWirePair> }> {
  const wires = frameWirePair();
  const a = end(typeA, wires.a, wires.factory);
  const b = end(typeB, wires.b, wires.factory);
  wires.a.greet({ major: 3, minor, mechanism: "NULL", asServer: false });
  wires.b.greet({ major: 3, minor, mechanism: "NULL", asServer: false });
  if (PEER_OF[typeA] === typeB) await waitUntil(() => a.peer !== undefined && b.peer !== undefined, "both handshakes");
  return { a, b, wires };
}

function commandsIn(frames: { flags: number; body: Uint8Array }[]): string[] {
  return frames.filter((f) => (f.flags & FLAG_COMMAND) !== 0).map((f) => decodeCommand(f.body).name);
}

describe("ZmtpProtocol over a framing other than ZMTP 3.x (in-memory frames)", () => {
  it("completes the NULL handshake and carries multipart messages as frames", async () => {
    const { a, b, wires } = await joined("PUSH", "PULL");
    expect(b.peer?.socketType).toBe("PUSH");
    expect(a.peer?.zmtp31).toBe(true);
    expect(a.socketEnd.write([Buffer.from("hello"), Buffer.from("world")])).toBe(true);
    expect(a.socketEnd.write([Buffer.from("x")])).toBe(true);
    await waitUntil(() => b.socketEnd.readableSize === 2, "both messages");
    expect(frameTexts(b.socketEnd.readMessage()!)).toEqual(["hello", "world"]);
    expect(frameTexts(b.socketEnd.readMessage()!)).toEqual(["x"]);
    // What went over the wire: READY, then three frames with MORE on the first only.
    expect(commandsIn(wires.a.sent)).toEqual(["READY"]);
    expect(wires.a.sent.filter((f) => (f.flags & FLAG_COMMAND) === 0).map((f) => f.flags)).toEqual([FLAG_MORE, 0, 0]);
  });

  it("carries a SUB's subscription to the PUB as a typed item, sent as a SUBSCRIBE command to a 3.1 peer", async () => {
    const { a: sub, b: pub, wires } = await joined("SUB", "PUB");
    sub.socketEnd.forceWrite(new Subscription(true, Buffer.from("topic")));
    sub.socketEnd.forceWrite(new Subscription(false, Buffer.from("topic")));
    await waitUntil(() => pub.socketEnd.readableSize === 2, "both subscription items");
    const first = pub.socketEnd.read();
    expect(first).toBeInstanceOf(Subscription);
    expect((first as Subscription).subscribe).toBe(true);
    expect((first as Subscription).topic.toString()).toBe("topic");
    expect((pub.socketEnd.read() as Subscription).subscribe).toBe(false);
    expect(commandsIn(wires.a.sent)).toEqual(["READY", "SUBSCRIBE", "CANCEL"]);
  });

  it("sends a subscription to a ZMTP 3.0 peer as a \\x01topic message, which the PUB side parses back into an item", async () => {
    const { a: sub, b: pub, wires } = await joined("SUB", "PUB", 0);
    sub.socketEnd.forceWrite(new Subscription(true, Buffer.from("t")));
    await waitUntil(() => pub.socketEnd.readableSize === 1, "the subscription item");
    expect(pub.socketEnd.read()).toEqual(new Subscription(true, Buffer.from("t")));
    const data = wires.a.sent.filter((f) => (f.flags & FLAG_COMMAND) === 0);
    expect(data.map((f) => Buffer.from(f.body).toString("latin1"))).toEqual(["\u0001t"]);
  });

  it("answers PING with PONG carrying the context", async () => {
    const { b, wires } = await joined("PAIR", "PAIR");
    expect(b.peer?.socketType).toBe("PAIR");
    wires.b.command("PING", encodePing(10, ascii("ctx")));
    wires.b.flushNow();
    await waitUntil(() => commandsIn(wires.a.sent).includes("PONG"), "the PONG");
    const pong = wires.a.sent.find((f) => (f.flags & FLAG_COMMAND) !== 0 && decodeCommand(f.body).name === "PONG")!;
    expect(Buffer.from(decodeCommand(pong.body).data).toString()).toBe("ctx");
  });

  it("refuses an incompatible peer with ERROR, and both ends close", async () => {
    const { a, b, wires } = await joined("PUSH", "PUSH");
    await waitUntil(() => a.closed.length === 1 && b.closed.length === 1, "both ends closed");
    expect(commandsIn(wires.a.sent)).toContain("ERROR");
    const errors = [...a.closed, ...b.closed].filter((e) => e !== undefined);
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) {
      expect(error).toBeInstanceOf(ProtocolError);
      expect(error).toMatchObject({ code: "ERR_ZMTP_INVALID_METADATA" });
    }
  });

  it("closes on a message frame before the handshake, with ERR_ZMTP_UNEXPECTED_COMMAND", async () => {
    const wires = frameWirePair();
    const a = end("PUSH", wires.a, wires.factory);
    wires.a.greet();
    wires.b.handler = { wireGreeted: () => undefined, onFrame: () => undefined, wireFill: () => undefined, wireClosed: () => undefined };
    wires.b.frame(0, ascii("too early"));
    wires.b.flushNow();
    await waitUntil(() => a.closed.length === 1, "the connection to close");
    expect(a.closed[0]).toMatchObject({ code: "ERR_ZMTP_UNEXPECTED_COMMAND" });
  });
});
