/**
 * A zmtp Proxy between libzmq peers (the `zeromq` devDependency, libzmq 4.3.5): the guide's msgqueue broker
 * (libzmq REQ clients, libzmq REP workers), the XSUB ↔ XPUB forwarder (a libzmq SUB's subscription reaches
 * the libzmq PUB upstream, and messages flow down), and the PULL ↔ PUSH streamer (libzmq PUSH in, libzmq
 * PULL out); with the proxy's sockets binding, and with libzmq binding and the proxy's sockets connecting.
 */
import { afterEach, describe, expect, it } from "vitest";
import * as zmq from "zeromq";
import { Dealer, Proxy, Pull, Push, Router, XPublisher, XSubscriber } from "../../src/index.js";
import { socketTracker } from "../helpers/socket-tracker.js";
import { frameTexts, messageText } from "../helpers/text.js";
import { delay, within } from "../helpers/wait.js";
import { bindAddress, TRANSPORTS, useIpcDir, WAIT_MS } from "../interop/helpers.js";
import { useProxies } from "./proxy-helpers.js";

const track = socketTracker();
const start = useProxies();
const ipcPath = useIpcDir();

/** libzmq sockets of the test, closed (linger 0) after it. */
const natives: zmq.Socket[] = [];
afterEach(() => {
  for (const s of natives.splice(0)) {
    if (s.closed) continue;
    s.linger = 0;
    s.close();
  }
});
function native<S extends zmq.Socket>(socket: S): S {
  natives.push(socket);
  return socket;
}

/** Binds a zmtp socket and returns the endpoint to connect to. */
async function bindZmtp(socket: { bind(e: string): Promise<void>; readonly lastEndpoint: string | null }, transport: "tcp" | "ipc"): Promise<string> {
  await socket.bind(bindAddress(transport, "zmtp", ipcPath));
  return socket.lastEndpoint!;
}

/** Binds a libzmq socket and returns the endpoint to connect to. */
async function bindNative(socket: zmq.Socket, transport: "tcp" | "ipc"): Promise<string> {
  await socket.bind(bindAddress(transport, "libzmq", ipcPath));
  return socket.lastEndpoint!;
}

/** Three libzmq REQ clients, each asking `perClient` times; resolves to each one's replies. */
function askAll(clients: zmq.Request[], perClient: number): Promise<string[][]> {
  return Promise.all(
    clients.map(async (req, c) => {
      const replies: string[] = [];
      for (let i = 0; i < perClient; i++) {
        await req.send(`c${c} r${i}`);
        replies.push(frameTexts(await req.receive()).join("|"));
      }
      return replies;
    }),
  );
}

/** libzmq REP workers answering each request with "<request> done"; the loops end when the sockets close. */
function serve(workers: zmq.Reply[]): Promise<void> {
  return Promise.all(
    workers.map(async (rep) => {
      try {
        for (;;) {
          const [request] = await rep.receive();
          await rep.send(`${request!.toString()} done`);
        }
      } catch (err) {
        if (!rep.closed) throw err;
      }
    }),
  ).then(() => undefined);
}

const expected = (c: number, n: number): string[] => Array.from({ length: n }, (_, i) => `c${c} r${i} done`);

describe.each(TRANSPORTS)("msgqueue over %s: libzmq REQ clients → zmtp ROUTER ↔ DEALER → libzmq REP workers", (transport) => {
  it("the proxy binds: every request is answered, to the client that asked", async () => {
    const proxy = new Proxy(track(new Router()), track(new Dealer()));
    const front = await bindZmtp(proxy.frontEnd, transport);
    const back = await bindZmtp(proxy.backEnd, transport);
    const running = start(proxy);
    const workers = [0, 1].map(() => native(new zmq.Reply({ receiveTimeout: -1 })));
    for (const w of workers) w.connect(back);
    const serving = serve(workers);
    const clients = [0, 1, 2].map(() => native(new zmq.Request({ receiveTimeout: WAIT_MS })));
    for (const c of clients) c.connect(front);

    const replies = await askAll(clients, 100);
    for (let c = 0; c < clients.length; c++) expect(replies[c]).toEqual(expected(c, 100));
    expect(proxy.statistics.frontEnd.messagesIn).toBe(300);
    expect(await running.stop()).toBeUndefined();
    for (const w of workers) w.close();
    await serving;
  });

  it("libzmq binds (clients and workers), the proxy's sockets connect", async () => {
    const clients = [0, 1].map(() => native(new zmq.Request({ receiveTimeout: WAIT_MS })));
    const workers = [0, 1].map(() => native(new zmq.Reply({ receiveTimeout: -1 })));
    const proxy = new Proxy(track(new Router()), track(new Dealer()));
    for (const c of clients) proxy.frontEnd.connect(await bindNative(c, transport));
    for (const w of workers) proxy.backEnd.connect(await bindNative(w, transport));
    const serving = serve(workers);
    const running = start(proxy);

    const replies = await askAll(clients, 50);
    for (let c = 0; c < clients.length; c++) expect(replies[c]).toEqual(expected(c, 50));
    expect(await running.stop()).toBeUndefined();
    for (const w of workers) w.close();
    await serving;
  });
});

describe.each(TRANSPORTS)("forwarder over %s: libzmq PUB → zmtp XSUB ↔ XPUB → libzmq SUB", (transport) => {
  it("the SUB's subscription reaches the PUB through the proxy, and only its topic flows down", async () => {
    const publisher = native(new zmq.Publisher());
    const proxy = new Proxy(track(new XSubscriber()), track(new XPublisher()));
    proxy.frontEnd.connect(await bindNative(publisher, transport)); // libzmq binds upstream
    const feed = await bindZmtp(proxy.backEnd, transport);
    const running = start(proxy);
    const subscriber = native(new zmq.Subscriber({ receiveTimeout: WAIT_MS }));
    subscriber.connect(feed);
    subscriber.subscribe("A");

    // The PUB drops what it sends before the subscription has reached it: publish until something comes.
    let first: string | undefined;
    const receiving = subscriber.receive().then((m) => (first = messageText(m)));
    for (let i = 0; i < 400 && first === undefined; i++) {
      await publisher.send(["B", "other topic"]);
      await publisher.send(["A", "news"]);
      await delay(5);
    }
    await receiving;
    expect(first).toBe("A|news");
    await publisher.send(["B", "other topic"]);
    await publisher.send(["A", "last"]);
    let message: string;
    do message = messageText(await subscriber.receive());
    while (message === "A|news");
    expect(message).toBe("A|last");
    expect(await running.stop()).toBeUndefined();
  });

  it("the subscription and its cancel arrive upstream byte for byte (a libzmq XPUB upstream)", async () => {
    const upstream = native(new zmq.XPublisher({ receiveTimeout: WAIT_MS }));
    const proxy = new Proxy(track(new XSubscriber()), track(new XPublisher()));
    proxy.frontEnd.connect(await bindNative(upstream, transport));
    const feed = await bindZmtp(proxy.backEnd, transport);
    start(proxy);
    const subscriber = native(new zmq.Subscriber());
    subscriber.connect(feed);
    subscriber.subscribe("topic");
    expect(messageText(await upstream.receive())).toBe("\u0001topic");
    subscriber.unsubscribe("topic");
    expect(messageText(await upstream.receive())).toBe("\u0000topic");
  });
});

describe.each(TRANSPORTS)("streamer over %s: libzmq PUSH → zmtp PULL ↔ PUSH → libzmq PULL", (transport) => {
  const n = 5000;
  const body = (i: number): string[] => (i % 4 === 0 ? [`m${i}`, "", "tail"] : [`m${i}`]);

  async function stream(producer: zmq.Push, consumer: zmq.Pull): Promise<void> {
    const sending = (async () => {
      for (let i = 0; i < n; i++) await producer.send(body(i));
    })();
    for (let i = 0; i < n; i++) {
      const got = frameTexts(await consumer.receive());
      if (got.join("|") !== body(i).join("|")) expect(got).toEqual(body(i));
    }
    await sending;
  }

  it(`the proxy binds: ${n} messages, multipart ones whole, in order`, { timeout: 30_000 }, async () => {
    const proxy = new Proxy(track(new Pull()), track(new Push()));
    const front = await bindZmtp(proxy.frontEnd, transport);
    const back = await bindZmtp(proxy.backEnd, transport);
    const running = start(proxy);
    const producer = native(new zmq.Push({ sendTimeout: WAIT_MS }));
    const consumer = native(new zmq.Pull({ receiveTimeout: WAIT_MS }));
    producer.connect(front);
    consumer.connect(back);
    await within(stream(producer, consumer), "the stream", 25_000);
    expect(proxy.statistics.frontEnd.messagesIn).toBe(n);
    expect(await running.stop()).toBeUndefined();
  });

  it(`libzmq binds, the proxy's sockets connect: ${n} messages in order`, { timeout: 30_000 }, async () => {
    const producer = native(new zmq.Push({ sendTimeout: WAIT_MS }));
    const consumer = native(new zmq.Pull({ receiveTimeout: WAIT_MS }));
    const proxy = new Proxy(track(new Pull()), track(new Push()));
    proxy.frontEnd.connect(await bindNative(producer, transport));
    proxy.backEnd.connect(await bindNative(consumer, transport));
    const running = start(proxy);
    await within(stream(producer, consumer), "the stream", 25_000);
    expect(await running.stop()).toBeUndefined();
  });
});
