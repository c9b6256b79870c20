/**
 * traceFrames(callback): each connection's greetings, handshake commands and frames reach the callback as
 * TraceEvents, against zmtp and libzmq peers, with CURVE's handshake too; traceFrames(false) turns it off for
 * connections set up afterwards.
 */
import { afterEach, describe, expect, it } from "vitest";
import * as zmq from "zeromq";
import { curveKeyPair, Dealer, Pull, Push, Router, traceFrames, type TraceEvent } from "../../src/index.js";
import { within } from "../helpers/wait.js";

const WAIT_MS = 10_000;
let events: TraceEvent[] = [];
const record = (event: TraceEvent): void => {
  events.push(event);
};

afterEach(() => {
  traceFrames(false);
  events = [];
});

const on = (origin: TraceEvent["origin"], direction: TraceEvent["direction"]) => (event: TraceEvent) =>
  event.origin === origin && event.direction === direction;

describe("traceFrames(callback)", () => {
  it("zmtp ⇄ zmtp over tcp: greetings, READY, frames with flags, size and preview, then closed; each labelled", async () => {
    traceFrames(record);
    const pull = new Pull({ linger: 0 });
    await pull.bind("tcp://127.0.0.1:*");
    const push = new Push({ linger: 0 });
    push.connect(pull.lastEndpoint!);
    await push.send(["topic", "x".repeat(100)]);
    await within(pull.receive(), "the message", WAIT_MS);
    await push.closeAndWait();
    await pull.closeAndWait();

    const endpoint = pull.lastEndpoint!;
    expect(new Set(events.map((e) => e.endpoint))).toEqual(new Set([endpoint]));
    const dialed = events.filter((e) => e.origin === "connect");
    const accepted = events.filter((e) => e.origin === "accept");
    expect(new Set(dialed.map((e) => e.connection)).size).toBe(1);
    expect(new Set(accepted.map((e) => e.connection)).size).toBe(1);
    expect(dialed[0]!.connection).not.toBe(accepted[0]!.connection);
    expect(dialed[0]).toMatchObject({ kind: "greeting", direction: "out", summary: "greeting ZMTP 3.1 NULL client" });
    expect(accepted.filter(on("accept", "in")).map((e) => e.kind)).toEqual(["greeting", "command", "frame", "frame", "closed"].slice(0, accepted.filter(on("accept", "in")).length));
    const ready = dialed.find((e) => e.kind === "command" && e.direction === "in")!;
    expect(ready).toMatchObject({ command: "READY", flags: 4, summary: 'READY socket-type="PULL"' });
    expect(ready.size).toBe(1 + "READY".length + 1 + "Socket-Type".length + 4 + "PULL".length);
    const frames = dialed.filter((e) => e.kind === "frame");
    expect(frames).toMatchObject([
      { direction: "out", flags: 1, size: 5, summary: 'frame MORE 5 B "topic"' },
      { direction: "out", flags: 0, size: 100, summary: `frame 100 B "${"x".repeat(24)}"…` },
    ]);
    expect(frames[0]!.text).toBe(`zmtp #${frames[0]!.connection} connect ${endpoint} > frame MORE 5 B "topic"`);
    expect(dialed.at(-1)).toMatchObject({ kind: "closed", direction: "out" });
    expect(accepted.some((e) => e.kind === "closed")).toBe(true);
  });

  it("over ws:// too: the subprotocol stands for the greeting, then READY and frames as over tcp", async () => {
    traceFrames(record);
    const pull = new Pull({ linger: 0 });
    await pull.bind("ws://127.0.0.1:0/trace");
    const push = new Push({ linger: 0 });
    push.connect(pull.lastEndpoint!);
    await push.send("over ws");
    await within(pull.receive(), "the message", WAIT_MS);
    await push.closeAndWait();
    await pull.closeAndWait();

    const dialed = events.filter((e) => e.origin === "connect");
    expect(dialed[0]).toMatchObject({ kind: "greeting", direction: "out", summary: "ZWS 2.0 NULL client (WebSocket)" });
    expect(dialed.find((e) => e.kind === "command" && e.direction === "in")).toMatchObject({ command: "READY" });
    expect(dialed.filter((e) => e.kind === "frame")).toMatchObject([{ direction: "out", flags: 0, size: 7, summary: 'frame 7 B "over ws"' }]);
    expect(events.some((e) => e.origin === "accept" && e.kind === "frame" && e.direction === "in")).toBe(true);
  });

  it("against libzmq (zmtp dials and accepts): libzmq's greeting and READY as it sends them", async () => {
    traceFrames(record);
    const native = new zmq.Pull({ linger: 0 });
    await native.bind("tcp://127.0.0.1:*");
    const push = new Push({ linger: 0 });
    push.connect(native.lastEndpoint!);
    await push.send("to libzmq");
    await within(native.receive(), "libzmq receives", WAIT_MS);

    const pull = new Pull({ linger: 0 });
    await pull.bind("tcp://127.0.0.1:*");
    const nativePush = new zmq.Push({ linger: 0 });
    nativePush.connect(pull.lastEndpoint!);
    await nativePush.send([Buffer.alloc(0), Buffer.from([0xde, 0xad])]);
    await within(pull.receive(), "zmtp receives", WAIT_MS);
    native.close();
    nativePush.close();
    await push.closeAndWait();
    await pull.closeAndWait();

    const fromLibzmq = (origin: TraceEvent["origin"]): TraceEvent[] => events.filter(on(origin, "in"));
    expect(fromLibzmq("connect")).toContainEqual(expect.objectContaining({ kind: "greeting", summary: "greeting ZMTP 3.1 NULL client" }));
    expect(fromLibzmq("connect")).toContainEqual(expect.objectContaining({ command: "READY", summary: 'READY socket-type="PULL"' }));
    expect(fromLibzmq("accept")).toContainEqual(expect.objectContaining({ command: "READY", summary: 'READY socket-type="PUSH"' }));
    expect(fromLibzmq("accept").filter((e) => e.kind === "frame").map((e) => e.summary)).toEqual(["frame MORE 0 B", "frame 2 B de ad"]);
    expect(events.filter(on("connect", "out")).map((e) => e.summary)).toContain('frame 9 B "to libzmq"');
  });

  it("CURVE: HELLO, WELCOME, INITIATE, READY, then each frame boxed as a MESSAGE command", async () => {
    traceFrames(record);
    const server = curveKeyPair();
    const client = curveKeyPair();
    const router = new Router({ linger: 0, curveServer: true, curveSecretKey: server.secretKey });
    await router.bind("tcp://127.0.0.1:*");
    const dealer = new Dealer({ linger: 0, curveServerKey: server.publicKey, curvePublicKey: client.publicKey, curveSecretKey: client.secretKey });
    dealer.connect(router.lastEndpoint!);
    await dealer.send("sealed");
    await within(router.receive(), "the boxed message", WAIT_MS);
    dealer.close();
    await router.closeAndWait();

    const sent = events.filter(on("connect", "out"));
    expect(sent[0]!.summary).toBe("greeting ZMTP 3.1 CURVE client");
    expect(events.filter(on("accept", "out"))[0]!.summary).toBe("greeting ZMTP 3.1 CURVE server");
    const commands = sent.filter((e) => e.kind === "command").map((e) => e.command);
    expect(commands.slice(0, 2)).toEqual(["HELLO", "INITIATE"]);
    expect(sent.find((e) => e.command === "MESSAGE")).toMatchObject({ kind: "command", flags: 0, summary: expect.stringMatching(/^MESSAGE \d+ B \(boxed\)$/) });
    expect(events.filter(on("connect", "in")).filter((e) => e.kind === "command").map((e) => e.command).slice(0, 2)).toEqual(["WELCOME", "READY"]);
    expect(sent.some((e) => e.kind === "frame")).toBe(false); // nothing in the clear
  });

  it("traceFrames(false): connections set up afterwards are not traced; a bad argument is a TypeError", async () => {
    traceFrames(record);
    traceFrames(false);
    const pull = new Pull({ linger: 0 });
    await pull.bind("tcp://127.0.0.1:*");
    const push = new Push({ linger: 0 });
    push.connect(pull.lastEndpoint!);
    await push.send("quiet");
    await within(pull.receive(), "the message", WAIT_MS);
    await push.closeAndWait();
    await pull.closeAndWait();
    expect(events).toEqual([]);
    expect(() => {
      traceFrames("yes" as unknown as boolean);
    }).toThrow(TypeError);
  });
});
