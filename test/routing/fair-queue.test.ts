import { describe, expect, it } from "vitest";
import type { Message } from "../../src/message.js";
import { Subscription } from "../../src/pipe/pipe-item.js";
import { Pipe } from "../../src/pipe/pipe.js";
import type { ActiveSet } from "../../src/routing/active-set.js";
import { FairQueue } from "../../src/routing/fair-queue.js";
import { recordOwner } from "../helpers/recording-owner.js";

/** A pipe end for the fair queue, and its far (engine) end that delivers to it. */
function pipe(hwm = 10): { sock: Pipe; engine: Pipe } {
  const [sock, engine] = Pipe.forSocket(hwm, hwm);
  return { sock, engine };
}

function deliver(p: { engine: Pipe }, ...texts: string[]): void {
  for (const t of texts) expect(p.engine.write([Buffer.from(t)])).toBe(true);
}

function label(message: Message | undefined): string | undefined {
  return message?.[0]?.toString();
}

function readAll(fq: FairQueue): string[] {
  const out: string[] = [];
  for (let m = fq.read(); m !== undefined; m = fq.read()) out.push(label(m)!);
  return out;
}

/** Whether the fair queue still holds `p` (it has no public view of its pipes; this peeks at the set). */
function holds(fq: FairQueue, p: Pipe): boolean {
  return (fq as unknown as { pipes: ActiveSet }).pipes.has(p);
}

describe("FairQueue", () => {
  it("is empty without pipes", () => {
    const fq = new FairQueue();
    expect(fq.readable).toBe(false);
    expect(fq.read()).toBeUndefined();
  });

  it("takes one message from each pipe in turn", () => {
    const fq = new FairQueue();
    const a = pipe();
    const b = pipe();
    const c = pipe();
    deliver(a, "a1", "a2", "a3");
    deliver(b, "b1", "b2");
    deliver(c, "c1");
    fq.attach(a.sock);
    fq.attach(b.sock);
    fq.attach(c.sock);
    expect(fq.readable).toBe(true);
    expect(readAll(fq)).toEqual(["a1", "b1", "c1", "a2", "b2", "a3"]);
    expect(fq.readable).toBe(false);
  });

  it("readable is false once the messages have been read, before any read() finds the pipe empty", () => {
    const fq = new FairQueue();
    const a = pipe();
    const b = pipe();
    fq.attach(a.sock);
    fq.attach(b.sock);
    deliver(a, "a1");
    fq.activate(a.sock);
    deliver(b, "b1");
    fq.activate(b.sock);
    expect(label(fq.read())).toBe("a1");
    expect(label(fq.read())).toBe("b1");
    // Both pipes are still marked active, but neither holds anything.
    expect(fq.readable).toBe(false);
    deliver(b, "b2");
    fq.activate(b.sock);
    expect(fq.readable).toBe(true);
    expect(readAll(fq)).toEqual(["b2"]);
  });

  it("does not let a busy pipe starve a quiet one", () => {
    const fq = new FairQueue();
    const busy = pipe(0);
    const quiet = pipe(0);
    for (let i = 0; i < 100; i++) deliver(busy, `busy${i}`);
    deliver(quiet, "q0", "q1");
    fq.attach(busy.sock);
    fq.attach(quiet.sock);
    expect(readAll(fq).slice(0, 5)).toEqual(["busy0", "q0", "busy1", "q1", "busy2"]);
  });

  it("remembers the pipe the last message came from", () => {
    const fq = new FairQueue();
    const a = pipe();
    const b = pipe();
    deliver(a, "a");
    deliver(b, "b");
    fq.attach(a.sock);
    fq.attach(b.sock);
    expect(label(fq.read())).toBe("a");
    expect(fq.lastPipe).toBe(a.sock);
    expect(label(fq.read())).toBe("b");
    expect(fq.lastPipe).toBe(b.sock);
  });

  it("an empty pipe is attached inactive and joins once activated", () => {
    const fq = new FairQueue();
    const a = pipe();
    fq.attach(a.sock);
    expect(fq.readable).toBe(false);
    expect(fq.read()).toBeUndefined();
    deliver(a, "late");
    fq.activate(a.sock);
    expect(fq.readable).toBe(true);
    expect(label(fq.read())).toBe("late");
  });

  it("an owner that activates on pipeReadable keeps the queue fed (as the socket does)", () => {
    const fq = new FairQueue();
    const a = pipe();
    const b = pipe();
    for (const p of [a, b]) {
      recordOwner(p.sock, {
        readable: (s) => {
          fq.activate(s);
        },
      });
      fq.attach(p.sock);
    }
    deliver(a, "a1");
    expect(readAll(fq)).toEqual(["a1"]);
    deliver(b, "b1", "b2");
    deliver(a, "a2");
    expect(readAll(fq).sort()).toEqual(["a2", "b1", "b2"]);
    expect(fq.readable).toBe(false);
  });

  it("goes inactive when its pipes run dry and reactivates on new messages", () => {
    const fq = new FairQueue();
    const a = pipe();
    const b = pipe();
    fq.attach(a.sock);
    fq.attach(b.sock);
    deliver(a, "a1");
    fq.activate(a.sock);
    expect(readAll(fq)).toEqual(["a1"]);
    expect(fq.readable).toBe(false);
    deliver(b, "b1", "b2");
    fq.activate(b.sock);
    deliver(a, "a2");
    fq.activate(a.sock);
    const got = readAll(fq);
    expect(got.sort()).toEqual(["a2", "b1", "b2"]);
  });

  it("skips typed items: only messages come out", () => {
    const fq = new FairQueue();
    const a = pipe();
    a.engine.forceWrite(new Subscription(true, Buffer.from("x")));
    deliver(a, "a1");
    a.engine.forceWrite(new Subscription(false, Buffer.from("x")));
    fq.attach(a.sock);
    expect(readAll(fq)).toEqual(["a1"]);
    expect(a.sock.readable).toBe(false);
  });

  it("delivers what a terminated pipe still holds, then drops it", () => {
    const fq = new FairQueue();
    const a = pipe();
    const b = pipe();
    deliver(a, "a1", "a2");
    deliver(b, "b1");
    fq.attach(a.sock);
    fq.attach(b.sock);
    a.engine.terminate(); // the peer went: the socket's end is told, and tells the fair queue
    fq.terminated(a.sock);
    expect(holds(fq, a.sock)).toBe(true);
    expect(readAll(fq)).toEqual(["a1", "b1", "a2"]);
    // a is gone once drained; nothing new can arrive on it anyway
    expect(holds(fq, a.sock)).toBe(false);
    expect(a.engine.write([Buffer.from("ghost")])).toBe(false);
    fq.activate(a.sock);
    expect(fq.readable).toBe(false);
    expect(fq.read()).toBeUndefined();
    // b is still attached
    deliver(b, "b2");
    fq.activate(b.sock);
    expect(readAll(fq)).toEqual(["b2"]);
  });

  it("drops an empty terminated pipe at once", () => {
    const fq = new FairQueue();
    const a = pipe();
    fq.attach(a.sock);
    a.engine.terminate();
    fq.terminated(a.sock);
    expect(holds(fq, a.sock)).toBe(false);
    fq.activate(a.sock);
    expect(fq.readable).toBe(false);
    expect(fq.read()).toBeUndefined();
  });

  it("a detached pipe is not read, even if it has messages and is activated again", () => {
    const fq = new FairQueue();
    const a = pipe();
    const b = pipe();
    deliver(a, "a1", "a2");
    deliver(b, "b1");
    fq.attach(a.sock);
    fq.attach(b.sock);
    fq.detach(a.sock);
    expect(readAll(fq)).toEqual(["b1"]);
    fq.activate(a.sock);
    expect(fq.readable).toBe(false);
    expect(a.sock.readableSize).toBe(2);
  });
});
