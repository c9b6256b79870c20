import { describe, expect, it } from "vitest";
import type { Message } from "../../src/message.js";
import { Pipe } from "../../src/pipe/pipe.js";
import { LoadBalancer } from "../../src/routing/load-balancer.js";
import { recordOwner } from "../helpers/recording-owner.js";

function msg(text: string): Message {
  return [Buffer.from(text)];
}

/** A socket's end with the given send mark, and its far (engine) end where what was sent is read. */
function pipe(sendHwm: number): { sock: Pipe; engine: Pipe } {
  const [sock, engine] = Pipe.forSocket(sendHwm, 10);
  return { sock, engine };
}

/** What the balancer queued on a pipe, oldest first (read at the far end, which is left empty). */
function queued(p: { engine: Pipe }): string[] {
  const out: string[] = [];
  for (let m = p.engine.readMessage(); m !== undefined; m = p.engine.readMessage()) out.push(m[0]!.toString());
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
    const pipes = [pipe(100), pipe(100), pipe(100)];
    for (const p of pipes) lb.attach(p.sock);
    expect(lb.hasPipes).toBe(true);
    expect(lb.writable).toBe(true);
    expect(sendAll(lb, 7)).toEqual(Array(7).fill(true));
    expect(queued(pipes[0]!)).toEqual(["m0", "m3", "m6"]);
    expect(queued(pipes[1]!)).toEqual(["m1", "m4"]);
    expect(queued(pipes[2]!)).toEqual(["m2", "m5"]);
  });

  it("remembers the pipe the last message went to", () => {
    const lb = new LoadBalancer();
    const a = pipe(10);
    const b = pipe(10);
    lb.attach(a.sock);
    lb.attach(b.sock);
    lb.send(msg("1"));
    expect(lb.lastPipe).toBe(a.sock);
    lb.send(msg("2"));
    expect(lb.lastPipe).toBe(b.sock);
    lb.send(msg("3"));
    expect(lb.lastPipe).toBe(a.sock);
  });

  it("skips a pipe at its high-water mark", () => {
    const lb = new LoadBalancer();
    const small = pipe(1);
    const big = pipe(100);
    lb.attach(small.sock);
    lb.attach(big.sock);
    expect(sendAll(lb, 6)).toEqual(Array(6).fill(true));
    expect(queued(small)).toEqual(["m0"]);
    expect(queued(big)).toEqual(["m1", "m2", "m3", "m4", "m5"]);
  });

  it("refuses (false) when every pipe is full, and queues nothing", () => {
    const lb = new LoadBalancer();
    const a = pipe(2);
    const b = pipe(1);
    lb.attach(a.sock);
    lb.attach(b.sock);
    expect(sendAll(lb, 3)).toEqual([true, true, true]);
    expect(lb.writable).toBe(false); // every pipe is at its mark, whether or not a send has found out yet
    expect(lb.send(msg("extra"))).toBe(false);
    expect(lb.writable).toBe(false);
    expect(lb.send(msg("extra2"))).toBe(false);
    expect(a.sock.writtenSize).toBe(2);
    expect(b.sock.writtenSize).toBe(1);
  });

  it("does not attach a full pipe as active", () => {
    const lb = new LoadBalancer();
    const full = pipe(1);
    full.sock.write(msg("pre"));
    lb.attach(full.sock);
    expect(lb.hasPipes).toBe(true);
    expect(lb.writable).toBe(false);
    expect(lb.send(msg("x"))).toBe(false);
  });

  it("reactivates a pipe once it has room again", () => {
    const lb = new LoadBalancer();
    const a = pipe(1);
    lb.attach(a.sock);
    expect(lb.send(msg("1"))).toBe(true);
    expect(lb.send(msg("2"))).toBe(false);
    expect(lb.writable).toBe(false);
    // activation of a still-full pipe is ignored
    lb.activate(a.sock);
    expect(lb.writable).toBe(false);
    expect(queued(a)).toEqual(["1"]);
    lb.activate(a.sock);
    expect(lb.writable).toBe(true);
    expect(lb.send(msg("3"))).toBe(true);
    expect(queued(a)).toEqual(["3"]);
  });

  it("an owner that activates on pipeWritable is back in the rotation a microtask after the drain", async () => {
    const lb = new LoadBalancer();
    const a = pipe(2);
    const owner = recordOwner(a.sock, {
      writable: (s) => {
        lb.activate(s);
      },
    });
    lb.attach(a.sock);
    expect(sendAll(lb, 3)).toEqual([true, true, false]);
    expect(queued(a)).toEqual(["m0", "m1"]);
    expect(lb.writable).toBe(false); // not told yet: pipeWritable is never delivered from inside read()
    expect(lb.send(msg("early"))).toBe(false);
    await Promise.resolve();
    expect(owner.kinds).toEqual(["writable"]);
    expect(lb.writable).toBe(true);
    expect(sendAll(lb, 2, "y")).toEqual([true, true]);
    expect(queued(a)).toEqual(["y0", "y1"]);
  });

  it("resumes round-robin with a reactivated pipe", () => {
    const lb = new LoadBalancer();
    const a = pipe(1);
    const b = pipe(100);
    lb.attach(a.sock);
    lb.attach(b.sock);
    sendAll(lb, 4, "x");
    expect(queued(a)).toEqual(["x0"]);
    expect(queued(b)).toEqual(["x1", "x2", "x3"]);
    lb.activate(a.sock);
    const results = sendAll(lb, 4, "y");
    expect(results).toEqual([true, true, true, true]);
    const onA = queued(a);
    const onB = queued(b);
    expect(onA).toHaveLength(1); // a holds one message at most
    expect([...onA, ...onB].sort()).toEqual(["y0", "y1", "y2", "y3"]);
  });

  it("stops sending to a detached pipe", () => {
    const lb = new LoadBalancer();
    const a = pipe(10);
    const b = pipe(10);
    lb.attach(a.sock);
    lb.attach(b.sock);
    lb.detach(a.sock);
    sendAll(lb, 3);
    expect(queued(a)).toEqual([]);
    expect(queued(b)).toEqual(["m0", "m1", "m2"]);
    lb.detach(b.sock);
    expect(lb.hasPipes).toBe(false);
    expect(lb.send(msg("x"))).toBe(false);
  });

  it("skips a terminated pipe", () => {
    const lb = new LoadBalancer();
    const a = pipe(10);
    const b = pipe(10);
    lb.attach(a.sock);
    lb.attach(b.sock);
    a.engine.terminate();
    sendAll(lb, 3);
    expect(queued(a)).toEqual([]);
    expect(queued(b)).toEqual(["m0", "m1", "m2"]);
    lb.activate(a.sock); // a terminated pipe never becomes writable again
    sendAll(lb, 1, "z");
    expect(queued(a)).toEqual([]);
    expect(queued(b)).toEqual(["z0"]);
  });

  it("attaching the same pipe twice has no effect", () => {
    const lb = new LoadBalancer();
    const a = pipe(10);
    const b = pipe(10);
    lb.attach(a.sock);
    lb.attach(a.sock);
    lb.attach(b.sock);
    sendAll(lb, 4);
    expect(queued(a)).toEqual(["m0", "m2"]);
    expect(queued(b)).toEqual(["m1", "m3"]);
  });
});
