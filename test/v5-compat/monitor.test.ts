/**
 * monitor()/unmonitor(): zmtp's socket events re-emitted under v5's names, each as (value, endpoint, error),
 * with libzmq peers connecting, leaving and refusing. Ported from zeromq.js's
 * test/unit/compat/socket-monitor-test.ts.
 */
import { describe, expect, it } from "vitest";
import * as zmq from "zeromq";
import * as v5 from "../../src/v5-compat/index.js";
import { errorCode, thrownBy } from "../helpers/errors.js";
import { delay } from "../helpers/wait.js";
import { bindV5, callbackResult, nextEvent, useV5Sockets, WAIT_MS } from "./v5-helpers.js";

const { v5socket, track } = useV5Sockets();

describe("v5-compat monitor", () => {
  it("listen, accept and disconnect on a v5 rep, as libzmq req peers come and go; endpoints as bound", async () => {
    const rep = v5socket("rep");
    rep.on("message", () => rep.send("world"));
    rep.monitor();
    const listening = nextEvent(rep, "listen");
    const endpoint = await bindV5(rep, "tcp://127.0.0.1:0");
    expect(await listening).toEqual([undefined, endpoint, undefined]);
    const accepted = nextEvent(rep, "accept");
    const req = track(new zmq.Request({ linger: 0, receiveTimeout: WAIT_MS }));
    req.connect(endpoint);
    await req.send("hello");
    expect((await req.receive()).toString()).toBe("world");
    expect((await accepted)[1]).toBe(endpoint);
    const disconnected = nextEvent(rep, "disconnect");
    req.close();
    expect((await disconnected)[1]).toBe(endpoint);
  });

  it("connect on a v5 req reaching a libzmq rep; connect_retry (value: the interval) while nothing listens", async () => {
    const rep = track(new zmq.Reply({ linger: 0 }));
    await rep.bind("tcp://127.0.0.1:*");
    const endpoint = rep.lastEndpoint!;
    const req = v5socket("req");
    req.monitor(10, 0);
    const connected = nextEvent(req, "connect");
    req.connect(endpoint);
    expect((await connected)[1]).toBe(endpoint);

    // A port nobody listens on any more: the dialer retries, and says when.
    const gone = track(new zmq.Reply({ linger: 0 }));
    await gone.bind("tcp://127.0.0.1:*");
    const closedEndpoint = gone.lastEndpoint!;
    gone.close();
    const dealer = v5socket("dealer");
    dealer.reconnect_ivl = 20;
    dealer.monitor();
    const retry = nextEvent(dealer, "connect_retry");
    dealer.connect(closedEndpoint);
    const [value, address] = await retry;
    expect(address).toBe(closedEndpoint);
    expect(typeof value).toBe("number");
  });

  it("bind_error carries the errno and an Error, and the bind callback gets the error (binding twice)", async () => {
    const first = v5socket("rep");
    const endpoint = await bindV5(first, "tcp://127.0.0.1:0");
    const second = v5socket("rep");
    second.monitor();
    const bindError = nextEvent(second, "bind_error");
    const err = await callbackResult((cb) => second.bind(endpoint, cb), "the second bind's callback");
    expect(err).toMatchObject({ code: "EADDRINUSE" });
    const [errno, address, error] = await bindError;
    expect(error).toBeInstanceOf(Error);
    expect(errno).toBe((error as { errno: number }).errno);
    expect(address).toBe(endpoint);
  });

  it("unmonitor() stops the events (even those already on their way)", async () => {
    const pull = v5socket("pull");
    pull.monitor();
    const endpoint = await bindV5(pull, "tcp://127.0.0.1:0");
    pull.unmonitor();
    const seen: string[] = [];
    for (const name of ["accept", "listen", "disconnect"]) pull.on(name, () => seen.push(name));
    const push = track(new zmq.Push({ linger: 0 }));
    const peerConnected = new Promise<void>((resolve) => {
      push.events.on("handshake", () => {
        resolve();
      });
    });
    push.connect(endpoint);
    await peerConnected;
    await delay(30); // a quiet line: the accept would have come by now
    expect(seen).toEqual([]);
    // monitor() again starts afresh.
    pull.monitor();
    const accepted = nextEvent(pull, "accept");
    track(new zmq.Push({ linger: 0 })).connect(endpoint);
    expect((await accepted)[1]).toBe(endpoint);
  });

  it("monitor() checks its arguments and refuses a closed socket", () => {
    const sock = v5socket("pull");
    expect(thrownBy(() => sock.monitor("10" as unknown as number))).toBeInstanceOf(TypeError);
    sock.close();
    expect(errorCode(thrownBy(() => sock.monitor()))).toBe("EBADF");
    expect(v5.ZMQ_CAN_MONITOR).toBe(1);
  });
});
