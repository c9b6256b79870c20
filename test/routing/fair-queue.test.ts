import { describe, expect, it } from "vitest";
import type { Message } from "../../src/message.js";
import { Pipe } from "../../src/pipe/pipe.js";
import { FairQueue } from "../../src/routing/fair-queue.js";

function deliver(pipe: Pipe, ...texts: string[]): void {
  for (const t of texts) pipe.inbound.push([Buffer.from(t)]);
}

function label(message: Message | undefined): string | undefined {
  return message?.[0]?.toString();
}

function readAll(fq: FairQueue): string[] {
  const out: string[] = [];
  for (let m = fq.read(); m !== undefined; m = fq.read()) out.push(label(m)!);
  return out;
}

describe("FairQueue", () => {
  it("is empty without pipes", () => {
    const fq = new FairQueue();
    expect(fq.readable).toBe(false);
    expect(fq.read()).toBeUndefined();
  });

  it("takes one message from each pipe in turn", () => {
    const fq = new FairQueue();
    const a = Pipe.create(10, 10);
    const b = Pipe.create(10, 10);
    const c = Pipe.create(10, 10);
    deliver(a, "a1", "a2", "a3");
    deliver(b, "b1", "b2");
    deliver(c, "c1");
    fq.attach(a);
    fq.attach(b);
    fq.attach(c);
    expect(fq.readable).toBe(true);
    expect(readAll(fq)).toEqual(["a1", "b1", "c1", "a2", "b2", "a3"]);
    expect(fq.readable).toBe(false);
  });

  it("readable is false once the messages have been read, before any read() finds the pipe empty", () => {
    const fq = new FairQueue();
    const a = Pipe.create(10, 10);
    const b = Pipe.create(10, 10);
    fq.attach(a);
    fq.attach(b);
    deliver(a, "a1");
    fq.activate(a);
    deliver(b, "b1");
    fq.activate(b);
    expect(label(fq.read())).toBe("a1");
    expect(label(fq.read())).toBe("b1");
    // Both pipes are still marked active, but neither holds anything.
    expect(fq.readable).toBe(false);
    deliver(b, "b2");
    fq.activate(b);
    expect(fq.readable).toBe(true);
    expect(readAll(fq)).toEqual(["b2"]);
  });

  it("does not let a busy pipe starve a quiet one", () => {
    const fq = new FairQueue();
    const busy = Pipe.create(0, 0);
    const quiet = Pipe.create(0, 0);
    for (let i = 0; i < 100; i++) deliver(busy, `busy${i}`);
    deliver(quiet, "q0", "q1");
    fq.attach(busy);
    fq.attach(quiet);
    expect(readAll(fq).slice(0, 5)).toEqual(["busy0", "q0", "busy1", "q1", "busy2"]);
  });

  it("remembers the pipe the last message came from", () => {
    const fq = new FairQueue();
    const a = Pipe.create(10, 10);
    const b = Pipe.create(10, 10);
    deliver(a, "a");
    deliver(b, "b");
    fq.attach(a);
    fq.attach(b);
    expect(label(fq.read())).toBe("a");
    expect(fq.lastPipe).toBe(a);
    expect(label(fq.read())).toBe("b");
    expect(fq.lastPipe).toBe(b);
  });

  it("an empty pipe is attached inactive and joins once activated", () => {
    const fq = new FairQueue();
    const a = Pipe.create(10, 10);
    fq.attach(a);
    expect(fq.readable).toBe(false);
    expect(fq.read()).toBeUndefined();
    deliver(a, "late");
    fq.activate(a);
    expect(fq.readable).toBe(true);
    expect(label(fq.read())).toBe("late");
  });

  it("goes inactive when its pipes run dry and reactivates on new messages", () => {
    const fq = new FairQueue();
    const a = Pipe.create(10, 10);
    const b = Pipe.create(10, 10);
    fq.attach(a);
    fq.attach(b);
    deliver(a, "a1");
    fq.activate(a);
    expect(readAll(fq)).toEqual(["a1"]);
    expect(fq.readable).toBe(false);
    deliver(b, "b1", "b2");
    fq.activate(b);
    deliver(a, "a2");
    fq.activate(a);
    const got = readAll(fq);
    expect(got.sort()).toEqual(["a2", "b1", "b2"]);
  });

  it("delivers what a terminated pipe still holds, then drops it", () => {
    const fq = new FairQueue();
    const a = Pipe.create(10, 10);
    const b = Pipe.create(10, 10);
    deliver(a, "a1", "a2");
    deliver(b, "b1");
    fq.attach(a);
    fq.attach(b);
    a.terminate();
    fq.terminated(a);
    expect(readAll(fq)).toEqual(["a1", "b1", "a2"]);
    // a is gone: new messages on it are never read, even if it is activated
    deliver(a, "ghost");
    fq.activate(a);
    expect(fq.readable).toBe(false);
    expect(fq.read()).toBeUndefined();
    // b is still attached
    deliver(b, "b2");
    fq.activate(b);
    expect(readAll(fq)).toEqual(["b2"]);
  });

  it("drops an empty terminated pipe at once", () => {
    const fq = new FairQueue();
    const a = Pipe.create(10, 10);
    fq.attach(a);
    a.terminate();
    fq.terminated(a);
    deliver(a, "ghost");
    fq.activate(a);
    expect(fq.readable).toBe(false);
    expect(fq.read()).toBeUndefined();
  });

  it("detach drops a pipe with what it holds", () => {
    const fq = new FairQueue();
    const a = Pipe.create(10, 10);
    const b = Pipe.create(10, 10);
    deliver(a, "a1", "a2");
    deliver(b, "b1");
    fq.attach(a);
    fq.attach(b);
    fq.detach(a);
    expect(readAll(fq)).toEqual(["b1"]);
  });
});
