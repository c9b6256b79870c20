/**
 * Proxy's life as zeromq.js v6 gives it (its tests proxy-construction, proxy-run and proxy-terminate, mirrored
 * here): argument checks, run() preconditions, pause/resume/terminate only while running, the sockets closed
 * when run() resolves; and what zmtp adds or decides: run() twice, a side closed by the user, timeouts, a
 * failing send, and pause keeping messages queued in the socket.
 */
import { describe, expect, it } from "vitest";
import { Dealer, Proxy, Publisher, Pull, Push, Reply, Request, Router, Subscriber, ZmqError } from "../../src/index.js";
import { socketTracker } from "../helpers/socket-tracker.js";
import { frameTexts } from "../helpers/text.js";
import { delay, waitUntil, within } from "../helpers/wait.js";
import { useIpcDir, WAIT_MS } from "../interop/helpers.js";
import { bindEndpoint, PROTOS, useProxies } from "./proxy-helpers.js";

const track = socketTracker();
const start = useProxies();
const ipcPath = useIpcDir();

/** What a call threw, or what a promise rejected with. */
async function failure(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  throw new Error("expected a failure, but the call succeeded");
}

/** pause(), resume() and terminate() of `proxy`, each as a call. */
function controls(proxy: Proxy): (() => void)[] {
  return [
    () => {
      proxy.pause();
    },
    () => {
      proxy.resume();
    },
    () => {
      proxy.terminate();
    },
  ];
}

/** A Pull → Push streamer proxy over inproc, with a producer and a consumer connected. */
async function streamer(): Promise<{ proxy: Proxy<Pull, Push>; producer: Push; consumer: Pull }> {
  const proxy = new Proxy(track(new Pull()), track(new Push()));
  await proxy.frontEnd.bind(bindEndpoint("inproc", ipcPath));
  await proxy.backEnd.bind(bindEndpoint("inproc", ipcPath));
  const producer = track(new Push());
  const consumer = track(new Pull({ receiveTimeout: WAIT_MS }));
  producer.connect(proxy.frontEnd.lastEndpoint!);
  consumer.connect(proxy.backEnd.lastEndpoint!);
  return { proxy, producer, consumer };
}

describe("construction (zeromq.js proxy-construction)", () => {
  it("cannot be called as a function", () => {
    expect(() => {
      (Proxy as unknown as () => void)();
    }).toThrow(TypeError);
  });

  it("needs two sockets: TypeError naming the side", () => {
    const Untyped = Proxy as unknown as new (...args: unknown[]) => Proxy;
    expect(() => new Untyped()).toThrow(new TypeError("Front-end must be a socket object"));
    expect(() => new Untyped({}, {})).toThrow(new TypeError("Front-end must be a socket object"));
    expect(() => new Untyped(track(new Router()), {})).toThrow(new TypeError("Back-end must be a socket object"));
    expect(() => new Untyped(track(new Router()), "dealer")).toThrow(new TypeError("Back-end must be a socket object"));
  });

  it("takes an options object third, not a third socket (zeromq.js: 'Expected 2 arguments')", () => {
    const Untyped = Proxy as unknown as new (...args: unknown[]) => Proxy;
    const [a, b, c] = [track(new Dealer()), track(new Dealer()), track(new Dealer())];
    expect(() => new Untyped(a, b, c)).toThrow(/pass a capture socket as \{ capture \}/);
    expect(() => new Untyped(a, b, 42)).toThrow(TypeError);
    expect(() => new Untyped(a, b, { captur: c })).toThrow(new TypeError("Unknown Proxy option: captur"));
    expect(() => new Untyped(a, b, { capture: track(new Pull()) })).toThrow(/capture socket must be a socket that sends/);
    expect(() => new Untyped(a, b, { capture: {} })).toThrow(TypeError);
    expect(new Untyped(a, b, { capture: undefined })).toBeInstanceOf(Proxy);
    expect(new Untyped(a, b, { capture: c })).toBeInstanceOf(Proxy);
  });

  it("exposes the sockets it was given, typed", () => {
    const router = track(new Router());
    const dealer = track(new Dealer());
    const proxy = new Proxy(router, dealer);
    expect(proxy.frontEnd).toBe(router);
    expect(proxy.backEnd).toBe(dealer);
    // Typed as given: a Router's own members are reachable without a cast.
    expect(proxy.frontEnd.mandatory).toBe(false);
  });
});

describe.each(PROTOS)("run() over %s (zeromq.js proxy-run)", (proto) => {
  const make = (): Proxy<Router, Dealer> => new Proxy(track(new Router()), track(new Dealer()));

  it("fails with EINVAL if the front-end is not bound or connected", async () => {
    const proxy = make();
    await proxy.backEnd.bind(bindEndpoint(proto, ipcPath));
    const err = await failure(() => proxy.run());
    expect(err).toBeInstanceOf(ZmqError);
    expect(err).toMatchObject({ code: "EINVAL", errno: 22, message: "Front-end socket must be bound or connected" });
    expect(proxy.frontEnd.closed).toBe(false);
  });

  it("fails with EINVAL if the front-end is closed", async () => {
    const proxy = make();
    await proxy.frontEnd.bind(bindEndpoint(proto, ipcPath));
    await proxy.backEnd.bind(bindEndpoint(proto, ipcPath));
    proxy.frontEnd.close();
    expect(await failure(() => proxy.run())).toMatchObject({ code: "EINVAL", message: "Front-end socket must be bound or connected" });
  });

  it("fails with EINVAL if the back-end is not bound or connected", async () => {
    const proxy = make();
    await proxy.frontEnd.bind(bindEndpoint(proto, ipcPath));
    expect(await failure(() => proxy.run())).toMatchObject({ code: "EINVAL", errno: 22, message: "Back-end socket must be bound or connected" });
  });

  it("fails with EINVAL if the back-end is closed", async () => {
    const proxy = make();
    await proxy.frontEnd.bind(bindEndpoint(proto, ipcPath));
    await proxy.backEnd.bind(bindEndpoint(proto, ipcPath));
    proxy.backEnd.close();
    expect(await failure(() => proxy.run())).toMatchObject({ code: "EINVAL", message: "Back-end socket must be bound or connected" });
  });

  it("counts a connect as an endpoint too", async () => {
    const proxy = make();
    proxy.frontEnd.connect(bindEndpoint(proto, ipcPath).replace(":0", ":1"));
    await proxy.backEnd.bind(bindEndpoint(proto, ipcPath));
    const running = start(proxy);
    expect(await running.stop()).toBeUndefined();
  });
});

describe("run() (zmtp's choices)", () => {
  it("twice while running: EFSM, and the first run goes on", async () => {
    const { proxy, producer, consumer } = await streamer();
    const running = start(proxy);
    expect(await failure(() => proxy.run())).toMatchObject({ code: "EFSM", message: "Proxy is already running" });
    await producer.send("still forwarding");
    expect(frameTexts(await consumer.receive())).toEqual(["still forwarding"]);
    expect(await running.stop()).toBeUndefined();
  });

  it("after termination: EINVAL, the sockets being closed (as zeromq.js)", async () => {
    const { proxy } = await streamer();
    const running = start(proxy);
    await running.stop();
    expect(await failure(() => proxy.run())).toMatchObject({ code: "EINVAL", message: "Front-end socket must be bound or connected" });
  });

  it("between two sockets that cannot forward anything: EINVAL naming them", async () => {
    const proxy = new Proxy(track(new Push()), track(new Push()));
    await proxy.frontEnd.bind(bindEndpoint("inproc", ipcPath));
    await proxy.backEnd.bind(bindEndpoint("inproc", ipcPath));
    expect(await failure(() => proxy.run())).toMatchObject({ code: "EINVAL", message: expect.stringMatching(/between Push and Push cannot forward/) as unknown });
  });

  it("with a closed capture socket: EBADF", async () => {
    const capture = track(new Push());
    const proxy = new Proxy(track(new Pull()), track(new Push()), { capture });
    await proxy.frontEnd.bind(bindEndpoint("inproc", ipcPath));
    await proxy.backEnd.bind(bindEndpoint("inproc", ipcPath));
    capture.close();
    expect(await failure(() => proxy.run())).toMatchObject({ code: "EBADF", message: "Capture socket is closed" });
  });
});

describe.each(PROTOS)("pause/resume/terminate over %s (zeromq.js proxy-terminate)", (proto) => {
  async function bound(): Promise<Proxy<Router, Dealer>> {
    const proxy = new Proxy(track(new Router()), track(new Dealer()));
    await proxy.frontEnd.bind(bindEndpoint(proto, ipcPath));
    await proxy.backEnd.bind(bindEndpoint(proto, ipcPath));
    return proxy;
  }

  it("throw EBADF if not started yet", async () => {
    const proxy = await bound();
    for (const call of controls(proxy)) {
      const err = await failure(call);
      expect(err).toBeInstanceOf(ZmqError);
      expect(err).toMatchObject({ code: "EBADF", errno: 9, message: "Proxy is not running: call run() first" });
    }
  });

  it("throw EBADF after termination; run() resolved and both sockets are closed", async () => {
    const proxy = await bound();
    const done = proxy.run();
    proxy.terminate();
    await within(done, "run() after terminate()");
    expect(proxy.frontEnd.closed).toBe(true);
    expect(proxy.backEnd.closed).toBe(true);
    for (const call of controls(proxy)) {
      expect(await failure(call)).toMatchObject({ code: "EBADF", message: "Proxy has terminated" });
    }
  });

  it("REQ → ROUTER ↔ DEALER → REP: messages flow, also across a pause and resume (zeromq.js proxy-router-dealer)", async () => {
    const proxy = await bound();
    const running = start(proxy);
    const req = track(new Request({ receiveTimeout: WAIT_MS }));
    const rep = track(new Reply({ receiveTimeout: WAIT_MS }));
    req.connect(proxy.frontEnd.lastEndpoint!);
    rep.connect(proxy.backEnd.lastEndpoint!);
    const echo = (async () => {
      for (let i = 0; i < 4; i++) await rep.send(await rep.receive());
    })();
    const received: string[] = [];
    for (const text of ["foo", "bar", "baz", "qux"]) {
      if (received.length === 2) {
        proxy.pause();
        proxy.resume();
      }
      await req.send(text);
      received.push(...frameTexts(await req.receive()));
    }
    await echo;
    expect(received).toEqual(["foo", "bar", "baz", "qux"]);
    expect(await running.stop()).toBeUndefined();
    expect([proxy.frontEnd.closed, proxy.backEnd.closed]).toEqual([true, true]);
  });
});

describe("pause and resume", () => {
  it("a paused proxy forwards nothing: messages stay queued in the front-end; resume forwards them in order", async () => {
    const { proxy, producer, consumer } = await streamer();
    start(proxy);
    await producer.send("m0");
    expect(frameTexts(await consumer.receive())).toEqual(["m0"]);

    proxy.pause();
    proxy.pause(); // pausing twice is harmless, as libzmq's PAUSE
    for (let i = 1; i <= 5; i++) await producer.send(`m${i}`);
    // The proxy's receive that was already waiting takes m1 and holds it; m2… stay in the socket.
    await waitUntil(() => proxy.frontEnd.readable, "messages queued in the paused proxy's front-end");
    expect(proxy.statistics.backEnd.messagesOut).toBe(1);
    expect(consumer.readable).toBe(false);

    proxy.resume();
    proxy.resume(); // and resuming twice
    const got: string[] = [];
    for (let i = 1; i <= 5; i++) got.push(...frameTexts(await consumer.receive()));
    expect(got).toEqual(["m1", "m2", "m3", "m4", "m5"]);
    // The proxy counts a message out once its send() has settled, which may be after the consumer has it.
    await waitUntil(() => proxy.statistics.backEnd.messagesOut === 6, "six messages counted out");
  });

  it("terminate() while paused: run() resolves, nothing more is forwarded", async () => {
    const { proxy, producer, consumer } = await streamer();
    const running = start(proxy);
    proxy.pause();
    await producer.send("held");
    await producer.send("queued");
    await waitUntil(() => proxy.frontEnd.readable, "a message queued in the paused front-end");
    expect(await running.stop()).toBeUndefined();
    expect(proxy.statistics.backEnd.messagesOut).toBe(0);
    expect(consumer.readable).toBe(false);
  });
});

describe("how a run ends", () => {
  it("closing the front-end ends the proxy: run() resolves and the back-end is closed", async () => {
    const { proxy } = await streamer();
    const running = start(proxy);
    proxy.frontEnd.close();
    expect(await within(running.outcome, "run() after the front-end closed")).toBeUndefined();
    expect(proxy.backEnd.closed).toBe(true);
    expect(await failure(controls(proxy)[2]!)).toMatchObject({ code: "EBADF" });
  });

  it("closing the back-end ends it too", async () => {
    const { proxy } = await streamer();
    const running = start(proxy);
    proxy.backEnd.close();
    expect(await within(running.outcome, "run() after the back-end closed")).toBeUndefined();
    expect(proxy.frontEnd.closed).toBe(true);
  });

  it("a send the other side refuses ends the proxy with that error (as libzmq's proxy), sockets closed", async () => {
    // A Router needs [routing id, …body]: a one-frame message from a Pull is EINVAL there.
    const proxy = new Proxy(track(new Pull()), track(new Router()));
    await proxy.frontEnd.bind(bindEndpoint("inproc", ipcPath));
    await proxy.backEnd.bind(bindEndpoint("inproc", ipcPath));
    const producer = track(new Push());
    producer.connect(proxy.frontEnd.lastEndpoint!);
    const running = start(proxy);
    await producer.send("one frame");
    const err = await within(running.outcome, "run() to fail");
    expect(err).toBeInstanceOf(ZmqError);
    expect(err).toMatchObject({ code: "EINVAL" });
    expect([proxy.frontEnd.closed, proxy.backEnd.closed]).toEqual([true, true]);
  });

  it("the capture socket is left open", async () => {
    const capture = track(new Push());
    const proxy = new Proxy(track(new Pull()), track(new Push()), { capture });
    await proxy.frontEnd.bind(bindEndpoint("inproc", ipcPath));
    await proxy.backEnd.bind(bindEndpoint("inproc", ipcPath));
    await start(proxy).stop();
    expect(capture.closed).toBe(false);
  });

  it("a capture socket that blocks (no peer) does not keep run() from resolving after terminate()", async () => {
    const capture = track(new Push({ sendHighWaterMark: 1 }));
    capture.connect(bindEndpoint("inproc", ipcPath)); // nobody there: its queue fills and send() waits
    const proxy = new Proxy(track(new Pull()), track(new Push()), { capture });
    await proxy.frontEnd.bind(bindEndpoint("inproc", ipcPath));
    await proxy.backEnd.bind(bindEndpoint("inproc", ipcPath));
    const producer = track(new Push());
    producer.connect(proxy.frontEnd.lastEndpoint!);
    const running = start(proxy);
    for (let i = 0; i < 5; i++) await producer.send(`m${i}`);
    await waitUntil(() => proxy.statistics.frontEnd.messagesIn >= 1 && !capture.writable, "the proxy to wait on its capture socket");
    expect(proxy.statistics.backEnd.messagesOut).toBe(0);
    expect(await running.stop()).toBeUndefined();
  });

  it("the sockets' receive timeouts do not end it (libzmq's proxy polls), not even 0, nor one set while it runs", async () => {
    for (const receiveTimeout of [0, 20]) {
      const proxy = new Proxy(track(new Pull({ receiveTimeout })), track(new Push()));
      await proxy.frontEnd.bind(bindEndpoint("inproc", ipcPath));
      await proxy.backEnd.bind(bindEndpoint("inproc", ipcPath));
      const producer = track(new Push());
      const consumer = track(new Pull());
      producer.connect(proxy.frontEnd.lastEndpoint!);
      consumer.connect(proxy.backEnd.lastEndpoint!);
      const running = start(proxy);
      expect(proxy.frontEnd.receiveTimeout).toBe(-1);
      proxy.frontEnd.receiveTimeout = receiveTimeout; // set again while it runs: the proxy still waits
      await delay(60); // let a few timeouts run out
      await producer.send(`after ${receiveTimeout}`);
      expect(frameTexts(await within(consumer.receive(), "the message after the timeouts"))).toEqual([`after ${receiveTimeout}`]);
      expect(await running.stop()).toBeUndefined();
    }
  });

  it("a one-way pair forwards one way: Publisher → Subscriber ↔ Push → Pull", async () => {
    const proxy = new Proxy(track(new Subscriber()), track(new Push()));
    proxy.frontEnd.subscribe();
    await proxy.backEnd.bind(bindEndpoint("inproc", ipcPath));
    const publisher = track(new Publisher());
    await publisher.bind(bindEndpoint("inproc", ipcPath));
    proxy.frontEnd.connect(publisher.lastEndpoint!);
    const consumer = track(new Pull({ receiveTimeout: WAIT_MS }));
    consumer.connect(proxy.backEnd.lastEndpoint!);
    const running = start(proxy);
    // A publisher drops what it sends before the subscription is in: publish until something arrives.
    for (let i = 0; i < 200 && !consumer.readable; i++) {
      await publisher.send("news");
      await delay(5);
    }
    expect(frameTexts(await consumer.receive())).toEqual(["news"]);
    expect(await running.stop()).toBeUndefined();
  });
});
