import { afterEach, describe, expect, it } from "vitest";
import { Dealer, Pair, Pull, Push, Reply, Request, Router, Stream, type Socket } from "../../src/index.js";

const open: Socket[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.closeAndWait()));
});

/** Keeps track of sockets so that every test closes what it opened. */
function track<T extends Socket>(socket: T): T {
  open.push(socket);
  return socket;
}

let counter = 0;
function name(): string {
  return `inproc://test-${process.pid}-${++counter}`;
}

/** Whether a promise has settled once every pending callback has run (inproc hand-over is synchronous). */
async function isSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  const mark = (): void => {
    settled = true;
  };
  promise.then(mark, mark);
  await new Promise((resolve) => setImmediate(resolve));
  return settled;
}

const strings = (message: Buffer[]): string[] => message.map(String);

type Order = "bind first" | "connect first";

/** Binds one socket and connects the other, in the given order. */
async function join(binder: Socket, connector: Socket, order: Order): Promise<void> {
  const endpoint = name();
  if (order === "connect first") connector.connect(endpoint);
  await binder.bind(endpoint);
  if (order === "bind first") connector.connect(endpoint);
}

describe("inproc: bind and connect in either order", () => {
  for (const order of ["bind first", "connect first"] as const) {
    it(`PUSH/PULL, ${order}`, async () => {
      const endpoint = name();
      const push = track(new Push());
      const pull = track(new Pull({ receiveTimeout: 2000 }));
      if (order === "bind first") {
        await pull.bind(endpoint);
        push.connect(endpoint);
      } else {
        push.connect(endpoint);
        await push.send("queued before the bind");
        await pull.bind(endpoint);
      }
      await push.send(["a", "b"]);
      if (order === "connect first") expect(strings(await pull.receive())).toEqual(["queued before the bind"]);
      expect(strings(await pull.receive())).toEqual(["a", "b"]);
    });

    it(`PAIR, ${order}`, async () => {
      const a = track(new Pair({ receiveTimeout: 2000 }));
      const b = track(new Pair({ receiveTimeout: 2000 }));
      await join(a, b, order);
      await a.send("ping");
      expect(strings(await b.receive())).toEqual(["ping"]);
      await b.send("pong");
      expect(strings(await a.receive())).toEqual(["pong"]);
    });

    it(`DEALER/ROUTER with routingId, ${order}`, async () => {
      const router = track(new Router({ receiveTimeout: 2000, routingId: "the-router" }));
      const dealer = track(new Dealer({ receiveTimeout: 2000, routingId: "dealer-1" }));
      await join(router, dealer, order);
      await dealer.send("hello");
      const [id, body] = await router.receive();
      expect(String(id)).toBe("dealer-1");
      expect(String(body)).toBe("hello");
      await router.send(["dealer-1", "world"]);
      expect(strings(await dealer.receive())).toEqual(["world"]);
    });
  }

  it("REQ/REP round trip", async () => {
    const rep = track(new Reply({ receiveTimeout: 2000 }));
    const req = track(new Request({ receiveTimeout: 2000 }));
    await join(rep, req, "bind first");
    for (let i = 0; i < 3; i++) {
      await req.send(`question ${i}`);
      expect(strings(await rep.receive())).toEqual([`question ${i}`]);
      await rep.send(`answer ${i}`);
      expect(strings(await req.receive())).toEqual([`answer ${i}`]);
    }
  });

  it("a ROUTER connecting to a ROUTER knows it by its routingId", async () => {
    const server = track(new Router({ receiveTimeout: 2000, routingId: "server" }));
    const client = track(new Router({ receiveTimeout: 2000, routingId: "client" }));
    await join(server, client, "bind first");
    await client.send(["server", "hi"]);
    expect(strings(await server.receive())).toEqual(["client", "hi"]);
  });
});

describe("inproc: hand-over without copy", () => {
  it("the receiver gets the very Buffer objects that were sent, both ways", async () => {
    const a = track(new Pair({ receiveTimeout: 2000 }));
    const b = track(new Pair({ receiveTimeout: 2000 }));
    await join(a, b, "bind first");
    const frames = [Buffer.from("one"), Buffer.from("two")];
    await a.send(frames);
    const received = await b.receive();
    expect(received[0]).toBe(frames[0]);
    expect(received[1]).toBe(frames[1]);
    const back = Buffer.from("back");
    await b.send(back);
    expect((await a.receive())[0]).toBe(back);
  });
});

describe("inproc: high-water marks are summed", () => {
  it("sendHighWaterMark 2 + receiveHighWaterMark 2: four queue, the fifth waits for the reader", async () => {
    const pull = track(new Pull({ receiveHighWaterMark: 2, receiveTimeout: 2000 }));
    const push = track(new Push({ sendHighWaterMark: 2, sendTimeout: 2000 }));
    await join(pull, push, "bind first");
    for (let i = 0; i < 4; i++) await push.send(String(i));
    const fifth = push.send("4");
    expect(await isSettled(fifth)).toBe(false);
    const received: string[] = [];
    while (!(await isSettled(fifth))) received.push(String((await pull.receive())[0]));
    await fifth;
    while (received.length < 5) received.push(String((await pull.receive())[0]));
    expect(received).toEqual(["0", "1", "2", "3", "4"]);
  });

  it("a connect before the bind queues to its own mark, then to the sum once bound", async () => {
    const endpoint = name();
    const push = track(new Push({ sendHighWaterMark: 2, sendTimeout: 2000 }));
    push.connect(endpoint);
    await push.send("0");
    await push.send("1");
    const waiting = [push.send("2"), push.send("3"), push.send("4")];
    expect(await isSettled(waiting[0]!)).toBe(false);
    const pull = track(new Pull({ receiveHighWaterMark: 2, receiveTimeout: 2000 }));
    await pull.bind(endpoint);
    await Promise.all(waiting.slice(0, 2));
    expect(await isSettled(waiting[2]!)).toBe(false);
    const received: string[] = [];
    while (received.length < 5) received.push(String((await pull.receive())[0]));
    await waiting[2];
    expect(received).toEqual(["0", "1", "2", "3", "4"]);
  });

  it("a bind after the connect: the binder's waiting sends see the summed mark at once", async () => {
    const endpoint = name();
    const pull = track(new Pull({ receiveHighWaterMark: 1, receiveTimeout: 2000 }));
    pull.connect(endpoint);
    const push = track(new Push({ sendHighWaterMark: 10, sendTimeout: 2000 }));
    // Waiting before the bind (no peer yet); once bound, 1 + 10 fit, so all five go without a read.
    const waiting = [0, 1, 2, 3, 4].map((i) => push.send(String(i)));
    await push.bind(endpoint);
    await Promise.all(waiting);
    const received: string[] = [];
    while (received.length < 5) received.push(String((await pull.receive())[0]));
    expect(received).toEqual(["0", "1", "2", "3", "4"]);
  });

  it("a mark of 0 on either side means no limit", async () => {
    const pull = track(new Pull({ receiveHighWaterMark: 0, receiveTimeout: 2000 }));
    const push = track(new Push({ sendHighWaterMark: 1, sendTimeout: 0 }));
    await join(pull, push, "bind first");
    for (let i = 0; i < 100; i++) await push.send(String(i));
    expect(push.writable).toBe(true);
  });
});

describe("inproc: names", () => {
  it("a second bind to a bound name fails with EADDRINUSE", async () => {
    const endpoint = name();
    const first = track(new Pull());
    const second = track(new Pull());
    await first.bind(endpoint);
    await expect(second.bind(endpoint)).rejects.toMatchObject({ code: "EADDRINUSE" });
    await expect(first.bind(endpoint)).rejects.toMatchObject({ code: "EADDRINUSE" });
  });

  it("the name is free again after unbind", async () => {
    const endpoint = name();
    const first = track(new Pull());
    await first.bind(endpoint);
    await first.unbind(endpoint);
    const second = track(new Pull({ receiveTimeout: 2000 }));
    await second.bind(endpoint);
    const push = track(new Push());
    push.connect(endpoint);
    await push.send("to the second");
    expect(strings(await second.receive())).toEqual(["to the second"]);
  });

  it("the name is free again after close", async () => {
    const endpoint = name();
    const first = new Pull();
    await first.bind(endpoint);
    await first.closeAndWait();
    const second = track(new Pull());
    await second.bind(endpoint);
    expect(second.lastEndpoint).toBe(endpoint);
  });

  it("unbind and disconnect of unknown endpoints fail with ENOENT", async () => {
    const socket = track(new Pull());
    await expect(socket.unbind(name())).rejects.toMatchObject({ code: "ENOENT" });
    expect(() => {
      socket.disconnect(name());
    }).toThrow(expect.objectContaining({ code: "ENOENT" }));
  });

  it("Stream sockets do not speak inproc", async () => {
    const stream = track(new Stream());
    await expect(stream.bind(name())).rejects.toMatchObject({ code: "EPROTONOSUPPORT" });
    expect(() => {
      stream.connect(name());
    }).toThrow(expect.objectContaining({ code: "EPROTONOSUPPORT" }));
  });
});

describe("inproc: ending a link", () => {
  it("unbind drops the peers' pipes", async () => {
    const endpoint = name();
    const pull = track(new Pull());
    const push = track(new Push({ sendTimeout: 0 }));
    await pull.bind(endpoint);
    push.connect(endpoint);
    expect(push.writable).toBe(true);
    await pull.unbind(endpoint);
    expect(push.writable).toBe(false);
    await expect(push.send("nobody")).rejects.toMatchObject({ code: "EAGAIN" });
  });

  it("disconnect drops the pipes; what was sent before stays readable", async () => {
    const endpoint = name();
    const pull = track(new Pull({ receiveTimeout: 2000 }));
    const push = track(new Push({ sendTimeout: 0 }));
    await pull.bind(endpoint);
    push.connect(endpoint);
    await push.send("before");
    push.disconnect(endpoint);
    expect(push.writable).toBe(false);
    expect(strings(await pull.receive())).toEqual(["before"]);
    await expect(push.send("after")).rejects.toMatchObject({ code: "EAGAIN" });
  });

  it("closing a socket tells its peers; what it sent stays readable", async () => {
    const endpoint = name();
    const a = track(new Pair({ receiveTimeout: 2000, sendTimeout: 0 }));
    const b = new Pair();
    await a.bind(endpoint);
    b.connect(endpoint);
    await b.send("last words");
    await b.closeAndWait();
    expect(a.writable).toBe(false);
    expect(strings(await a.receive())).toEqual(["last words"]);
    // The PAIR is free for a new peer once the old one is drained.
    const c = track(new Pair({ receiveTimeout: 2000 }));
    c.connect(endpoint);
    await c.send("new peer");
    expect(strings(await a.receive())).toEqual(["new peer"]);
  });

  it("a PAIR refuses a second peer without harm to the first", async () => {
    const endpoint = name();
    const a = track(new Pair({ receiveTimeout: 2000 }));
    const b = track(new Pair({ receiveTimeout: 2000 }));
    const intruder = track(new Pair({ sendTimeout: 0 }));
    await a.bind(endpoint);
    b.connect(endpoint);
    intruder.connect(endpoint);
    await expect(intruder.send("x")).rejects.toMatchObject({ code: "EAGAIN" });
    await b.send("still paired");
    expect(strings(await a.receive())).toEqual(["still paired"]);
  });
});

describe("inproc: incompatible socket types never exchange messages", () => {
  it("PUSH bound, REQ connected: no pipe on either side", async () => {
    const push = track(new Push({ sendTimeout: 0 }));
    const req = track(new Request({ sendTimeout: 0 }));
    await join(push, req, "bind first");
    await expect(push.send(["", "x"])).rejects.toMatchObject({ code: "EAGAIN" });
    await expect(req.send("x")).rejects.toMatchObject({ code: "EAGAIN" });
  });

  it("PUSH bound, DEALER connected (libzmq would deliver): nothing arrives", async () => {
    const push = track(new Push({ sendTimeout: 0 }));
    const dealer = track(new Dealer({ receiveTimeout: 100 }));
    await join(push, dealer, "bind first");
    await expect(push.send("x")).rejects.toMatchObject({ code: "EAGAIN" });
    await expect(dealer.receive()).rejects.toMatchObject({ code: "EAGAIN" });
  });

  it("DEALER connected before a PULL binds: its early queue is dropped, nothing arrives", async () => {
    const endpoint = name();
    const dealer = track(new Dealer({ sendTimeout: 0 }));
    dealer.connect(endpoint);
    await dealer.send("queued early");
    const pull = track(new Pull({ receiveTimeout: 100 }));
    await pull.bind(endpoint);
    expect(dealer.writable).toBe(false);
    await expect(pull.receive()).rejects.toMatchObject({ code: "EAGAIN" });
    await expect(dealer.send("after the bind")).rejects.toMatchObject({ code: "EAGAIN" });
  });
});
