/**
 * ZMQ_CONFLATE on PUSH and PUB, as libzmq applies it: each peer's outgoing queue keeps only the newest
 * message, so a peer that is not reading (or not there yet) gets the latest, not a backlog.
 */
import { describe, expect, it } from "vitest";
import { Publisher, Pull, Push, Subscriber } from "../../src/index.js";
import { socketTracker } from "../helpers/socket-tracker.js";
import { within } from "../helpers/wait.js";

const track = socketTracker();

describe("conflate on the sending side", () => {
  it.each(["tcp", "inproc"])("PUSH over %s: messages queued before the peer exists collapse to the newest", async (transport) => {
    const push = track(new Push({ conflate: true, sendTimeout: 0 }));
    const pull = track(new Pull({ receiveTimeout: 300 }));
    let endpoint: string;
    if (transport === "tcp") {
      // Find a free port, then connect to it before anything listens there.
      await pull.bind("tcp://127.0.0.1:0");
      endpoint = pull.lastEndpoint!;
      await pull.unbind(endpoint);
    } else {
      endpoint = `inproc://conflate-push-${process.pid}`;
    }
    push.connect(endpoint);
    // Never full: every send is taken at once (sendTimeout 0 would reject a send that had to wait).
    for (let i = 0; i < 100; i++) await push.send(`m${i}`);
    await pull.bind(endpoint);
    expect((await within(pull.receive(), "the newest message")).map(String)).toEqual(["m99"]);
    await expect(pull.receive()).rejects.toMatchObject({ code: "EAGAIN" });
  });

  it("PUB: a subscriber that does not read gets only the newest message", async () => {
    const endpoint = `inproc://conflate-pub-${process.pid}`;
    const pub = track(new Publisher({ conflate: true }));
    await pub.bind(endpoint);
    const sub = track(new Subscriber({ receiveTimeout: 300 }));
    sub.subscribe("");
    sub.connect(endpoint);
    for (let i = 0; i < 100; i++) await pub.send(`m${i}`);
    expect((await within(sub.receive(), "the newest message")).map(String)).toEqual(["m99"]);
    await expect(sub.receive()).rejects.toMatchObject({ code: "EAGAIN" });
  });

  it("without conflate the same PUSH queues up to its mark", async () => {
    const push = track(new Push({ sendHighWaterMark: 5, sendTimeout: 0 }));
    push.connect(`inproc://conflate-none-${process.pid}`);
    for (let i = 0; i < 5; i++) await push.send(`m${i}`);
    await expect(push.send("m5")).rejects.toMatchObject({ code: "EAGAIN" });
  });
});
