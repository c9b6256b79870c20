import { describe, expect, it } from "vitest";
import { Pair } from "../../src/index.js";
import { socketTracker } from "../helpers/socket-tracker.js";
import { frameTexts } from "../helpers/text.js";

const track = socketTracker();

describe("PAIR", () => {
  it("talks both ways with its one peer", async () => {
    const a = track(new Pair());
    const b = track(new Pair());
    await a.bind("tcp://127.0.0.1:0");
    b.connect(a.lastEndpoint!);
    await b.send(["hello", "a"]);
    expect(frameTexts(await a.receive())).toEqual(["hello", "a"]);
    await a.send("hello b");
    expect(frameTexts(await b.receive())).toEqual(["hello b"]);
  });

  it("is exclusive: a second PAIR gets nothing through while the first is attached", async () => {
    const a = track(new Pair());
    await a.bind("tcp://127.0.0.1:0");
    const endpoint = a.lastEndpoint!;
    const first = track(new Pair());
    first.connect(endpoint);
    await first.send("from-first");
    expect(frameTexts(await a.receive())).toEqual(["from-first"]);

    const second = track(new Pair({ reconnectInterval: 20 }));
    second.connect(endpoint);
    await second.send("from-second");
    a.receiveTimeout = 250;
    await expect(a.receive()).rejects.toMatchObject({ code: "EAGAIN" });

    await a.send("to-first");
    expect(frameTexts(await first.receive())).toEqual(["to-first"]);
    second.receiveTimeout = 100;
    await expect(second.receive()).rejects.toMatchObject({ code: "EAGAIN" });

    // The first peer still works both ways.
    await first.send("still-here");
    a.receiveTimeout = -1;
    expect(frameTexts(await a.receive())).toEqual(["still-here"]);
  });

  it("accepts a new peer once the first one is gone", async () => {
    const a = track(new Pair());
    await a.bind("tcp://127.0.0.1:0");
    const endpoint = a.lastEndpoint!;
    const first = track(new Pair());
    first.connect(endpoint);
    await first.send("one");
    expect(frameTexts(await a.receive())).toEqual(["one"]);

    const second = track(new Pair({ reconnectInterval: 20 }));
    second.connect(endpoint);
    first.linger = 0;
    await first.closeAndWait();

    // The second peer keeps reconnecting; once the first is gone it is let in.
    a.receiveTimeout = 100;
    let got: string[] | undefined;
    for (let i = 0; i < 30 && got === undefined; i++) {
      await second.send(`try-${i}`);
      try {
        got = frameTexts(await a.receive());
      } catch (err) {
        expect(err).toMatchObject({ code: "EAGAIN" });
      }
    }
    expect(got?.[0]).toMatch(/^try-\d+$/);
    await a.send("welcome");
    second.receiveTimeout = 1000;
    expect(frameTexts(await second.receive())).toEqual(["welcome"]);
  });
});
