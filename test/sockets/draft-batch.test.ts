/**
 * The batch path (trySend/sendMany, tryReceive/receiveMany) on the draft types whose messages carry no
 * options: SCATTER, GATHER and CHANNEL. The same single-frame rule as send()/receive(): a multipart message
 * is EINVAL, and what is received is `[frame]`.
 */
import { describe, expect, it } from "vitest";
import { Channel, Gather, Scatter } from "../../src/draft.js";
import { bindEndpoint } from "../helpers/bind-endpoint.js";
import { socketTracker } from "../helpers/socket-tracker.js";
import { frameTexts } from "../helpers/text.js";

const track = socketTracker();

/** Receives with receiveMany() until `count` messages are in; each must be one frame. */
async function receiveAll(socket: Gather | Channel, count: number): Promise<string[]> {
  const texts: string[] = [];
  while (texts.length < count) {
    for (const message of await socket.receiveMany()) {
      expect(message).toHaveLength(1);
      texts.push(...frameTexts(message));
    }
  }
  return texts;
}

describe.each(["tcp", "inproc"] as const)("over %s", (transport) => {
  it("SCATTER sendMany/trySend → GATHER receiveMany/tryReceive, single frames in order", async () => {
    const gather = track(new Gather({ receiveTimeout: 5000 }));
    await gather.bind(bindEndpoint(transport));
    const scatter = track(new Scatter());
    scatter.connect(gather.lastEndpoint!);
    await scatter.sendMany(["1", ["2"], Buffer.from("3")]);
    await scatter.send("4");
    expect(await receiveAll(gather, 4)).toEqual(["1", "2", "3", "4"]);
    expect(gather.tryReceive()).toBeUndefined();
    expect(scatter.trySend("5")).toBe(true);
    expect(await receiveAll(gather, 1)).toEqual(["5"]);
  });

  it("CHANNEL both ways with the batch calls", async () => {
    const a = track(new Channel({ receiveTimeout: 5000 }));
    await a.bind(bindEndpoint(transport));
    const b = track(new Channel({ receiveTimeout: 5000 }));
    b.connect(a.lastEndpoint!);
    await b.sendMany(["x", "y"]);
    expect(await receiveAll(a, 2)).toEqual(["x", "y"]);
    expect(a.tryReceive()).toBeUndefined();
    expect(a.trySend(["z"])).toBe(true);
    const [z] = await b.receive();
    expect(z.toString()).toBe("z");
  });
});

describe("the single-frame rule on the batch path", () => {
  it("trySend of a multipart message is EINVAL; sendMany rejects at it, keeping those before it queued", async () => {
    const multipart = ["a", "b"] as unknown as [string];
    const gather = track(new Gather({ receiveTimeout: 5000 }));
    await gather.bind(bindEndpoint("inproc"));
    const scatter = track(new Scatter());
    scatter.connect(gather.lastEndpoint!);
    const channel = track(new Channel());
    expect(() => scatter.trySend(multipart)).toThrow(expect.objectContaining({ code: "EINVAL" }));
    expect(() => channel.trySend(multipart)).toThrow(expect.objectContaining({ code: "EINVAL" }));
    await expect(scatter.sendMany(["before", multipart, "after"])).rejects.toMatchObject({ code: "EINVAL" });
    expect(await receiveAll(gather, 1)).toEqual(["before"]);
    expect(gather.tryReceive()).toBeUndefined();
  });

  it("with no peer, trySend queues nothing (false); tryReceive waits for nothing (undefined)", () => {
    const scatter = track(new Scatter());
    const channel = track(new Channel());
    const gather = track(new Gather());
    expect(scatter.trySend("nowhere")).toBe(false);
    expect(channel.trySend("nowhere")).toBe(false);
    expect(channel.tryReceive()).toBeUndefined();
    expect(gather.tryReceive()).toBeUndefined();
  });

  it("GATHER cannot send and SCATTER cannot receive, whatever the call (ENOTSUP)", async () => {
    const gather = track(new Gather());
    const scatter = track(new Scatter());
    // A JavaScript caller borrowing the other type's methods reaches the hooks that refuse it.
    expect(() => Scatter.prototype.trySend.call(gather, "x")).toThrow(expect.objectContaining({ code: "ENOTSUP" }));
    expect(() => Gather.prototype.tryReceive.call(scatter)).toThrow(expect.objectContaining({ code: "ENOTSUP" }));
    await expect(Gather.prototype.receiveMany.call(scatter)).rejects.toMatchObject({ code: "ENOTSUP" });
  });
});
