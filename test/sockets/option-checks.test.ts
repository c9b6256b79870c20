/**
 * Options set as properties are checked exactly as the constructor checks them (issue 14 item 3): a wrong
 * type is a TypeError, a value outside libzmq's range is EINVAL, and sockets are not extensible, so a
 * misspelt option throws instead of being silently ignored.
 */
import { describe, expect, it } from "vitest";
import { Dealer, Publisher, Pull, Push, Request, Router, Stream, Subscriber, XPublisher, ZmqError } from "../../src/index.js";
import { socketTracker } from "../helpers/socket-tracker.js";

const track = socketTracker();

/** Sets `name` to `value` on the socket, as user code would, through an untyped view. */
function assign(socket: object, name: string, value: unknown): void {
  (socket as Record<string, unknown>)[name] = value;
}

function einval(fn: () => unknown): void {
  let thrown: unknown;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(ZmqError);
  expect(thrown).toMatchObject({ code: "EINVAL" });
}

describe("option properties are checked on assignment", () => {
  it("a string where a number belongs is a TypeError (`linger = \"0\"` from an env var)", () => {
    const push = track(new Push());
    expect(() => {
      assign(push, "linger", "0");
    }).toThrow(/must be a number: linger/);
    expect(push.linger).toBe(-1);
    expect(() => {
      assign(push, "immediate", 1);
    }).toThrow(/must be a boolean: immediate/);
  });

  it("values outside libzmq's ranges are EINVAL, and the option keeps its value", () => {
    const push = track(new Push());
    einval(() => (push.sendHighWaterMark = -5));
    einval(() => (push.receiveHighWaterMark = -1));
    einval(() => (push.linger = -2));
    einval(() => (push.sendTimeout = -2));
    einval(() => (push.reconnectInterval = -2));
    einval(() => (push.reconnectMaxInterval = -1));
    einval(() => (push.handshakeInterval = -1));
    einval(() => (push.backlog = -1));
    einval(() => (push.maxMessageSize = -2));
    einval(() => (push.sendHighWaterMark = 1.5));
    einval(() => (push.linger = Number.NaN));
    einval(() => (push.sendHighWaterMark = 2 ** 31));
    expect(push.sendHighWaterMark).toBe(1000);
  });

  it("the edges of each range are accepted", () => {
    const push = track(new Push());
    push.linger = -1;
    push.sendTimeout = -1;
    push.reconnectInterval = -1;
    push.sendHighWaterMark = 0;
    push.maxMessageSize = -1;
    push.maxMessageSize = 2 ** 40;
    push.sendHighWaterMark = 2 ** 31 - 1;
    expect([push.linger, push.sendTimeout, push.reconnectInterval, push.maxMessageSize, push.sendHighWaterMark]).toEqual([
      -1,
      -1,
      -1,
      2 ** 40,
      2 ** 31 - 1,
    ]);
  });

  it("routingId must be a string of 1–255 bytes not starting with a zero byte, or null", () => {
    const dealer = track(new Dealer());
    expect(() => {
      assign(dealer, "routingId", 42);
    }).toThrow(TypeError);
    einval(() => (dealer.routingId = ""));
    einval(() => (dealer.routingId = "\u0000abc"));
    einval(() => (dealer.routingId = "x".repeat(256)));
    dealer.routingId = "worker-1";
    dealer.routingId = null;
    expect(dealer.routingId).toBeNull();
  });

  it("per-type options are checked too", () => {
    expect(() => {
      assign(track(new Request()), "relaxed", "yes");
    }).toThrow(TypeError);
    expect(() => {
      assign(track(new Router()), "mandatory", 1);
    }).toThrow(TypeError);
    expect(() => {
      assign(track(new XPublisher()), "verbosity", "all");
    }).toThrow(TypeError);
    expect(() => {
      assign(track(new XPublisher()), "welcomeMessage", 5);
    }).toThrow(TypeError);
    expect(() => {
      assign(track(new Publisher()), "noDrop", "true");
    }).toThrow(TypeError);
    expect(() => {
      assign(track(new Stream()), "notify", 0);
    }).toThrow(TypeError);
    const xpub = track(new XPublisher());
    xpub.verbosity = "allSubsUnsubs";
    xpub.welcomeMessage = Buffer.from("hi");
    expect([xpub.verbosity, xpub.welcomeMessage.toString()]).toEqual(["allSubsUnsubs", "hi"]);
  });

  it("read-only properties cannot be set", () => {
    const push = track(new Push());
    expect(() => {
      assign(push, "type", 3);
    }).toThrow(TypeError);
    expect(() => {
      assign(track(new Router()), "conflate", true);
    }).toThrow(TypeError);
    const pull = track(new Pull());
    pull.conflate = true;
    expect(pull.conflate).toBe(true);
  });

  it("sockets are not extensible: a misspelt option throws instead of being ignored", () => {
    const pull = track(new Pull());
    expect(Object.isExtensible(pull)).toBe(false);
    expect(() => {
      assign(pull, "receiveTimout", 200);
    }).toThrow(TypeError);
    expect("receiveTimout" in pull).toBe(false);
    const sub = track(new Subscriber());
    expect(() => {
      assign(sub, "subscription", "a");
    }).toThrow(TypeError);
  });

  it("heartbeat options: libzmq's ranges (timeout -1 is only the default; TTL fits 65535 deciseconds)", () => {
    const dealer = track(new Dealer());
    expect([dealer.heartbeatInterval, dealer.heartbeatTimeout, dealer.heartbeatTimeToLive]).toEqual([0, -1, 0]);
    einval(() => (dealer.heartbeatInterval = -1));
    einval(() => (dealer.heartbeatTimeout = -1));
    einval(() => (dealer.heartbeatTimeToLive = -1));
    einval(() => (dealer.heartbeatTimeToLive = 6_553_600));
    dealer.heartbeatInterval = 0;
    dealer.heartbeatTimeout = 0;
    dealer.heartbeatTimeToLive = 6_553_599;
    expect([dealer.heartbeatInterval, dealer.heartbeatTimeout, dealer.heartbeatTimeToLive]).toEqual([0, 0, 6_553_599]);
  });
});

describe("constructor arguments are checked", () => {
  it("a non-object options argument is a TypeError naming what it got", () => {
    const make = Push as unknown as new (options: unknown) => Push;
    expect(() => track(new make(null))).toThrow(/must be an object, not null/);
    expect(() => track(new make(42))).toThrow(/must be an object, not number/);
    expect(() => track(new make("linger=0"))).toThrow(/must be an object, not string/);
    expect(() => track(new make([]))).toThrow(/must be an object, not an array/);
    expect(() => track(new make(undefined))).not.toThrow();
  });

  it("option values in the constructor go through the same checks", () => {
    const make = Push as unknown as new (options: object) => Push;
    expect(() => track(new make({ routingId: 42 }))).toThrow(TypeError);
    expect(() => track(new make({ linger: "0" }))).toThrow(TypeError);
    einval(() => track(new make({ sendHighWaterMark: -5 })));
    expect(track(new Push({ sendHighWaterMark: 5, linger: 0 })).sendHighWaterMark).toBe(5);
  });
});

describe("socket buffer sizes", () => {
  it("sendBufferSize / receiveBufferSize: -1 (the system's default) only; Node.js cannot set SO_SNDBUF / SO_RCVBUF per socket, so others are ENOTSUP, never ignored", () => {
    const push = track(new Push({ sendBufferSize: -1, receiveBufferSize: -1 }));
    for (const name of ["sendBufferSize", "receiveBufferSize"]) {
      expect((push as unknown as Record<string, number>)[name]).toBe(-1);
      let thrown: unknown;
      try {
        assign(push, name, 65536);
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(ZmqError);
      expect(thrown).toMatchObject({ code: "ENOTSUP" });
      einval(() => {
        assign(push, name, -2);
      });
    }
  });
});
