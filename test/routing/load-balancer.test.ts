import { describe, expect, it } from "vitest";
import type { Message } from "../../src/message.js";
import { Pipe } from "../../src/pipe/pipe.js";
import { LoadBalancer } from "../../src/routing/load-balancer.js";

function msg(text: string): Message {
  return [Buffer.from(text)];
}

/** What the balancer queued on a pipe, oldest first (the pipe is left empty). */
function queued(pipe: Pipe): string[] {
  const out: string[] = [];
  for (let m = pipe.outbound.shift(); m !== undefined; m = pipe.outbound.shift()) out.push(m[0]!.toString());
  return out;
}

function sendAll(lb: LoadBalancer, count: number, prefix = "m"): boolean[] {
  const results: boolean[] = [];
  for (let i = 0; i < count; i++) results.push(lb.send(msg(`${prefix}${i}`)));
  return results;
}

describe("LoadBalancer", () => {
  it("has nothing to send to before a pipe is attached", () => {
    const lb = new LoadBalancer();
    expect(lb.hasPipes).toBe(false);
    expect(lb.writable).toBe(false);
    expect(lb.send(msg("x"))).toBe(false);
    expect(lb.lastPipe).toBeUndefined();
  });

  it("round-robins over the pipes in attach order", () => {
    const lb = new LoadBalancer();
    const pipes = [Pipe.create(100, 100), Pipe.create(100, 100), Pipe.create(100, 100)];
    for (const p of pipes) lb.attach(p);
    expect(lb.hasPipes).toBe(true);
    expect(lb.writable).toBe(true);
    expect(sendAll(lb, 7)).toEqual(Array(7).fill(true));
    expect(queued(pipes[0]!)).toEqual(["m0", "m3", "m6"]);
    expect(queued(pipes[1]!)).toEqual(["m1", "m4"]);
    expect(queued(pipes[2]!)).toEqual(["m2", "m5"]);
  });

  it("remembers the pipe the last message went to", () => {
    const lb = new LoadBalancer();
    const a = Pipe.create(10, 10);
    const b = Pipe.create(10, 10);
    lb.attach(a);
    lb.attach(b);
    lb.send(msg("1"));
    expect(lb.lastPipe).toBe(a);
    lb.send(msg("2"));
    expect(lb.lastPipe).toBe(b);
    lb.send(msg("3"));
    expect(lb.lastPipe).toBe(a);
  });

  it("skips a pipe at its high-water mark", () => {
    const lb = new LoadBalancer();
    const small = Pipe.create(1, 10);
    const big = Pipe.create(100, 10);
    lb.attach(small);
    lb.attach(big);
    expect(sendAll(lb, 6)).toEqual(Array(6).fill(true));
    expect(queued(small)).toEqual(["m0"]);
    expect(queued(big)).toEqual(["m1", "m2", "m3", "m4", "m5"]);
  });

  it("refuses (false) when every pipe is full, and queues nothing", () => {
    const lb = new LoadBalancer();
    const a = Pipe.create(2, 10);
    const b = Pipe.create(1, 10);
    lb.attach(a);
    lb.attach(b);
    expect(sendAll(lb, 3)).toEqual([true, true, true]);
    expect(lb.writable).toBe(false); // every pipe is at its mark, whether or not a send has found out yet
    expect(lb.send(msg("extra"))).toBe(false);
    expect(lb.writable).toBe(false);
    expect(lb.send(msg("extra2"))).toBe(false);
    expect(a.outbound.size).toBe(2);
    expect(b.outbound.size).toBe(1);
  });

  it("does not attach a full pipe as active", () => {
    const lb = new LoadBalancer();
    const full = Pipe.create(1, 10);
    full.write(msg("pre"));
    lb.attach(full);
    expect(lb.hasPipes).toBe(true);
    expect(lb.writable).toBe(false);
    expect(lb.send(msg("x"))).toBe(false);
  });

  it("reactivates a pipe once it has room again", () => {
    const lb = new LoadBalancer();
    const a = Pipe.create(1, 10);
    lb.attach(a);
    expect(lb.send(msg("1"))).toBe(true);
    expect(lb.send(msg("2"))).toBe(false);
    expect(lb.writable).toBe(false);
    // activation of a still-full pipe is ignored
    lb.activate(a);
    expect(lb.writable).toBe(false);
    expect(queued(a)).toEqual(["1"]);
    lb.activate(a);
    expect(lb.writable).toBe(true);
    expect(lb.send(msg("3"))).toBe(true);
    expect(queued(a)).toEqual(["3"]);
  });

  it("resumes round-robin with a reactivated pipe", () => {
    const lb = new LoadBalancer();
    const a = Pipe.create(1, 10);
    const b = Pipe.create(100, 10);
    lb.attach(a);
    lb.attach(b);
    sendAll(lb, 4, "x");
    expect(queued(a)).toEqual(["x0"]);
    expect(queued(b)).toEqual(["x1", "x2", "x3"]);
    lb.activate(a);
    const results = sendAll(lb, 4, "y");
    expect(results).toEqual([true, true, true, true]);
    const onA = queued(a);
    const onB = queued(b);
    expect(onA).toHaveLength(1); // a holds one message at most
    expect([...onA, ...onB].sort()).toEqual(["y0", "y1", "y2", "y3"]);
  });

  it("stops sending to a detached pipe", () => {
    const lb = new LoadBalancer();
    const a = Pipe.create(10, 10);
    const b = Pipe.create(10, 10);
    lb.attach(a);
    lb.attach(b);
    lb.detach(a);
    sendAll(lb, 3);
    expect(queued(a)).toEqual([]);
    expect(queued(b)).toEqual(["m0", "m1", "m2"]);
    lb.detach(b);
    expect(lb.hasPipes).toBe(false);
    expect(lb.send(msg("x"))).toBe(false);
  });

  it("skips a terminated pipe", () => {
    const lb = new LoadBalancer();
    const a = Pipe.create(10, 10);
    const b = Pipe.create(10, 10);
    lb.attach(a);
    lb.attach(b);
    a.terminate();
    sendAll(lb, 3);
    expect(queued(a)).toEqual([]);
    expect(queued(b)).toEqual(["m0", "m1", "m2"]);
    lb.activate(a); // a terminated pipe never becomes writable again
    sendAll(lb, 1, "z");
    expect(queued(a)).toEqual([]);
    expect(queued(b)).toEqual(["z0"]);
  });

  it("attaching the same pipe twice has no effect", () => {
    const lb = new LoadBalancer();
    const a = Pipe.create(10, 10);
    const b = Pipe.create(10, 10);
    lb.attach(a);
    lb.attach(a);
    lb.attach(b);
    sendAll(lb, 4);
    expect(queued(a)).toEqual(["m0", "m2"]);
    expect(queued(b)).toEqual(["m1", "m3"]);
  });
});
