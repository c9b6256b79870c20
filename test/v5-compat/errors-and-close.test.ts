/**
 * Errors as v5 reported them (to the callback if given, else the "error" event, else an uncaught exception),
 * argument checks, unbind, and close semantics, with libzmq peers. Ported from zeromq.js's
 * test/unit/compat/socket-error-callback-test.ts, socket-unbind-test.ts, socket-test.ts ("should close") and
 * socket-pub-sub-test.ts ("should continue to deliver messages in message handler").
 */
import { describe, expect, it } from "vitest";
import * as zmq from "zeromq";
import * as v5 from "../../src/v5-compat/index.js";
import { errorCode, thrownBy } from "../helpers/errors.js";
import { waitUntil, within } from "../helpers/wait.js";
import { bindV5, callbackResult, nextEvent, nextMessages, texts, useV5Sockets, WAIT_MS } from "./v5-helpers.js";
import { useIpcDir } from "../interop/helpers.js";

const { v5socket, track } = useV5Sockets();
const ipcEndpoint = useIpcDir();

/**
 * Runs `body` with the process's uncaughtException listeners (vitest's) set aside, collecting what reaches
 * them instead, as zeromq.js's own compat tests do; the listeners are put back whatever happens.
 */
async function collectUncaught(body: (uncaught: unknown[]) => Promise<void>): Promise<unknown[]> {
  const saved = process.listeners("uncaughtException");
  process.removeAllListeners("uncaughtException");
  const uncaught: unknown[] = [];
  const collect = (err: unknown): void => {
    uncaught.push(err);
  };
  process.on("uncaughtException", collect);
  try {
    await body(uncaught);
  } finally {
    process.off("uncaughtException", collect);
    for (const listener of saved) process.on("uncaughtException", listener);
  }
  return uncaught;
}

describe("v5-compat errors", () => {
  it("binding an address in use: bind's callback, else the error event; bindSync: the error event", async () => {
    const first = v5socket("pull");
    const endpoint = await bindV5(first, "tcp://127.0.0.1:0");
    const second = v5socket("pull");
    expect(await callbackResult((cb) => second.bind(endpoint, cb), "bind's callback")).toMatchObject({ code: "EADDRINUSE" });
    const viaEvent = nextEvent(second, "error");
    second.bind(endpoint);
    expect((await viaEvent)[0]).toMatchObject({ code: "EADDRINUSE", address: endpoint });
    const third = v5socket("pull");
    const syncError = nextEvent(third, "error");
    expect(third.bindSync(endpoint)).toBe(third);
    expect((await syncError)[0]).toMatchObject({ code: "EADDRINUSE" });
  });

  it("with no error listener, a failure is an uncaught exception (what v5's throw amounted to)", async () => {
    const first = v5socket("pull");
    const endpoint = await bindV5(first, "tcp://127.0.0.1:0");
    const uncaught = await collectUncaught(async (seen) => {
      v5socket("pull").bindSync(endpoint);
      await waitUntil(() => seen.length > 0, "the uncaught exception", WAIT_MS);
    });
    expect(uncaught).toHaveLength(1);
    expect(errorCode(uncaught[0])).toBe("EADDRINUSE");
  });

  it("a throwing message listener is an uncaught exception, and the next messages are still delivered", async () => {
    const pull = v5socket("pull");
    const endpoint = await bindV5(pull, "tcp://127.0.0.1:0");
    const push = track(new zmq.Push({ linger: 0 }));
    push.connect(endpoint);
    const delivered: string[] = [];
    const uncaught = await collectUncaught(async () => {
      pull.on("message", (msg: Buffer) => {
        delivered.push(msg.toString());
        if (msg.toString() === "foo") throw new Error("test error");
      });
      await push.send("foo");
      await push.send("bar");
      await waitUntil(() => delivered.length === 2, "both messages", WAIT_MS);
    });
    expect(delivered).toEqual(["foo", "bar"]);
    expect(uncaught).toEqual([expect.objectContaining({ message: "test error" })]);
  });

  it("arguments are checked at the call: TypeError for wrong types, ENOTSUP for a type that cannot send", () => {
    const push = v5socket("push");
    expect(thrownBy(() => push.send(undefined as unknown as string))).toBeInstanceOf(TypeError);
    expect(thrownBy(() => push.send([{}] as unknown as string[]))).toBeInstanceOf(TypeError);
    expect(thrownBy(() => push.send("x", "2" as unknown as number))).toBeInstanceOf(TypeError);
    expect(thrownBy(() => push.send("x", 0, "cb" as unknown as () => void))).toBeInstanceOf(TypeError);
    expect(thrownBy(() => push.bind(5 as unknown as string))).toBeInstanceOf(TypeError);
    expect(thrownBy(() => push.connect(null as unknown as string))).toBeInstanceOf(TypeError);
    expect(errorCode(thrownBy(() => v5socket("pull").send("x")))).toBe("ENOTSUP");
    expect(errorCode(thrownBy(() => push.connect("bogus://x")))).toBe("EPROTONOSUPPORT");
    expect(push.read()).toBeNull();
  });
});

describe("v5-compat unbind", () => {
  it("unbind(address, cb) emits unbind and frees the address (a libzmq socket binds it next); unbindSync too", async () => {
    const pull = v5socket("pull");
    const address = ipcEndpoint();
    await bindV5(pull, address);
    const unbound = nextEvent(pull, "unbind");
    expect(await callbackResult((cb) => pull.unbind(address, cb), "unbind's callback")).toBeUndefined();
    expect(await unbound).toEqual([address]);
    const other = track(new zmq.Pull({ linger: 0 }));
    await within(other.bind(address), "libzmq binding the freed address", WAIT_MS);
    other.close();

    const tcp = v5socket("pull");
    const endpoint = await bindV5(tcp, "tcp://127.0.0.1:0");
    tcp.unbindSync(endpoint);
    const again = track(new zmq.Pull({ linger: 0 }));
    await within(
      (async () => {
        for (;;) {
          try {
            await again.bind(endpoint);
            return;
          } catch {
            await new Promise((resolve) => setImmediate(resolve)); // unbindSync finishes on the event loop
          }
        }
      })(),
      "libzmq binding the port unbindSync freed",
      WAIT_MS,
    );
    const failed = nextEvent(tcp, "error");
    tcp.unbindSync("tcp://127.0.0.1:1");
    expect((await failed)[0]).toBeInstanceOf(Error);
  });
});

describe("v5-compat close", () => {
  it("closed says so; closing twice is harmless; afterwards send and connect throw EBADF", () => {
    const sock = v5socket("req");
    expect(sock.closed).toBe(false);
    expect(sock.close()).toBe(sock);
    expect(sock.closed).toBe(true);
    sock.close();
    expect(errorCode(thrownBy(() => sock.send("x")))).toBe("EBADF");
    expect(errorCode(thrownBy(() => sock.connect("tcp://127.0.0.1:5555")))).toBe("EBADF");
  });

  it("send() then close() at once: the messages still reach a libzmq pull (linger), as in v5", async () => {
    const pull = track(new zmq.Pull({ linger: 0, receiveTimeout: WAIT_MS }));
    await pull.bind("tcp://127.0.0.1:*");
    const push = v5socket("push");
    push.connect(pull.lastEndpoint!);
    push.send("one");
    push.send(["two", "parts"]);
    push.send("three");
    push.close();
    const got: string[][] = [];
    for (let i = 0; i < 3; i++) got.push(texts(await pull.receive()));
    expect(got).toEqual([["one"], ["two", "parts"], ["three"]]);
  });

  it("sends held back (paused) are dropped at close, their callbacks told; a pending receive ends without an error", async () => {
    const pull = v5socket("pull");
    await bindV5(pull, "tcp://127.0.0.1:0");
    const errors: unknown[] = [];
    pull.on("error", (err) => errors.push(err));
    const push = v5socket("push");
    push.pause();
    const dropped = callbackResult((cb) => push.send("never", 0, cb), "the dropped send's callback");
    push.close();
    pull.close();
    expect(await dropped).toMatchObject({ code: "EAGAIN" });
    await new Promise((resolve) => setImmediate(resolve));
    expect(errors).toEqual([]);
  });

  it("no message is emitted after close(), even one already received", async () => {
    const pull = v5socket("pull");
    const endpoint = await bindV5(pull, "tcp://127.0.0.1:0");
    const push = track(new zmq.Push({ linger: 0 }));
    push.connect(endpoint);
    const first = nextMessages(pull, 1);
    await push.send("a");
    await first;
    pull.pause();
    await push.send("b");
    await waitUntil(() => pull.getsockopt(v5.ZMQ_EVENTS) === v5.ZMQ_POLLIN, "b read ahead", WAIT_MS);
    const after: unknown[] = [];
    pull.on("message", (m) => after.push(m));
    pull.close();
    pull.resume();
    await new Promise((resolve) => setImmediate(resolve));
    expect(after).toEqual([]);
  });
});
