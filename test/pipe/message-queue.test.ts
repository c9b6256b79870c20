import { describe, expect, it } from "vitest";
import type { Message } from "../../src/message.js";
import { MessageQueue } from "../../src/pipe/message-queue.js";
import { Subscription } from "../../src/pipe/pipe-item.js";
import { itemText } from "../helpers/text.js";

function msg(text: string): Message {
  return [Buffer.from(text)];
}

/** Shifts everything, noting after which shifts (by the size left) a waiting writer became due. */
function drainNotingWakes(q: MessageQueue): number[] {
  const wakes: number[] = [];
  while (q.shift() !== undefined) if (q.writerDue()) wakes.push(q.size);
  return wakes;
}

describe("MessageQueue", () => {
  it("is FIFO over whole messages", () => {
    const q = new MessageQueue(10);
    q.push(msg("a"));
    q.push([Buffer.from("b1"), Buffer.from("b2")]);
    q.push(msg("c"));
    expect(q.size).toBe(3);
    expect(itemText(q.peek())).toBe("a");
    expect(itemText(q.shift())).toBe("a");
    expect(itemText(q.shift())).toBe("b1|b2");
    expect(itemText(q.shift())).toBe("c");
    expect(q.shift()).toBeUndefined();
    expect(q.size).toBe(0);
  });

  it("carries typed items in order with messages, as the same objects", () => {
    const q = new MessageQueue(10);
    const sub = new Subscription(true, Buffer.from("topic"));
    const m = msg("m");
    q.push(m);
    q.push(sub);
    expect(q.size).toBe(2);
    expect(q.shift()).toBe(m);
    expect(q.shift()).toBe(sub);
  });

  it("grows beyond its initial ring size", () => {
    const q = new MessageQueue(0);
    for (let i = 0; i < 500; i++) q.push(msg(String(i)));
    expect(q.size).toBe(500);
    for (let i = 0; i < 500; i++) expect(itemText(q.shift())).toBe(String(i));
  });

  it("is full at the high-water mark, counting messages not frames", () => {
    const q = new MessageQueue(3);
    q.push([Buffer.from("1"), Buffer.from("2"), Buffer.from("3"), Buffer.from("4")]);
    expect(q.full).toBe(false);
    q.push(msg("b"));
    expect(q.full).toBe(false);
    q.push(msg("c"));
    expect(q.full).toBe(true);
    // push itself does not enforce the mark (the pipe end checks `full`; forceWrite goes past it)
    q.push(msg("d"));
    expect(q.size).toBe(4);
    expect(q.full).toBe(true);
    q.shift();
    q.shift();
    expect(q.full).toBe(false);
  });

  it("counts typed items toward the mark", () => {
    const q = new MessageQueue(2);
    q.push(new Subscription(true, Buffer.from("a")));
    q.push(new Subscription(false, Buffer.from("a")));
    expect(q.full).toBe(true);
  });

  it("the mark can be changed in place", () => {
    const q = new MessageQueue(2);
    q.push(msg("a"));
    q.push(msg("b"));
    expect(q.full).toBe(true);
    q.highWaterMark = 3;
    expect(q.full).toBe(false);
    q.highWaterMark = 0;
    expect(q.full).toBe(false);
  });

  it("high-water mark 0 means no limit, and no writer is ever due", () => {
    const q = new MessageQueue(0);
    for (let i = 0; i < 10_000; i++) {
      q.push(msg("x"));
      expect(q.full).toBe(false);
    }
    expect(drainNotingWakes(q)).toEqual([]);
  });

  it("push answers true only when the queue goes from empty to non-empty", () => {
    const q = new MessageQueue(10);
    expect(q.push(msg("a"))).toBe(true);
    expect(q.push(msg("b"))).toBe(false);
    expect(q.push(msg("c"))).toBe(false);
    q.shift();
    expect(q.push(msg("d"))).toBe(false);
    q.shift();
    q.shift();
    q.shift();
    expect(q.size).toBe(0);
    expect(q.push(msg("e"))).toBe(true);
  });

  it("a full queue has its writer due once, when it drains to half its mark", () => {
    const q = new MessageQueue(4);
    for (let i = 0; i < 4; i++) q.push(msg(String(i)));
    expect(q.full).toBe(true);
    q.shift(); // 3 left
    expect(q.writerDue()).toBe(false);
    q.shift(); // 2 left: half of 4
    expect(q.writerDue()).toBe(true);
    // asking again forgets nothing new: the writer was already woken
    expect(q.writerDue()).toBe(false);
    q.shift();
    expect(q.writerDue()).toBe(false);
    q.shift();
    expect(q.writerDue()).toBe(false);
  });

  it("uses the rounded-down half for an odd mark", () => {
    const q = new MessageQueue(5);
    for (let i = 0; i < 5; i++) q.push(msg(String(i)));
    expect(drainNotingWakes(q)).toEqual([2]);
  });

  it("a mark of 1 has its writer due once the queue is empty", () => {
    const q = new MessageQueue(1);
    q.push(msg("a"));
    expect(q.full).toBe(true);
    expect(drainNotingWakes(q)).toEqual([0]);
  });

  it("no writer is due for a queue that never was full", () => {
    const q = new MessageQueue(4);
    for (let round = 0; round < 10; round++) {
      q.push(msg("a"));
      q.push(msg("b"));
      q.push(msg("c"));
      expect(drainNotingWakes(q)).toEqual([]);
    }
  });

  it("the writer is due again after each fill and drain cycle", () => {
    const q = new MessageQueue(2);
    for (let round = 1; round <= 3; round++) {
      q.push(msg("a"));
      q.push(msg("b"));
      expect(q.full).toBe(true);
      expect(drainNotingWakes(q)).toEqual([1]);
    }
  });

  it("pushing past the mark still wakes the writer at half the mark", () => {
    const q = new MessageQueue(4);
    for (let i = 0; i < 9; i++) q.push(msg(String(i)));
    expect(drainNotingWakes(q)).toEqual([2]);
  });

  it("wakeWriterAt asks to be woken at a given size, without a mark", () => {
    const q = new MessageQueue(0);
    for (let i = 0; i < 6; i++) q.push(msg(String(i)));
    q.wakeWriterAt(3);
    expect(drainNotingWakes(q)).toEqual([3]);
  });

  it("wakeWriterAt keeps the earlier of two wake-ups (the larger size)", () => {
    const q = new MessageQueue(4);
    for (let i = 0; i < 8; i++) q.push(msg(String(i)));
    q.wakeWriterAt(5); // later than the mark's 2
    q.wakeWriterAt(1); // earlier one already asked for: kept
    expect(drainNotingWakes(q)).toEqual([5]);
  });

  it("clear drops everything and reports a waiting writer once", () => {
    const q = new MessageQueue(2);
    q.push(msg("a"));
    q.push(msg("b"));
    expect(q.clear()).toBe(true);
    expect(q.size).toBe(0);
    expect(q.full).toBe(false);
    expect(q.peek()).toBeUndefined();
    q.push(msg("c"));
    expect(q.clear()).toBe(false);
    expect(q.clear()).toBe(false);
  });

  it("conflate keeps only the newest message and is never full", () => {
    const q = new MessageQueue(2, true);
    expect(q.conflate).toBe(true);
    expect(q.push(msg("1"))).toBe(true);
    expect(q.full).toBe(false);
    // replacing the waiting message is not a new empty-to-non-empty transition
    expect(q.push(msg("2"))).toBe(false);
    expect(q.push(msg("3"))).toBe(false);
    expect(q.size).toBe(1);
    expect(q.full).toBe(false);
    expect(itemText(q.shift())).toBe("3");
    expect(q.writerDue()).toBe(false);
    expect(q.push(msg("4"))).toBe(true);
    expect(itemText(q.shift())).toBe("4");
  });
});
