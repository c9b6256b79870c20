/**
 * zeromq.js's `Context`, `context`, `version` and `capability`: the same option names, defaults and checks as
 * zeromq.js over libzmq 4.3.5 (read off the `zeromq` devDependency here), and what each option does in zmtp.
 */
import { describe, expect, it } from "vitest";
import * as zmq from "zeromq";
import { capability, Context, context, Pull, Push, version, ZmqError } from "../../src/index.js";
import { errorCode, thrownBy } from "../helpers/errors.js";
import { socketTracker } from "../helpers/socket-tracker.js";

const track = socketTracker();

const OPTIONS = ["blocky", "ioThreads", "maxMessageSize", "maxSockets", "ipv6", "maxSocketsLimit"] as const;

describe("Context", () => {
  it("has zeromq.js's option names and libzmq's defaults", () => {
    const ours = new Context();
    const theirs = new zmq.Context();
    for (const name of OPTIONS) expect([name, ours[name]]).toEqual([name, theirs[name]]);
    expect(context).toBeInstanceOf(Context);
    for (const name of OPTIONS) expect([name, context[name]]).toEqual([name, zmq.context[name]]);
  });

  it("checks options as zeromq.js does: unknown names TypeError, out of range EINVAL, wrong types TypeError", () => {
    expect(thrownBy(() => new Context({ foo: 1 } as never))).toBeInstanceOf(TypeError);
    expect(errorCode(thrownBy(() => new Context({ ioThreads: -1 })))).toBe("EINVAL");
    expect(errorCode(thrownBy(() => new Context({ maxSockets: 0 })))).toBe("EINVAL");
    expect(thrownBy(() => new Context({ blocky: 1 as never }))).toBeInstanceOf(TypeError);
    const ctx = new Context({ ioThreads: 4, threadPriority: 10, threadSchedulingPolicy: 1 });
    expect([ctx.ioThreads, ctx.threadPriority, ctx.threadSchedulingPolicy]).toEqual([4, 10, 1]);
    expect(thrownBy(() => ((ctx as unknown as Record<string, number>).maxSocketsLimit = 3))).toBeInstanceOf(TypeError);
  });

  it("a socket's context is the one it was made with, else the shared `context`; anything else is a TypeError", () => {
    const ctx = new Context();
    expect(track(new Push({ context: ctx })).context).toBe(ctx);
    expect(track(new Push()).context).toBe(context);
    expect(thrownBy(() => new Push({ context: {} as never }))).toBeInstanceOf(TypeError);
  });

  it("blocky false gives new sockets linger 0, ipv6 gives them ipv6, as libzmq copies both into a new socket", () => {
    const ctx = new Context({ blocky: false, ipv6: true });
    const push = track(new Push({ context: ctx }));
    expect([push.linger, push.ipv6]).toEqual([0, true]);
    // Socket options given with the context still win.
    const pull = track(new Pull({ context: ctx, linger: 50, ipv6: false }));
    expect([pull.linger, pull.ipv6]).toEqual([50, false]);
    // zeromq.js over libzmq does the same.
    const native = new zmq.Push({ context: new zmq.Context({ blocky: false, ipv6: true }) });
    expect([native.linger, native.ipv6]).toEqual([0, true]);
    native.close();
  });

  it("maxSockets bounds the open sockets (EMFILE beyond, as libzmq); closing one makes room", () => {
    const ctx = new Context({ maxSockets: 2 });
    const first = track(new Push({ context: ctx }));
    track(new Pull({ context: ctx }));
    const err = thrownBy(() => new Push({ context: ctx }));
    expect(err).toBeInstanceOf(ZmqError);
    expect(errorCode(err)).toBe("EMFILE");
    first.close();
    expect(track(new Push({ context: ctx })).context).toBe(ctx);
  });
});

describe("version and capability", () => {
  it("version is the libzmq release zmtp follows, the one zeromq.js reports here", () => {
    expect(version).toBe("4.3.5");
    expect(version).toBe(zmq.version);
  });

  it("capability is true exactly for what works in this build", () => {
    expect(capability).toEqual({
      ipc: process.platform !== "win32",
      pgm: false,
      tipc: false,
      norm: false,
      curve: true,
      gssapi: false,
      draft: false,
    });
    expect(Object.isFrozen(capability)).toBe(true);
  });
});
