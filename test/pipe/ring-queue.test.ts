import { describe, expect, it } from "vitest";
import { RingQueue } from "../../src/pipe/ring-queue.js";

describe("RingQueue", () => {
  it("starts empty", () => {
    const q = new RingQueue<number>();
    expect(q.length).toBe(0);
    expect(q.shift()).toBeUndefined();
    expect(q.peek()).toBeUndefined();
    expect(q.drain()).toEqual([]);
  });

  it("is FIFO", () => {
    const q = new RingQueue<string>();
    q.push("a");
    q.push("b");
    q.push("c");
    expect(q.length).toBe(3);
    expect(q.peek()).toBe("a");
    expect(q.shift()).toBe("a");
    expect(q.shift()).toBe("b");
    expect(q.length).toBe(1);
    expect(q.shift()).toBe("c");
    expect(q.shift()).toBeUndefined();
    expect(q.length).toBe(0);
  });

  it("grows past its initial capacity and keeps order", () => {
    const q = new RingQueue<number>();
    for (let i = 0; i < 1000; i++) q.push(i);
    expect(q.length).toBe(1000);
    for (let i = 0; i < 1000; i++) expect(q.shift()).toBe(i);
    expect(q.length).toBe(0);
  });

  it("keeps order when it grows while wrapped around", () => {
    const q = new RingQueue<number>();
    let next = 0;
    let expected = 0;
    // Move the head into the middle of the ring, so the stored items wrap around its end.
    for (let i = 0; i < 10; i++) q.push(next++);
    for (let i = 0; i < 7; i++) expect(q.shift()).toBe(expected++);
    for (let i = 0; i < 13; i++) q.push(next++); // 16 items, wrapped: full ring
    expect(q.length).toBe(16);
    for (let i = 0; i < 40; i++) q.push(next++); // grows twice from a wrapped state
    expect(q.length).toBe(56);
    while (q.length > 0) expect(q.shift()).toBe(expected++);
    expect(expected).toBe(next);
  });

  it("stays FIFO under interleaved push and shift", () => {
    const q = new RingQueue<number>();
    let next = 0;
    let expected = 0;
    for (let round = 0; round < 200; round++) {
      const pushes = (round * 7) % 23;
      const shifts = (round * 5) % 19;
      for (let i = 0; i < pushes; i++) q.push(next++);
      for (let i = 0; i < shifts && q.length > 0; i++) expect(q.shift()).toBe(expected++);
      expect(q.length).toBe(next - expected);
      if (q.length > 0) expect(q.peek()).toBe(expected);
    }
    expect(q.drain()).toEqual(Array.from({ length: next - expected }, (_, i) => expected + i));
    expect(q.length).toBe(0);
  });

  it("drain returns everything in order and empties the queue", () => {
    const q = new RingQueue<string>();
    for (const s of ["x", "y", "z"]) q.push(s);
    expect(q.drain()).toEqual(["x", "y", "z"]);
    expect(q.length).toBe(0);
    q.push("again");
    expect(q.shift()).toBe("again");
  });

  it("peek does not remove", () => {
    const q = new RingQueue<number>();
    q.push(1);
    expect(q.peek()).toBe(1);
    expect(q.peek()).toBe(1);
    expect(q.length).toBe(1);
  });
});
