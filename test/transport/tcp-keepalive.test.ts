/**
 * ZMQ_TCP_KEEPALIVE and ZMQ_TCP_KEEPALIVE_IDLE on both ends of tcp connections (Node.js sets SO_KEEPALIVE
 * and TCP_KEEPIDLE); ZMQ_TCP_KEEPALIVE_CNT / _INTVL, which Node.js cannot set per socket, are refused with
 * ENOTSUP unless left at -1, never silently ignored.
 */
import net from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Pull, Push, ZmqError } from "../../src/index.js";
import { socketTracker } from "../helpers/socket-tracker.js";
import { waitUntil } from "../helpers/wait.js";

const track = socketTracker();

afterEach(() => {
  vi.restoreAllMocks();
});

describe("tcp keepalive options", () => {
  it("tcpKeepalive 1 with tcpKeepaliveIdle turns keepalive on, with that idle time, on dialed and accepted connections", async () => {
    const calls: [boolean | undefined, number | undefined][] = [];
    vi.spyOn(net.Socket.prototype, "setKeepAlive").mockImplementation(function (this: net.Socket, enable, delay) {
      calls.push([enable, delay]);
      return this;
    });
    const pull = track(new Pull({ tcpKeepalive: 1, tcpKeepaliveIdle: 30 }));
    await pull.bind("tcp://127.0.0.1:0");
    const push = track(new Push({ tcpKeepalive: 1, tcpKeepaliveIdle: 45 }));
    push.connect(pull.lastEndpoint!);
    await push.send("over keepalive");
    expect((await pull.receive()).map(String)).toEqual(["over keepalive"]);
    await waitUntil(() => calls.length >= 2, "both ends");
    expect(calls).toContainEqual([true, 45_000]);
    expect(calls).toContainEqual([true, 30_000]);
  });

  it("tcpKeepalive 0 turns it off; the default (-1) leaves the system's setting alone", async () => {
    const calls: (boolean | undefined)[] = [];
    vi.spyOn(net.Socket.prototype, "setKeepAlive").mockImplementation(function (this: net.Socket, enable) {
      calls.push(enable);
      return this;
    });
    const pull = track(new Pull());
    await pull.bind("tcp://127.0.0.1:0");
    const push = track(new Push({ tcpKeepalive: 0 }));
    push.connect(pull.lastEndpoint!);
    await push.send("x");
    await pull.receive();
    expect(calls).toEqual([false]);
  });

  it("checks the values: range EINVAL, and count / interval other than -1 are ENOTSUP", () => {
    const push = track(new Push());
    expect(() => (push.tcpKeepalive = 2)).toThrow(expect.objectContaining({ code: "EINVAL" }) as Error);
    expect(() => (push.tcpKeepaliveIdle = -2)).toThrow(expect.objectContaining({ code: "EINVAL" }) as Error);
    for (const name of ["tcpKeepaliveCount", "tcpKeepaliveInterval"] as const) {
      expect(push[name]).toBe(-1);
      push[name] = -1;
      let thrown: unknown;
      try {
        push[name] = 5;
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(ZmqError);
      expect(thrown).toMatchObject({ code: "ENOTSUP" });
      expect((thrown as Error).message).toMatch(/cannot be set per socket on Node\.js/);
    }
  });
});
