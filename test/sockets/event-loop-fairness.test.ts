/**
 * A busy send or receive loop never starves other I/O and timers (issue 14 item 2): calls that could settle
 * at once yield to the event loop every few hundred. The guide's weather server is exactly such a loop.
 */
import { describe, expect, it } from "vitest";
import * as zmq from "zeromq";
import { Publisher, Pull, Push, Subscriber } from "../../src/index.js";
import { socketTracker } from "../helpers/socket-tracker.js";
import { within } from "../helpers/wait.js";

const track = socketTracker();

/** Resolves when a timer set now fires, with how many loop iterations had run by then. */
function timerDuring(count: () => number): Promise<number> {
  return new Promise((resolve) => {
    setTimeout(() => {
      resolve(count());
    }, 5);
  });
}

describe("busy loops share the event loop", () => {
  it("the guide's wuserver: a subscriber connecting while `while (true) await pub.send(…)` runs is served within a second", async () => {
    const pub = track(new Publisher());
    await pub.bind("tcp://127.0.0.1:0");
    let running = true;
    let sent = 0;
    // Bounded, so that a loop that starves everything ends (and the test fails) instead of hanging.
    const most = 3_000_000;
    const loop = (async () => {
      while (running && sent < most) {
        await pub.send(`10001 ${sent % 100} ${sent % 50}`);
        sent++;
      }
    })();
    try {
      // Everything from here runs only if the loop yields.
      const ticked = await within(timerDuring(() => sent), "a timer set during the send loop", 1000);
      expect(ticked).toBeLessThan(most);
      const sub = new zmq.Subscriber({ linger: 0 });
      try {
        sub.subscribe("10001 ");
        sub.connect(pub.lastEndpoint!);
        const [update] = await within(sub.receive(), "the first update at a late subscriber", 1000);
        expect(update!.toString()).toMatch(/^10001 /);
      } finally {
        sub.close();
      }
      const zmtpSub = track(new Subscriber());
      zmtpSub.subscribe("10001 ");
      zmtpSub.connect(pub.lastEndpoint!);
      await within(zmtpSub.receive(), "the first update at a late zmtp subscriber", 1000);
    } finally {
      running = false;
      await loop;
    }
  });

  it("a send loop below the high-water mark lets timers fire while it runs", async () => {
    const pull = track(new Pull({ receiveHighWaterMark: 0 }));
    await pull.bind("inproc://fair-send");
    const push = track(new Push({ sendHighWaterMark: 0, linger: 0 }));
    push.connect("inproc://fair-send");
    const total = 100_000;
    let sent = 0;
    const fired = timerDuring(() => sent);
    for (; sent < total; sent++) await push.send("x");
    expect(await fired).toBeLessThan(total);
  });

  it("a receive loop fed faster than it reads lets timers fire while it runs", async () => {
    const pull = track(new Pull({ receiveHighWaterMark: 0 }));
    await pull.bind("inproc://fair-receive");
    const push = track(new Push({ sendHighWaterMark: 0, linger: 0 }));
    push.connect("inproc://fair-receive");
    const total = 50_000;
    for (let i = 0; i < total; i++) await push.send("x");
    let received = 0;
    const fired = timerDuring(() => received);
    for await (const _message of pull) {
      if (++received === total) break;
    }
    expect(await fired).toBeLessThan(total);
  });
});
