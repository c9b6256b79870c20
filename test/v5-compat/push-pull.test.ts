/**
 * v5-style PUSH/PULL programs against libzmq, each side binding, over tcp and ipc: bind(address, cb),
 * bindSync, connect, send with parts, SNDMORE and callbacks, the "message" event with one argument per
 * frame, pause()/resume()/read(). The libzmq peers are zeromq.js v6 sockets and zeromq's own v5-compat.
 * Ported from zeromq.js's test/unit/compat/socket-push-pull-test.ts and socket-messages-test.ts.
 */
import { describe, expect, it } from "vitest";
import * as zmq from "zeromq";
import * as v5 from "../../src/v5-compat/index.js";
import { useIpcDir } from "../interop/helpers.js";
import { delay, waitUntil, within } from "../helpers/wait.js";
import { bindV5, callbackResult, nextMessages, texts, useV5Sockets, WAIT_MS } from "./v5-helpers.js";

const { v5socket, libzmqV5, track } = useV5Sockets();
const ipcEndpoint = useIpcDir();

const receiveAll = async (pull: zmq.Pull, n: number): Promise<string[][]> => {
  const got: string[][] = [];
  for (let i = 0; i < n; i++) got.push(texts(await within(pull.receive(), `message ${i}`, WAIT_MS)));
  return got;
};

for (const transport of ["tcp", "ipc"] as const) {
  const address = (): string => (transport === "tcp" ? "tcp://127.0.0.1:0" : ipcEndpoint());
  const libzmqAddress = (): string => (transport === "tcp" ? "tcp://127.0.0.1:*" : ipcEndpoint());

  describe(`v5-compat push-pull over ${transport}, against libzmq`, () => {
    it("v5 pull binds (bind with a callback), libzmq push connects: strings, numbers, Buffers and multipart", async () => {
      const pull = v5socket("pull");
      const endpoint = await bindV5(pull, address());
      const push = track(new zmq.Push({ linger: 0 }));
      push.connect(endpoint);
      const got = nextMessages(pull, 3);
      await push.send("foo");
      await push.send(["string", 15.99, Buffer.from("buffer")]);
      await push.send(Buffer.from("baz"));
      const messages = await got;
      expect(messages.map(texts)).toEqual([["foo"], ["string", "15.99", "buffer"], ["baz"]]);
      for (const frames of messages) for (const frame of frames) expect(Buffer.isBuffer(frame)).toBe(true);
    });

    it("libzmq pull binds, v5 push connects: SNDMORE parts make one message; every send callback is called", async () => {
      const pull = track(new zmq.Pull({ linger: 0 }));
      await pull.bind(libzmqAddress());
      const push = v5socket("push");
      push.connect(pull.lastEndpoint!);
      let callbacks = 0;
      const cb = (err?: Error): void => {
        expect(err).toBeUndefined();
        callbacks++;
      };
      push.send(["tobi", "loki"], v5.ZMQ_SNDMORE, cb);
      push.send(["jane", "luna"], v5.ZMQ_SNDMORE);
      push.send("manny", 0, cb);
      push.send("hello", null, cb);
      push.send(["hello", "world"], undefined, cb);
      expect(await receiveAll(pull, 3)).toEqual([["tobi", "loki", "jane", "luna", "manny"], ["hello"], ["hello", "world"]]);
      await waitUntil(() => callbacks === 4, "4 callbacks (two of them for one message's parts)", WAIT_MS);
    });

    it("bindSync, then sends before any peer: a libzmq pull connecting late gets them all, in order", async () => {
      const push = v5socket("push");
      push.setsockopt(v5.ZMQ_SNDHWM, 1);
      push.bindSync(address());
      push.send("string");
      push.send(15.99);
      push.send(Buffer.from("buffer"));
      // Node.js binds asynchronously: the endpoint is known once listening.
      await waitUntil(() => push.last_endpoint !== null, "bindSync to listen", WAIT_MS);
      const pull = track(new zmq.Pull({ linger: 0, receiveHighWaterMark: 1 }));
      pull.connect(push.last_endpoint!);
      expect(await receiveAll(pull, 3)).toEqual([["string"], ["15.99"], ["buffer"]]);
    });

    it("v5 push binds, zeromq's own v5-compat pull connects (v5 programs on both ends)", async () => {
      const push = v5socket("push");
      const endpoint = await bindV5(push, address());
      const pull = libzmqV5("pull");
      const got = nextMessages(pull, 3);
      pull.connect(endpoint);
      push.send("foo");
      push.send(["bar", "baz"]);
      push.send("end");
      expect((await got).map(texts)).toEqual([["foo"], ["bar", "baz"], ["end"]]);
    });

    it("zeromq's v5-compat push binds, v5 pull connects", async () => {
      const push = libzmqV5("push");
      const endpoint = await bindV5(push, libzmqAddress());
      const pull = v5socket("pull");
      const got = nextMessages(pull, 2);
      pull.connect(endpoint);
      push.send(["a", "b"]);
      push.send("c");
      expect((await got).map(texts)).toEqual([["a", "b"], ["c"]]);
    });
  });
}

describe("v5-compat disconnect", () => {
  it("after disconnect(a) messages wait for, and go to, the next peer b", async () => {
    const a = track(new zmq.Pull({ linger: 0, receiveTimeout: 100 }));
    const b = track(new zmq.Pull({ linger: 0, receiveTimeout: WAIT_MS }));
    await a.bind("tcp://127.0.0.1:*");
    await b.bind("tcp://127.0.0.1:*");
    const push = v5socket("push");
    push.connect(a.lastEndpoint!);
    push.send("to-a");
    expect(texts(await a.receive())).toEqual(["to-a"]);
    expect(push.disconnect(a.lastEndpoint!)).toBe(push);
    push.send("to-b");
    push.connect(b.lastEndpoint!);
    expect(texts(await b.receive())).toEqual(["to-b"]);
    await expect(a.receive()).rejects.toMatchObject({ code: "EAGAIN" });
  });
});

describe("v5-compat pause, resume and read", () => {
  async function pausedPair(): Promise<{ pull: v5.Socket; push: zmq.Push }> {
    const pull = v5socket("pull");
    const endpoint = await bindV5(pull, "tcp://127.0.0.1:0");
    const push = track(new zmq.Push({ linger: 0 }));
    push.connect(endpoint);
    pull.pause();
    return { pull, push };
  }

  it("paused: no message is emitted; read() hands them out in order; resume() emits the rest in order", async () => {
    const { pull, push } = await pausedPair();
    const emitted: string[][] = [];
    pull.on("message", (...frames: Buffer[]) => emitted.push(texts(frames)));
    for (const m of ["m0", "m1", "m2", "m3"]) await push.send(m);
    await waitUntil(() => pull.getsockopt(v5.ZMQ_EVENTS) === v5.ZMQ_POLLIN, "a message read ahead", WAIT_MS);
    expect(texts(pull.read()!)).toEqual(["m0"]);
    await delay(20); // a quiet line: nothing may be emitted while paused
    expect(emitted).toEqual([]);
    pull.resume();
    await waitUntil(() => emitted.length === 3, "the rest after resume()", WAIT_MS);
    expect(emitted).toEqual([["m1"], ["m2"], ["m3"]]);
    expect(pull.read()).toBeNull();
  });

  it("read ahead while paused is bounded by the receive high-water mark", async () => {
    const pull = v5socket("pull");
    pull.setsockopt(v5.ZMQ_RCVHWM, 2);
    const endpoint = await bindV5(pull, "tcp://127.0.0.1:0");
    pull.pause();
    const push = track(new zmq.Push({ linger: 0, sendTimeout: 0 }));
    push.connect(endpoint);
    for (let i = 0; i < 50; i++) await push.send(`m${i}`);
    await waitUntil(() => pull.getsockopt(v5.ZMQ_EVENTS) === v5.ZMQ_POLLIN, "a message read ahead", WAIT_MS);
    await delay(50); // let reading go as far as it will
    let readNow = 0;
    while (pull.read() !== null) readNow++;
    expect(readNow).toBeGreaterThan(0);
    expect(readNow).toBeLessThanOrEqual(2);
  });

  it("paused sends wait until resume(), then go in order (v5 queued them)", async () => {
    const pull = track(new zmq.Pull({ linger: 0, receiveTimeout: 50 }));
    await pull.bind("tcp://127.0.0.1:*");
    const push = v5socket("push");
    push.connect(pull.lastEndpoint!);
    push.pause();
    const result = callbackResult((cb) => push.send("first", 0, cb), "the held send's callback");
    push.send("second");
    await expect(pull.receive()).rejects.toMatchObject({ code: "EAGAIN" }); // nothing within 50 ms
    pull.receiveTimeout = -1;
    push.resume();
    expect(await receiveAll(pull, 2)).toEqual([["first"], ["second"]]);
    expect(await result).toBeUndefined();
  });
});
