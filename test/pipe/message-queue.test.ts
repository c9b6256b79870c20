import { describe, expect, it } from "vitest";
import type { Message } from "../../src/message.js";
import { MessageQueue } from "../../src/pipe/message-queue.js";
import { Pipe } from "../../src/pipe/pipe.js";

function msg(text: string): Message {
  return [Buffer.from(text)];
}

function text(message: Message | undefined): string | undefined {
  return message === undefined ? undefined : message.map((f) => f.toString()).join("|");
}

describe("MessageQueue", () => {
  it("is FIFO over whole messages", () => {
    const q = new MessageQueue(10);
    q.push(msg("a"));
    q.push([Buffer.from("b1"), Buffer.from("b2")]);
    q.push(msg("c"));
    expect(q.size).toBe(3);
    expect(text(q.peek())).toBe("a");
    expect(text(q.shift())).toBe("a");
    expect(text(q.shift())).toBe("b1|b2");
    expect(text(q.shift())).toBe("c");
    expect(q.shift()).toBeUndefined();
    expect(q.size).toBe(0);
  });

  it("grows beyond its initial ring size", () => {
    const q = new MessageQueue(0);
    for (let i = 0; i < 500; i++) q.push(msg(String(i)));
    expect(q.size).toBe(500);
    for (let i = 0; i < 500; i++) expect(text(q.shift())).toBe(String(i));
  });

  it("is full at the high-water mark, counting messages not frames", () => {
    const q = new MessageQueue(3);
    q.push([Buffer.from("1"), Buffer.from("2"), Buffer.from("3"), Buffer.from("4")]);
    expect(q.full).toBe(false);
    q.push(msg("b"));
    expect(q.full).toBe(false);
    q.push(msg("c"));
    expect(q.full).toBe(true);
    // push itself does not enforce the mark (the caller checks `full`)
    q.push(msg("d"));
    expect(q.size).toBe(4);
    expect(q.full).toBe(true);
    q.shift();
    q.shift();
    expect(q.full).toBe(false);
  });

  it("high-water mark 0 means no limit", () => {
    const q = new MessageQueue(0);
    let writable = 0;
    q.onWritable = () => writable++;
    for (let i = 0; i < 10_000; i++) {
      q.push(msg("x"));
      expect(q.full).toBe(false);
    }
    while (q.shift() !== undefined);
    expect(writable).toBe(0);
  });

  it("onReadable fires only when the queue goes from empty to non-empty", () => {
    const q = new MessageQueue(10);
    let readable = 0;
    q.onReadable = () => readable++;
    q.push(msg("a"));
    expect(readable).toBe(1);
    q.push(msg("b"));
    q.push(msg("c"));
    expect(readable).toBe(1);
    q.shift();
    q.push(msg("d"));
    expect(readable).toBe(1);
    q.shift();
    q.shift();
    q.shift();
    expect(q.size).toBe(0);
    q.push(msg("e"));
    expect(readable).toBe(2);
  });

  it("onReadable sees the message already queued", () => {
    const q = new MessageQueue(10);
    let seen: string | undefined;
    q.onReadable = () => {
      seen = text(q.peek());
    };
    q.push(msg("first"));
    expect(seen).toBe("first");
  });

  it("onWritable fires once when a full queue drains to half its mark", () => {
    const q = new MessageQueue(4);
    let writable = 0;
    q.onWritable = () => writable++;
    for (let i = 0; i < 4; i++) q.push(msg(String(i)));
    expect(q.full).toBe(true);
    q.shift(); // 3 left
    expect(writable).toBe(0);
    q.shift(); // 2 left: half of 4
    expect(writable).toBe(1);
    q.shift();
    q.shift();
    expect(writable).toBe(1);
  });

  it("onWritable uses the rounded-down half for an odd mark", () => {
    const q = new MessageQueue(5);
    let writable = 0;
    q.onWritable = () => writable++;
    for (let i = 0; i < 5; i++) q.push(msg(String(i)));
    q.shift(); // 4
    q.shift(); // 3
    expect(writable).toBe(0);
    q.shift(); // 2 = 5 >>> 1
    expect(writable).toBe(1);
  });

  it("onWritable does not fire for a queue that never was full", () => {
    const q = new MessageQueue(4);
    let writable = 0;
    q.onWritable = () => writable++;
    for (let round = 0; round < 10; round++) {
      q.push(msg("a"));
      q.push(msg("b"));
      q.push(msg("c"));
      while (q.shift() !== undefined);
    }
    expect(writable).toBe(0);
  });

  it("onWritable fires again after each fill and drain cycle", () => {
    const q = new MessageQueue(2);
    let writable = 0;
    q.onWritable = () => writable++;
    for (let round = 1; round <= 3; round++) {
      q.push(msg("a"));
      q.push(msg("b"));
      expect(q.full).toBe(true);
      q.shift(); // 1 = half of 2
      expect(writable).toBe(round);
      q.shift();
    }
  });

  it("clear drops everything and wakes a waiting writer", () => {
    const q = new MessageQueue(2);
    let writable = 0;
    q.onWritable = () => writable++;
    q.push(msg("a"));
    q.push(msg("b"));
    q.clear();
    expect(q.size).toBe(0);
    expect(q.full).toBe(false);
    expect(writable).toBe(1);
    q.push(msg("c"));
    q.clear();
    expect(writable).toBe(1);
  });
});

describe("Pipe", () => {
  it("write refuses at the send high-water mark and after termination", () => {
    const pipe = Pipe.create(2, 5);
    expect(pipe.outbound.highWaterMark).toBe(2);
    expect(pipe.inbound.highWaterMark).toBe(5);
    expect(pipe.write(msg("a"))).toBe(true);
    expect(pipe.write(msg("b"))).toBe(true);
    expect(pipe.writable).toBe(false);
    expect(pipe.write(msg("c"))).toBe(false);
    expect(pipe.outbound.size).toBe(2);
    pipe.outbound.shift();
    expect(pipe.writable).toBe(true);
    let terminated = 0;
    pipe.onTerminated = () => terminated++;
    pipe.terminate();
    pipe.terminate();
    expect(terminated).toBe(1);
    expect(pipe.writable).toBe(false);
    expect(pipe.write(msg("d"))).toBe(false);
  });

  it("reads what the peer delivered, in order", () => {
    const pipe = Pipe.create(10, 10);
    expect(pipe.readable).toBe(false);
    pipe.inbound.push(msg("1"));
    pipe.inbound.push(msg("2"));
    expect(pipe.readable).toBe(true);
    expect(text(pipe.read())).toBe("1");
    expect(text(pipe.read())).toBe("2");
    expect(pipe.read()).toBeUndefined();
    expect(pipe.readable).toBe(false);
  });
});
