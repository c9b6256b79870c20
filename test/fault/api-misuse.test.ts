/**
 * Red team, API side: close() with many pending calls, close during bind/unbind, use after close, bad and
 * never-bound endpoints, double close, for-await ended by close, timeouts expiring among many pending
 * calls. Every promise settles (none hangs), errors are typed ZmqErrors, and survivors keep call order.
 */
import { describe, expect, it } from "vitest";
import { Dealer, Pull, Push, Reply, Request, Router, Subscriber, ZmqError } from "../../src/index.js";
import { socketTracker } from "../helpers/socket-tracker.js";
import { delay, settle, within } from "../helpers/wait.js";
import { useCrashGuard } from "./fault-kit.js";

const track = socketTracker();
useCrashGuard();

async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "ok";
  } catch (err) {
    expect(err).toBeInstanceOf(ZmqError);
    return (err as ZmqError).code;
  }
}

describe("close() with calls pending", () => {
  it("1,000 pending receives and 1,000 pending sends all settle with EAGAIN", async () => {
    const pull = track(new Pull());
    const push = track(new Push({ sendHighWaterMark: 1 }));
    const receives = Array.from({ length: 1000 }, () => outcome(pull.receive()));
    // No peer: a PUSH with nothing connected holds every send.
    const sends = Array.from({ length: 1000 }, (_, i) => outcome(push.send(String(i))));
    await settle();
    pull.close();
    push.close();
    const results = await within(Promise.all([...receives, ...sends]), "every pending call to settle");
    expect(new Set(results)).toEqual(new Set(["EAGAIN"]));
  });

  it("a for-await loop ends cleanly when the socket closes under it", async () => {
    const pull = track(new Pull());
    await pull.bind("tcp://127.0.0.1:0");
    const push = track(new Push());
    push.connect(pull.lastEndpoint!);
    const seen: string[] = [];
    const loop = (async () => {
      for await (const [frame] of pull) seen.push(String(frame));
      return "ended";
    })();
    for (let i = 0; i < 5; i++) await push.send(String(i));
    while (seen.length < 5) await settle(1);
    pull.close();
    expect(await within(loop, "for-await to end")).toBe("ended");
    expect(seen).toEqual(["0", "1", "2", "3", "4"]);
  });

  it("REQ closed while awaiting a reply, REP closed while owing one: both settle", async () => {
    const rep = track(new Reply());
    await rep.bind("tcp://127.0.0.1:0");
    const req = track(new Request());
    req.connect(rep.lastEndpoint!);
    await req.send("q");
    const reply = outcome(req.receive());
    await within(rep.receive(), "request");
    const next = outcome(rep.receive()); // EFSM: a reply is owed
    req.close();
    rep.close();
    expect(await within(reply, "pending reply")).toBe("EAGAIN");
    expect(await within(next, "REP receive")).toBe("EFSM");
  });
});

describe("use after close", () => {
  it("send, receive, bind, unbind, connect, disconnect: EBADF; close twice is harmless", async () => {
    const dealer = track(new Dealer());
    await dealer.bind("tcp://127.0.0.1:0");
    const endpoint = dealer.lastEndpoint!;
    await dealer.closeAndWait();
    expect(dealer.closed).toBe(true);
    expect(await outcome(dealer.send("x"))).toBe("EBADF");
    expect(await outcome(dealer.receive())).toBe("EBADF");
    expect(await outcome(dealer.bind("tcp://127.0.0.1:0"))).toBe("EBADF");
    expect(await outcome(dealer.unbind(endpoint))).toBe("EBADF");
    expect(() => { dealer.connect(endpoint); }).toThrow(expect.objectContaining({ code: "EBADF" }));
    expect(() => { dealer.disconnect(endpoint); }).toThrow(expect.objectContaining({ code: "EBADF" }));
    await within(dealer.closeAndWait(), "second close");
    await within(dealer.closeAndWait(), "third close");
    // Iterating a closed socket ends at once.
    const iterator = dealer[Symbol.asyncIterator]();
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });
});

describe("bad endpoints", () => {
  const BAD_BINDS: [string, string][] = [
    ["tcp://127.0.0.1", "EINVAL"],
    ["tcp://127.0.0.1:99999", "EINVAL"],
    ["tcp://127.0.0.1:-1", "EINVAL"],
    ["tcp://:5555", "EINVAL"],
    ["tcp://::1:5555", "EINVAL"],
    ["tcp://[::1:5555", "EINVAL"],
    ["tcp://127.0.0.1;127.0.0.1:5555", "EINVAL"],
    ["tcp://host.invalid:5555", "EADDRNOTAVAIL"],
    ["tcp://192.0.2.1:5555", "EADDRNOTAVAIL"],
    // udp is for RADIO/DISH/DGRAM only (libzmq socket_base.cpp check_protocol).
    ["udp://127.0.0.1:5555", "ENOCOMPATPROTO"],
    ["pgm://eth0;239.192.1.1:5555", "EPROTONOSUPPORT"],
    ["127.0.0.1:5555", "EINVAL"],
    ["", "EINVAL"],
    ["ipc://", "EINVAL"],
    ["inproc://", "EINVAL"],
  ];
  for (const [endpoint, code] of BAD_BINDS) {
    it(`bind(${JSON.stringify(endpoint)}) rejects with ${code}, and the socket still works`, async () => {
      const pull = track(new Pull());
      const err = await pull.bind(endpoint).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ZmqError);
      expect((err as ZmqError).code).toBe(code);
      expect((err as ZmqError).message.length).toBeGreaterThan(10);
      await pull.bind("tcp://127.0.0.1:0");
      const push = track(new Push());
      push.connect(pull.lastEndpoint!);
      await push.send("alive");
      expect(String((await within(pull.receive(), "message"))[0])).toBe("alive");
    });
  }

  it("bind of a non-string endpoint rejects with EINVAL, never throws synchronously", async () => {
    const pull = track(new Pull());
    for (const bad of [undefined, null, 42, {}, ["tcp://127.0.0.1:0"]]) {
      let promise: Promise<void> | undefined;
      expect(() => (promise = pull.bind(bad as string))).not.toThrow();
      expect(await outcome(promise!)).toBe("EINVAL");
    }
  });

  it("connect to bad endpoints throws a typed error at once", () => {
    const push = track(new Push());
    for (const [endpoint, code] of [
      ["tcp://127.0.0.1", "EINVAL"],
      ["tcp://127.0.0.1:0", "EINVAL"],
      ["tcp://*:5555", "EINVAL"],
      ["udp://127.0.0.1:5555", "ENOCOMPATPROTO"],
      ["nonsense", "EINVAL"],
      ["ipc://*", "EINVAL"],
    ] as const) {
      expect(() => { push.connect(endpoint); }, endpoint).toThrow(expect.objectContaining({ code }));
    }
  });

  it("connect to a host that does not resolve, or a port nobody listens on: retries quietly, no crash", async () => {
    const push = track(new Push({ reconnectInterval: 5, linger: 0 }));
    push.connect("tcp://host.invalid:5555");
    push.connect("tcp://127.0.0.1:1");
    push.connect("ipc:///nonexistent-dir-zmtp-fault/socket");
    await delay(100);
    push.disconnect("tcp://host.invalid:5555");
    push.disconnect("tcp://127.0.0.1:1");
  });

  it("unbind and disconnect of endpoints never bound or connected: ENOENT; bad ones: EINVAL", async () => {
    const sub = track(new Subscriber());
    await sub.bind("tcp://127.0.0.1:0");
    expect(await outcome(sub.unbind("tcp://127.0.0.1:1"))).toBe("ENOENT");
    expect(await outcome(sub.unbind("ipc:///nowhere/at/all"))).toBe("ENOENT");
    expect(await outcome(sub.unbind("tcp://127.0.0.1:0"))).toBe("ENOENT");
    expect(await outcome(sub.unbind("garbage"))).toBe("EINVAL");
    expect(() => { sub.disconnect("tcp://127.0.0.1:1"); }).toThrow(expect.objectContaining({ code: "ENOENT" }));
    expect(() => { sub.disconnect("garbage"); }).toThrow(expect.objectContaining({ code: "EINVAL" }));
    // Unbinding twice: the second is ENOENT.
    const endpoint = sub.lastEndpoint!;
    expect(await outcome(sub.unbind(endpoint))).toBe("ok");
    expect(await outcome(sub.unbind(endpoint))).toBe("ENOENT");
  });

  it("binding an endpoint in use: EADDRINUSE, from this socket or another", async () => {
    const a = track(new Router());
    await a.bind("tcp://127.0.0.1:0");
    const endpoint = a.lastEndpoint!;
    expect(await outcome(a.bind(endpoint))).toBe("EADDRINUSE");
    const b = track(new Router());
    expect(await outcome(b.bind(endpoint))).toBe("EADDRINUSE");
    await b.bind("tcp://127.0.0.1:0");
  });

  it("close() during unbind(), and unbind() racing itself: everything settles", async () => {
    const pull = track(new Pull());
    await pull.bind("tcp://127.0.0.1:0");
    const endpoint = pull.lastEndpoint!;
    const first = outcome(pull.unbind(endpoint));
    const second = outcome(pull.unbind(endpoint));
    const closing = pull.closeAndWait();
    expect(await within(first, "first unbind")).toBe("ok");
    expect(await within(second, "second unbind")).toBe("ENOENT");
    await within(closing, "close");
  });
});

describe("timeouts among many pending calls", () => {
  it("receives with and without receiveTimeout interleaved: the timed ones fail, the rest get messages in call order", async () => {
    const pull = track(new Pull());
    await pull.bind("tcp://127.0.0.1:0");
    const push = track(new Push());
    push.connect(pull.lastEndpoint!);
    const calls: Promise<string>[] = [];
    for (let i = 0; i < 200; i++) {
      pull.receiveTimeout = i % 3 === 0 ? 20 + (i % 7) : -1;
      calls.push(pull.receive().then((m) => String(m[0]), (e: unknown) => (e instanceof ZmqError ? e.code : String(e))));
    }
    pull.receiveTimeout = -1;
    await delay(80);
    const waiting = 200 - Math.ceil(200 / 3);
    for (let i = 0; i < waiting; i++) await push.send(`m${i}`);
    const results = await within(Promise.all(calls), "every receive");
    let next = 0;
    results.forEach((result, i) => {
      if (i % 3 === 0) expect(result, `call ${i}`).toBe("EAGAIN");
      else expect(result, `call ${i}`).toBe(`m${next++}`);
    });
  });

  it("sends with and without sendTimeout interleaved at the mark: the timed ones fail, the rest go out in order", async () => {
    const push = track(new Push({ sendHighWaterMark: 1 }));
    const calls: Promise<string>[] = [];
    for (let i = 0; i < 100; i++) {
      push.sendTimeout = i % 4 === 1 ? 15 : -1;
      calls.push(push.send(`s${i}`).then(() => "ok", (e: unknown) => (e instanceof ZmqError ? e.code : String(e))));
    }
    push.sendTimeout = -1;
    await delay(60);
    const pull = track(new Pull());
    await pull.bind("tcp://127.0.0.1:0");
    push.connect(pull.lastEndpoint!);
    const results = await within(Promise.all(calls), "every send");
    results.forEach((result, i) => { expect(result, `send ${i}`).toBe(i % 4 === 1 ? "EAGAIN" : "ok"); });
    const expected = Array.from({ length: 100 }, (_, i) => i).filter((i) => i % 4 !== 1).map((i) => `s${i}`);
    const got: string[] = [];
    while (got.length < expected.length) got.push(String((await within(pull.receive(), "message"))[0]));
    expect(got).toEqual(expected);
  });

  it("receiveTimeout 0 and sendTimeout 0 fail at once with EAGAIN while other calls wait", async () => {
    const pull = track(new Pull());
    const waiting = pull.receive();
    pull.receiveTimeout = 0;
    expect(await outcome(pull.receive())).toBe("EAGAIN");
    pull.receiveTimeout = -1;
    const push = track(new Push({ sendHighWaterMark: 1 }));
    const held = push.send("held");
    push.sendTimeout = 0;
    expect(await outcome(push.send("now"))).toBe("EAGAIN");
    pull.close();
    push.close();
    expect(await outcome(waiting)).toBe("EAGAIN");
    expect(await outcome(held)).toBe("EAGAIN");
  });

  it("REQ: a send that times out rolls the state back, the next send is allowed", async () => {
    const req = track(new Request({ sendTimeout: 10 }));
    expect(await outcome(req.send("lost"))).toBe("EAGAIN");
    expect(await outcome(req.send("again"))).toBe("EAGAIN");
    req.receiveTimeout = 0;
    expect(await outcome(req.receive())).toBe("EFSM");
  });
});

describe("bad messages from the application", () => {
  it("empty, malformed and odd messages are typed errors, the socket keeps working", async () => {
    const router = track(new Router());
    await router.bind("tcp://127.0.0.1:0");
    const dealer = track(new Dealer({ routingId: "d" }));
    dealer.connect(router.lastEndpoint!);
    expect(await outcome(dealer.send([]))).toBe("EINVAL");
    expect(await outcome(router.send("only an id"))).toBe("EINVAL");
    expect(await outcome(router.send(["nobody", "x"]))).toBe("ok"); // unknown id: dropped, as libzmq
    router.mandatory = true;
    expect(await outcome(router.send(["nobody", "x"]))).toBe("EHOSTUNREACH");
    router.mandatory = false;
    for (const [label, bad] of [["undefined", undefined], ["{a:1}", { a: 1 }], ["[undefined]", [undefined]], ["[symbol]", [Symbol("x")]], ["symbol", Symbol("y")]] as const) {
      const r = await dealer.send(bad as unknown as string).then(
        () => "ok",
        (e: unknown) => (e instanceof ZmqError ? e.code : e instanceof TypeError ? "TypeError" : String(e)),
      );
      expect(["EINVAL", "TypeError"], `send(${label}) gave ${r}`).toContain(r);
    }
    // null and numbers are frames in zeromq.js: an empty frame and the number's text.
    await dealer.send(["", null, 42]);
    expect((await within(router.receive(), "null and number frames")).map(String)).toEqual(["d", "", "", "42"]);
    const sub = track(new Subscriber()) as unknown as { send?: unknown };
    expect(sub.send).toBeUndefined();
    await dealer.send(["", "fine"]);
    expect((await within(router.receive(), "message")).map(String)).toEqual(["d", "", "fine"]);
  });
});
