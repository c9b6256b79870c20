/**
 * v5's zmq.proxy(frontend, backend, capture?) between libzmq clients and workers: router/dealer with a
 * capture socket, pull/push, xpub/xsub. Ported from zeromq.js's test/unit/compat/zmq-proxy-*-test.ts.
 */
import { describe, expect, it } from "vitest";
import * as zmq from "zeromq";
import * as v5 from "../../src/v5-compat/index.js";
import { errorCode, thrownBy } from "../helpers/errors.js";
import { within } from "../helpers/wait.js";
import { bindV5, texts, useV5Sockets, WAIT_MS } from "./v5-helpers.js";

const { v5socket, track } = useV5Sockets();

describe("v5-compat proxy", () => {
  it("router/dealer: a libzmq req reaches a libzmq rep worker and back; the capture gets each reply", async () => {
    const frontend = v5socket("router");
    const backend = v5socket("dealer");
    const capture = v5socket("push");
    const front = await bindV5(frontend, "tcp://127.0.0.1:0");
    const back = await bindV5(backend, "tcp://127.0.0.1:0");
    const captured = track(new zmq.Pull({ linger: 0, receiveTimeout: WAIT_MS }));
    await captured.bind("tcp://127.0.0.1:*");
    capture.connect(captured.lastEndpoint!);
    v5.proxy(frontend, backend, capture);

    const worker = track(new zmq.Reply({ linger: 0, receiveTimeout: WAIT_MS }));
    worker.connect(back);
    const client = track(new zmq.Request({ linger: 0, receiveTimeout: WAIT_MS }));
    client.connect(front);
    const serving = (async () => {
      for (let i = 0; i < 3; i++) {
        const [request] = await worker.receive();
        await worker.send(`${request!.toString()}:done`);
      }
    })();
    for (let i = 0; i < 3; i++) {
      await client.send(`job${i}`);
      expect(texts(await client.receive())).toEqual([`job${i}:done`]);
      expect(texts(await captured.receive())).toEqual([`job${i}:done`]);
    }
    await within(serving, "the worker", WAIT_MS);
  });

  it("pull/push: a libzmq push's messages go out through the proxy to a libzmq pull", async () => {
    const frontend = v5socket("pull");
    const backend = v5socket("push");
    const front = await bindV5(frontend, "tcp://127.0.0.1:0");
    const back = await bindV5(backend, "tcp://127.0.0.1:0");
    v5.proxy(frontend, backend);
    const sink = track(new zmq.Pull({ linger: 0, receiveTimeout: WAIT_MS }));
    sink.connect(back);
    const source = track(new zmq.Push({ linger: 0 }));
    source.connect(front);
    for (const m of ["a", "b", "c"]) await source.send([m, "x"]);
    for (const m of ["a", "b", "c"]) expect(texts(await sink.receive())).toEqual([m, "x"]);
  });

  it("xpub/xsub: subscriptions of a libzmq sub reach a libzmq publisher, its messages come back", async () => {
    const frontend = v5socket("xpub");
    const backend = v5socket("xsub");
    const front = await bindV5(frontend, "tcp://127.0.0.1:0");
    const back = await bindV5(backend, "tcp://127.0.0.1:0");
    v5.proxy(frontend, backend);
    const publisher = track(new zmq.XPublisher({ linger: 0, receiveTimeout: WAIT_MS }));
    publisher.connect(back);
    const sub = track(new zmq.Subscriber({ linger: 0, receiveTimeout: WAIT_MS }));
    sub.subscribe("news");
    sub.connect(front);
    const [subscription] = await publisher.receive();
    expect(subscription!.toString()).toBe("\x01news");
    await publisher.send("weather");
    await publisher.send("news today");
    expect(texts(await sub.receive())).toEqual(["news today"]);
  });

  it("any other order is EINVAL", () => {
    expect(errorCode(thrownBy(() => { v5.proxy(v5socket("push"), v5socket("router")); }))).toBe("EINVAL");
    expect(errorCode(thrownBy(() => { v5.proxy(v5socket("dealer"), v5socket("router")); }))).toBe("EINVAL");
  });
});
