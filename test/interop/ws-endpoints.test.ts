/**
 * ws:// endpoint behaviour against libzmq 4.3.5: paths (libzmq's client requests only its endpoint's last
 * segment; several zmtp paths on one port each get their own libzmq client), and liveness by WebSocket ping
 * both ways (libzmq pings with ZMQ_HEARTBEAT_IVL and answers pings with an empty pong; zmtp does the same).
 */
import { describe, expect, it } from "vitest";
import * as zmq from "zeromq";
import * as zmtp from "../../src/index.js";
import { useTeardown } from "../helpers/teardown.js";
import { messageText } from "../helpers/text.js";
import { delay } from "../helpers/wait.js";

const WAIT = 5000;
const { track } = useTeardown();

describe("ws:// paths with libzmq", () => {
  it("a libzmq client reaches a zmtp endpoint bound at a multi-segment path (it requests only the last segment)", async () => {
    const pull = track(new zmtp.Pull({ receiveTimeout: WAIT }));
    await pull.bind("ws://127.0.0.1:0/api/v1/zmq");
    const push = track(new zmq.Push());
    push.connect(pull.lastEndpoint!);
    await push.send("via /zmq");
    expect(messageText(await pull.receive())).toBe("via /zmq");
  });

  it("two zmtp sockets on one port, each path with its own libzmq client", async () => {
    const orders = track(new zmtp.Pull({ receiveTimeout: WAIT }));
    const prices = track(new zmtp.Pull({ receiveTimeout: WAIT }));
    await orders.bind("ws://127.0.0.1:0/orders");
    const port = /:(\d+)\//.exec(orders.lastEndpoint!)![1]!;
    await prices.bind(`ws://127.0.0.1:${port}/prices`);
    const toOrders = track(new zmq.Push());
    const toPrices = track(new zmq.Push());
    toOrders.connect(`ws://127.0.0.1:${port}/orders`);
    toPrices.connect(`ws://127.0.0.1:${port}/prices`);
    await toOrders.send("buy");
    await toPrices.send("42");
    expect(messageText(await orders.receive())).toBe("buy");
    expect(messageText(await prices.receive())).toBe("42");
  });
});

describe("WebSocket pings with libzmq", () => {
  it.each(["zmtp", "libzmq"] as const)("%s pings (heartbeatInterval) and the other answers: the connection outlives many timeouts", async (pinger) => {
    const heartbeat = { heartbeatInterval: 100, heartbeatTimeout: 1000 };
    const pull = track(new zmtp.Pull({ receiveTimeout: WAIT, ...(pinger === "zmtp" ? heartbeat : {}) }));
    let disconnects = 0;
    pull.events.on("disconnect", () => disconnects++);
    const push = track(new zmq.Push(pinger === "libzmq" ? heartbeat : {}));
    await pull.bind("ws://127.0.0.1:0/hb");
    push.connect(pull.lastEndpoint!);
    await push.send("before");
    expect(messageText(await pull.receive())).toBe("before");
    // Quiet for many heartbeat intervals, beyond the timeout: only pings and pongs cross.
    await delay(1500);
    await push.send("after");
    expect(messageText(await pull.receive())).toBe("after");
    expect(disconnects).toBe(0);
  });
});
