/**
 * ZMQ_LINGER: close() gives queued messages `linger` ms (-1: as long as it takes) to be delivered, also
 * when the connection is still being made. The guide's ventilator pattern, connect → send → close, must
 * deliver.
 */
import { describe, expect, it } from "vitest";
import { Pull, Push } from "../../src/index.js";
import { within } from "../helpers/wait.js";

describe("linger on a connection still being made", () => {
  it("connect, send, close (linger -1): the message arrives", async () => {
    const pull = new Pull({ linger: 0, receiveTimeout: 2000 });
    await pull.bind("tcp://127.0.0.1:0");
    const push = new Push({ linger: -1 });
    push.connect(pull.lastEndpoint!);
    await push.send("last words");
    const closing = push.closeAndWait();
    const got = await pull.receive().then((m) => String(m[0]), (e: unknown) => (e instanceof Error ? e.message : String(e)));
    await within(closing, "push close");
    expect(got).toBe("last words");
    await pull.closeAndWait();
  });

  it("connect, wait for tcp connect only, send, close (linger 1000): the message arrives", async () => {
    const pull = new Pull({ linger: 0, receiveTimeout: 2000 });
    await pull.bind("tcp://127.0.0.1:0");
    const push = new Push({ linger: 1000 });
    push.connect(pull.lastEndpoint!);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    await push.send("last words");
    const closing = push.closeAndWait();
    const got = await pull.receive().then((m) => String(m[0]), (e: unknown) => (e instanceof Error ? e.message : String(e)));
    await within(closing, "push close");
    expect(got).toBe("last words");
    await pull.closeAndWait();
  });
});
