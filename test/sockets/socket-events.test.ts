/**
 * The event sink from engine through session to socket (issue 13 item 5): what libzmq's monitor reports,
 * with zeromq.js's names, each with its endpoint and, for failures, a typed error with a distinct code.
 * The public Observer comes later; here the test listens to the socket's sink directly.
 */
import { describe, expect, it } from "vitest";
import * as zmq from "zeromq";
import { AuthError, HandshakeError, ProtocolError, Pull, Push } from "../../src/index.js";
import type { SocketEvent, SocketEventType } from "../../src/events.js";
import { commandFrame, greetingBytes } from "../helpers/wire.js";
import { socketTracker } from "../helpers/socket-tracker.js";
import { recordEvents as record } from "../helpers/socket-event-log.js";
import { waitUntil } from "../helpers/wait.js";
import { bytes } from "../helpers/bytes.js";
import { useRawPeers } from "../spec/raw-peer.js";

const track = socketTracker();
const raw = useRawPeers();


function types(events: SocketEvent[]): SocketEventType[] {
  return events.map((e) => e.type);
}

async function until(events: SocketEvent[], type: SocketEventType): Promise<SocketEvent> {
  await waitUntil(() => events.some((e) => e.type === type), `a ${type} event`);
  return events.find((e) => e.type === type)!;
}

describe("socket events (the monitor sink)", () => {
  it("bind, accept, handshake, disconnect on the binding side; connect:delay, connect, handshake on the dialer", async () => {
    const pull = track(new Pull());
    const pullEvents = record(pull);
    await pull.bind("tcp://127.0.0.1:0");
    const address = pull.lastEndpoint!;
    expect(pullEvents).toEqual([{ type: "bind", address }]);

    const push = track(new Push());
    const pushEvents = record(push);
    push.connect(address);
    await until(pushEvents, "handshake");
    await until(pullEvents, "handshake");
    expect(types(pushEvents)).toEqual(["connect:delay", "connect", "handshake"]);
    expect(pushEvents.every((e) => e.address === address)).toBe(true);
    expect(types(pullEvents)).toEqual(["bind", "accept", "handshake"]);

    push.linger = 0;
    await push.closeAndWait();
    const disconnect = await until(pullEvents, "disconnect");
    expect(disconnect).toEqual({ type: "disconnect", address });
    expect(types(pushEvents).slice(-2)).toEqual(["disconnect", "end"]);
  });

  it("connect:retry carries the interval, after the failed attempt's close", async () => {
    const push = track(new Push({ reconnectInterval: 40, reconnectMaxInterval: 80 }));
    const events = record(push);
    // A port nobody listens on: bind one, note it, close it.
    const probe = track(new Pull());
    await probe.bind("tcp://127.0.0.1:0");
    const dead = probe.lastEndpoint!;
    await probe.unbind(dead);
    push.connect(dead);
    await waitUntil(() => events.filter((e) => e.type === "connect:retry").length >= 2, "two retries");
    const retries = events.filter((e) => e.type === "connect:retry");
    expect(retries.slice(0, 2).map((e) => e.interval)).toEqual([40, 80]);
    expect(types(events).slice(0, 3)).toEqual(["connect:delay", "close", "connect:retry"]);
    expect(events.every((e) => e.address === dead)).toBe(true);
  });

  it("bind:error with the transport's code; close when an endpoint is unbound; end when the socket closes", async () => {
    const first = track(new Pull());
    await first.bind("tcp://127.0.0.1:0");
    const address = first.lastEndpoint!;
    const second = track(new Pull());
    const events = record(second);
    await expect(second.bind(address)).rejects.toMatchObject({ code: "EADDRINUSE" });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: "bind:error", address, error: { code: "EADDRINUSE" } });

    const firstEvents = record(first);
    await first.unbind(address);
    expect(firstEvents).toEqual([{ type: "close", address }]);
    await first.closeAndWait();
    expect(types(firstEvents)).toEqual(["close", "end"]);
  });

  it("handshake:error:protocol for a mechanism mismatch (ERR_ZMTP_MECHANISM_MISMATCH), then disconnect", async () => {
    const pull = track(new Pull());
    const events = record(pull);
    await pull.bind("tcp://127.0.0.1:0");
    const peer = await raw.dial(pull.lastEndpoint!);
    peer.write(greetingBytes({ mechanism: "PLAIN" }));
    const failure = await until(events, "handshake:error:protocol");
    expect(failure.error).toBeInstanceOf(ProtocolError);
    expect(failure.error).toMatchObject({ code: "ERR_ZMTP_MECHANISM_MISMATCH", errno: 71 });
    expect(failure.address).toBe(pull.lastEndpoint);
    await until(events, "disconnect");
    expect(types(events)).toEqual(["bind", "accept", "handshake:error:protocol", "disconnect"]);
  });

  it("handshake:error:protocol for a libzmq peer of an incompatible type (ERR_ZMTP_INVALID_METADATA)", async () => {
    const pull = track(new Pull());
    const events = record(pull);
    await pull.bind("tcp://127.0.0.1:0");
    // A libzmq peer that reads our READY with the end of our greeting refuses us first and closes without
    // sending its READY (test/interop/handshake-refusal.ts): we see handshake:error:other, and libzmq, after
    // its own protocol error, never dials again. Another peer then comes, until one sends its READY (a few
    // at most, under load).
    const ended = (): number => events.filter((e) => e.type === "handshake:error:protocol" || e.type === "handshake:error:other").length;
    for (let attempt = 1; !events.some((e) => e.type === "handshake:error:protocol"); attempt++) {
      if (attempt > 5) throw new Error(`no libzmq peer of ${attempt - 1} sent its READY: ${types(events).join(", ")}`);
      const before = ended();
      const peer = new zmq.Pull({ linger: 0 });
      try {
        peer.connect(pull.lastEndpoint!);
        await waitUntil(() => ended() > before, "the refused handshake's end");
      } finally {
        peer.close();
      }
    }
    const failure = events.find((e) => e.type === "handshake:error:protocol")!;
    expect(failure.error).toMatchObject({ code: "ERR_ZMTP_INVALID_METADATA" });
  });

  it("handshake:error:auth for an ERROR carrying a ZAP status code, with the status", async () => {
    const pull = track(new Pull());
    const events = record(pull);
    await pull.bind("tcp://127.0.0.1:0");
    const peer = await raw.dial(pull.lastEndpoint!);
    peer.write(greetingBytes());
    peer.write(commandFrame("ERROR", bytes(3, "400")));
    const failure = await until(events, "handshake:error:auth");
    expect(failure.error).toBeInstanceOf(AuthError);
    expect(failure.error).toMatchObject({ status: 400, code: "EACCES" });
  });

  it("handshake:error:other for a handshake that times out (ETIMEDOUT) or an ERROR without a status", async () => {
    const pull = track(new Pull({ handshakeInterval: 100 }));
    const events = record(pull);
    await pull.bind("tcp://127.0.0.1:0");
    const slow = await raw.dial(pull.lastEndpoint!);
    slow.write(greetingBytes());
    const timeout = await until(events, "handshake:error:other");
    expect(timeout.error).toBeInstanceOf(HandshakeError);
    expect(timeout.error).toMatchObject({ code: "ETIMEDOUT" });

    const refusing = await raw.dial(pull.lastEndpoint!);
    refusing.write(greetingBytes());
    refusing.write(commandFrame("ERROR", bytes(4, "nope")));
    await waitUntil(() => events.filter((e) => e.type === "handshake:error:other").length === 2, "the second failure");
    const refusal = events.filter((e) => e.type === "handshake:error:other")[1]!;
    expect(refusal.error).toMatchObject({ code: "ECONNREFUSED" });
    expect(refusal.error?.message).toContain("nope");
  });

  it("a peer that leaves mid-handshake: handshake:error:other (ECONNRESET), then disconnect", async () => {
    const pull = track(new Pull());
    const events = record(pull);
    await pull.bind("tcp://127.0.0.1:0");
    const peer = await raw.dial(pull.lastEndpoint!);
    peer.write(greetingBytes().subarray(0, 20));
    await until(events, "accept");
    peer.socket.destroy();
    const failure = await until(events, "handshake:error:other");
    expect(failure.error).toMatchObject({ code: "ECONNRESET" });
    await until(events, "disconnect");
  });
});
