/**
 * The Observer (zeromq.js v6's `socket.events` / `new Observer(socket)`): a faithful view of the socket's
 * monitor events, read with receive() / for await, or handed to listeners with on() / off().
 */
import { describe, expect, it } from "vitest";
import * as zmq from "zeromq";
import { Observer, Pull, Push, ZmqError, type Event } from "../../src/index.js";
import { bytes } from "../helpers/bytes.js";
import { socketTracker } from "../helpers/socket-tracker.js";
import { waitUntil, within } from "../helpers/wait.js";
import { commandFrame, greetingBytes } from "../helpers/wire.js";
import { useRawPeers } from "../spec/raw-peer.js";

const track = socketTracker();
const raw = useRawPeers();

describe("Observer", () => {
  it("socket.events is one Observer per socket; new Observer(socket) is another view", () => {
    const pull = track(new Pull());
    expect(pull.events).toBeInstanceOf(Observer);
    expect(pull.events).toBe(pull.events);
    const second = new Observer(pull);
    expect(second).not.toBe(pull.events);
    second.close();
    expect(second.closed).toBe(true);
  });

  it("receive() and for await give the events in order, against a libzmq peer; iteration ends with end", async () => {
    const pull = track(new Pull());
    const events = pull.events;
    await pull.bind("tcp://127.0.0.1:0");
    const address = pull.lastEndpoint!;
    const peer = new zmq.Push({ linger: 0 });
    peer.connect(address);
    const seen: Event[] = [];
    expect(await within(events.receive(), "bind")).toEqual({ type: "bind", address });
    expect((await within(events.receive(), "accept")).type).toBe("accept");
    expect((await within(events.receive(), "handshake")).type).toBe("handshake");
    peer.close();
    const iterating = (async () => {
      for await (const event of events) seen.push(event);
    })();
    await waitUntil(() => seen.some((e) => e.type === "disconnect"), "the disconnect");
    void pull.closeAndWait();
    await within(iterating, "iteration to end");
    expect(seen.map((e) => e.type)).toEqual(["disconnect", "close", "end"]);
    expect(events.closed).toBe(true);
    await expect(events.receive()).rejects.toMatchObject({ code: "EBADF" });
  });

  it("on() hands each event to its listeners (event emitter mode); off() removes one; receive() is then refused", async () => {
    const push = track(new Push({ reconnectInterval: 30 }));
    const retries: Event[] = [];
    const delays: Event[] = [];
    const onRetry = (event: Event): void => {
      retries.push(event);
    };
    push.events.on("connect:retry", onRetry).on("connect:delay", (event) => delays.push(event));
    await expect(push.events.receive()).rejects.toBeInstanceOf(ZmqError);
    const probe = track(new Pull());
    await probe.bind("tcp://127.0.0.1:0");
    const dead = probe.lastEndpoint!;
    await probe.closeAndWait();
    push.connect(dead);
    await waitUntil(() => retries.length >= 2, "two retries");
    expect(retries[0]).toEqual({ type: "connect:retry", address: dead, interval: 30 });
    expect(delays.length).toBeGreaterThanOrEqual(1);
    push.events.off("connect:retry", onRetry);
    const count = retries.length;
    await waitUntil(() => delays.length >= count + 2, "more attempts");
    expect(retries.length).toBe(count);
  });

  it("reports handshake failures from hostile peers with typed errors", async () => {
    const pull = track(new Pull());
    const failures: Event[] = [];
    pull.events.on("handshake:error:protocol", (e) => failures.push(e));
    pull.events.on("handshake:error:auth", (e) => failures.push(e));
    await pull.bind("tcp://127.0.0.1:0");
    (await raw.dial(pull.lastEndpoint!)).write(greetingBytes({ mechanism: "CURVE" }));
    const refusing = await raw.dial(pull.lastEndpoint!);
    refusing.write(greetingBytes());
    refusing.write(commandFrame("ERROR", bytes(3, "500")));
    await waitUntil(() => failures.length === 2, "both failures");
    const byType = new Map(failures.map((e) => [e.type, e.error]));
    expect(byType.get("handshake:error:protocol")).toMatchObject({ code: "ERR_ZMTP_MECHANISM_MISMATCH" });
    expect(byType.get("handshake:error:auth")).toMatchObject({ status: 500 });
  });

  it("refuses an unknown event type, a listener that is not a function, and a non-socket", () => {
    const pull = track(new Pull());
    expect(() => pull.events.on("bnid" as "bind", () => undefined)).toThrow(/Unknown event type: bnid/);
    expect(() => pull.events.on("bind", "nope" as unknown as () => void)).toThrow(TypeError);
    expect(() => {
      Reflect.construct(Observer, [{}]);
    }).toThrow(TypeError);
    pull.events.on("unknown", () => undefined);
  });

  it("a listener that throws does not break the socket", async () => {
    const pull = track(new Pull());
    pull.events.on("bind", () => {
      throw new Error("listener bug");
    });
    const uncaught: unknown[] = [];
    const onUncaught = (err: unknown): void => {
      uncaught.push(err);
    };
    process.on("uncaughtException", onUncaught);
    try {
      await pull.bind("tcp://127.0.0.1:0");
      await waitUntil(() => uncaught.length === 1, "the listener's error, rethrown on its own");
      expect((uncaught[0] as Error).message).toBe("listener bug");
      expect(pull.lastEndpoint).toMatch(/^tcp:/);
    } finally {
      process.off("uncaughtException", onUncaught);
    }
  });
});
