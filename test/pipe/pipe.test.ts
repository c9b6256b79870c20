import { describe, expect, it } from "vitest";
import type { Message } from "../../src/message.js";
import { MessageQueue } from "../../src/pipe/message-queue.js";
import { Subscription } from "../../src/pipe/pipe-item.js";
import { Pipe, type PeerInfo } from "../../src/pipe/pipe.js";
import { recordOwner } from "../helpers/recording-owner.js";
import { itemText } from "../helpers/text.js";

function msg(text: string): Message {
  return [Buffer.from(text)];
}

/** Everything readable at `pipe`, as text, in order (the end is left empty). */
function readAll(pipe: Pipe): string[] {
  const out: string[] = [];
  for (let item = pipe.read(); item !== undefined; item = pipe.read()) out.push(itemText(item)!);
  return out;
}

function peer(socketType: string): PeerInfo {
  return { socketType, identity: undefined, metadata: new Map(), zmtp31: true };
}

/** Lets the microtasks queued so far run (a pipeWritable is one microtask away). */
async function microtask(): Promise<void> {
  await Promise.resolve();
}

describe("Pipe ends", () => {
  it("forSocket: each end reads what the other wrote, in order", () => {
    const [sock, engine] = Pipe.forSocket(2, 5);
    expect(sock.writeMark).toBe(2);
    expect(engine.writeMark).toBe(5);
    expect(sock.write(msg("s1"))).toBe(true);
    expect(sock.write([Buffer.from("s2a"), Buffer.from("s2b")])).toBe(true);
    expect(engine.write(msg("e1"))).toBe(true);
    expect(sock.writtenSize).toBe(2);
    expect(engine.readableSize).toBe(2);
    expect(sock.readableSize).toBe(1);
    expect(engine.readable).toBe(true);
    expect(readAll(engine)).toEqual(["s1", "s2a|s2b"]);
    expect(readAll(sock)).toEqual(["e1"]);
    expect(sock.writtenSize).toBe(0);
    expect(engine.readable).toBe(false);
    expect(sock.readable).toBe(false);
    expect(sock.read()).toBeUndefined();
  });

  it("pair: a writes into the first queue, b into the second", () => {
    const aToB = new MessageQueue(3);
    const bToA = new MessageQueue(7);
    const [a, b] = Pipe.pair(aToB, bToA);
    expect(a.writeMark).toBe(3);
    expect(b.writeMark).toBe(7);
    a.write(msg("from a"));
    b.write(msg("from b"));
    expect(aToB.size).toBe(1);
    expect(bToA.size).toBe(1);
    expect(itemText(b.read())).toBe("from a");
    expect(itemText(a.read())).toBe("from b");
  });

  it("messages pass as the same objects: no copy", () => {
    const [sock, engine] = Pipe.forSocket(10, 10);
    const m = msg("same");
    sock.write(m);
    expect(engine.read()).toBe(m);
  });

  it("write refuses at the high-water mark, forceWrite goes past it", () => {
    const [sock, engine] = Pipe.forSocket(2, 5);
    expect(sock.write(msg("a"))).toBe(true);
    expect(sock.write(msg("b"))).toBe(true);
    expect(sock.writable).toBe(false);
    expect(sock.write(msg("c"))).toBe(false);
    expect(sock.writtenSize).toBe(2);
    expect(sock.forceWrite(msg("forced"))).toBe(true);
    expect(sock.writtenSize).toBe(3);
    engine.read();
    engine.read();
    expect(sock.writable).toBe(true);
    expect(readAll(engine)).toEqual(["forced"]);
  });

  it("high-water mark 0 means unlimited, and never wakes a writer", async () => {
    const [sock, engine] = Pipe.forSocket(0, 0);
    const owner = recordOwner(sock);
    let accepted = 0;
    for (let i = 0; i < 10_000; i++) if (sock.write(msg("x"))) accepted++;
    expect(accepted).toBe(10_000);
    expect(sock.writable).toBe(true);
    expect(engine.readableSize).toBe(10_000);
    while (engine.read() !== undefined);
    await microtask();
    expect(owner.count("writable")).toBe(0);
  });
});

describe("Pipe owners", () => {
  it("attach sets the one owner; a second attach throws", () => {
    const [sock] = Pipe.forSocket(1, 1);
    expect(sock.attached).toBe(false);
    recordOwner(sock);
    expect(sock.attached).toBe(true);
    expect(() => {
      recordOwner(sock);
    }).toThrow();
  });

  it("pipeReadable comes synchronously, exactly when the end goes from empty to non-empty", () => {
    const [sock, engine] = Pipe.forSocket(10, 10);
    const owner = recordOwner(engine);
    const writer = recordOwner(sock);
    sock.write(msg("a"));
    // inside write(), before any await
    expect(owner.kinds).toEqual(["readable"]);
    expect(owner.events[0]!.pipe).toBe(engine);
    sock.write(msg("b"));
    sock.forceWrite(msg("c"));
    expect(owner.kinds).toEqual(["readable"]);
    engine.read();
    sock.write(msg("d")); // not empty in between: no news
    expect(owner.kinds).toEqual(["readable"]);
    readAll(engine);
    sock.forceWrite(new Subscription(true, Buffer.from("t"))); // typed items count too
    expect(owner.kinds).toEqual(["readable", "readable"]);
    // the writer's own owner hears nothing of its writes
    expect(writer.kinds).toEqual([]);
  });

  it("pipeReadable sees the item already queued", () => {
    const [sock, engine] = Pipe.forSocket(10, 10);
    const seen: (string | undefined)[] = [];
    recordOwner(engine, { readable: (p) => seen.push(itemText(p.read())) });
    sock.write(msg("first"));
    expect(seen).toEqual(["first"]);
  });

  it("attach to an end that already holds items reports it readable at once", () => {
    const [sock, engine] = Pipe.forSocket(10, 10);
    engine.write(msg("early"));
    engine.write(msg("early2"));
    const owner = recordOwner(sock);
    expect(owner.kinds).toEqual(["readable"]);
    expect(readAll(sock)).toEqual(["early", "early2"]);
    // an empty end is attached quietly
    const quiet = recordOwner(engine);
    expect(quiet.kinds).toEqual([]);
  });

  it("pipeWritable: a microtask later, never from inside read(), once per batch, at the low-water mark", async () => {
    const [sock, engine] = Pipe.forSocket(4, 10);
    const owner = recordOwner(sock);
    for (let i = 0; i < 4; i++) sock.write(msg(String(i)));
    expect(sock.write(msg("refused"))).toBe(false);
    engine.read(); // 3 left
    await microtask();
    expect(owner.count("writable")).toBe(0);
    engine.read(); // 2 left: half the mark
    expect(owner.count("writable")).toBe(0); // not from inside read()
    engine.read();
    engine.read();
    expect(owner.count("writable")).toBe(0);
    await microtask();
    expect(owner.kinds).toEqual(["writable"]);
    expect(owner.events[0]!.pipe).toBe(sock);
    expect(sock.writable).toBe(true);
    await microtask();
    expect(owner.count("writable")).toBe(1);
  });

  it("pipeWritable uses the rounded-down half of an odd mark", async () => {
    const [sock, engine] = Pipe.forSocket(5, 10);
    const owner = recordOwner(sock);
    for (let i = 0; i < 5; i++) sock.write(msg(String(i)));
    engine.read(); // 4
    engine.read(); // 3
    await microtask();
    expect(owner.count("writable")).toBe(0);
    engine.read(); // 2
    await microtask();
    expect(owner.count("writable")).toBe(1);
  });

  it("pipeWritable does not come for a pipe that never was full", async () => {
    const [sock, engine] = Pipe.forSocket(4, 10);
    const owner = recordOwner(sock);
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 3; i++) sock.write(msg(String(i)));
      readAll(engine);
      await microtask();
    }
    expect(owner.kinds).toEqual([]);
  });

  it("pipeWritable comes again after each fill and drain", async () => {
    const [sock, engine] = Pipe.forSocket(2, 10);
    const owner = recordOwner(sock);
    for (let round = 1; round <= 3; round++) {
      while (sock.write(msg("x")));
      readAll(engine);
      await microtask();
      expect(owner.count("writable")).toBe(round);
    }
  });

  it("the engine side's reads wake the socket, and the socket's reads wake the engine", async () => {
    const [sock, engine] = Pipe.forSocket(2, 2);
    const sockOwner = recordOwner(sock);
    const engineOwner = recordOwner(engine);
    while (engine.write(msg("in")));
    readAll(sock);
    await microtask();
    expect(engineOwner.count("writable")).toBe(1);
    expect(sockOwner.count("writable")).toBe(0);
  });

  it("wakeWhenBelow asks for pipeWritable once the reader is down to the given size", async () => {
    // What an engine does: it writes past the mark (forceWrite) and pauses its input at its read-ahead.
    const [sock, engine] = Pipe.forSocket(10, 0);
    const owner = recordOwner(engine);
    for (let i = 0; i < 6; i++) engine.forceWrite(msg(String(i)));
    engine.wakeWhenBelow(3);
    sock.read();
    sock.read(); // 4 left
    await microtask();
    expect(owner.count("writable")).toBe(0);
    sock.read(); // 3 left
    expect(owner.count("writable")).toBe(0);
    await microtask();
    expect(owner.count("writable")).toBe(1);
    readAll(sock);
    await microtask();
    expect(owner.count("writable")).toBe(1);
  });

  it("no pipeWritable reaches an owner once the pipe is terminated", async () => {
    const [sock, engine] = Pipe.forSocket(2, 10);
    const owner = recordOwner(sock);
    sock.write(msg("a"));
    sock.write(msg("b"));
    engine.read(); // wake queued
    engine.terminate();
    await microtask();
    expect(owner.kinds).toEqual(["terminated"]);
  });
});

describe("Pipe owners are never re-entered", () => {
  it("a reader that reads from pipeReadable takes each message as it is written", async () => {
    const [sock, engine] = Pipe.forSocket(2, 10);
    const received: string[] = [];
    const reader = recordOwner(engine, {
      readable: (p) => {
        for (let item = p.read(); item !== undefined; item = p.read()) received.push(itemText(item)!);
      },
    });
    const writer = recordOwner(sock);
    for (let i = 0; i < 100; i++) expect(sock.write(msg(String(i)))).toBe(true);
    await microtask();
    expect(received).toEqual(Array.from({ length: 100 }, (_, i) => String(i)));
    expect(reader.count("readable")).toBe(100);
    // the queue never filled: the writer was never woken
    expect(writer.kinds).toEqual([]);
    expect(reader.reentered).toBe(false);
  });

  it("a writer that writes from pipeWritable, with a reader that reads from pipeReadable", async () => {
    const total = 50;
    const [sock, engine] = Pipe.forSocket(4, 10);
    const received: string[] = [];
    let reading = false;
    let inRead = false;
    let next = 0;
    const pump = (p: Pipe): void => {
      while (next < total && p.write(msg(String(next)))) next++;
    };
    const writer = recordOwner(sock, {
      writable: (p) => {
        expect(inRead).toBe(false);
        pump(p);
      },
    });
    const reader = recordOwner(engine, {
      readable: (p) => {
        if (!reading) return;
        inRead = true;
        for (let item = p.read(); item !== undefined; item = p.read()) received.push(itemText(item)!);
        inRead = false;
      },
    });
    pump(sock);
    expect(next).toBe(4); // full; the reader was told but does not read yet
    reading = true;
    inRead = true;
    for (let item = engine.read(); item !== undefined; item = engine.read()) received.push(itemText(item)!);
    inRead = false;
    await microtask();
    // the writer was woken once and wrote the rest, each message read at once inside its write()
    expect(writer.kinds).toEqual(["writable"]);
    expect(next).toBe(total);
    expect(received).toEqual(Array.from({ length: total }, (_, i) => String(i)));
    expect(writer.reentered).toBe(false);
    expect(reader.reentered).toBe(false);
  });

  it("a batching reader and a writer that refills from pipeWritable: one wake per batch", async () => {
    const total = 20;
    const mark = 4;
    const [sock, engine] = Pipe.forSocket(mark, 10);
    const received: string[] = [];
    let next = 0;
    const pump = (p: Pipe): void => {
      while (next < total && p.write(msg(String(next)))) next++;
    };
    const writer = recordOwner(sock, { writable: pump });
    // Reads later, a batch at a time (as an engine flushing once per tick).
    const reader = recordOwner(engine, {
      readable: (p) => {
        queueMicrotask(() => {
          for (let item = p.read(); item !== undefined; item = p.read()) received.push(itemText(item)!);
        });
      },
    });
    pump(sock);
    for (let turn = 0; turn < 100 && received.length < total; turn++) await microtask();
    await microtask();
    expect(received).toEqual(Array.from({ length: total }, (_, i) => String(i)));
    // every batch filled the pipe to its mark, and each drain woke the writer exactly once
    expect(writer.count("writable")).toBe(total / mark);
    expect(reader.count("readable")).toBe(total / mark);
    expect(writer.reentered).toBe(false);
    expect(reader.reentered).toBe(false);
  });
});

describe("Pipe termination", () => {
  it("terminate tells only the other end's owner; queued items stay readable at both ends", () => {
    const [sock, engine] = Pipe.forSocket(10, 10);
    const sockOwner = recordOwner(sock);
    const engineOwner = recordOwner(engine);
    sock.write(msg("to engine"));
    engine.write(msg("to socket"));
    sockOwner.clear();
    engineOwner.clear();
    sock.terminate();
    expect(engineOwner.kinds).toEqual(["terminated"]);
    expect(engineOwner.events[0]!.pipe).toBe(engine);
    expect(sockOwner.kinds).toEqual([]);
    expect(sock.terminated).toBe(true);
    expect(engine.terminated).toBe(true);
    expect(readAll(engine)).toEqual(["to engine"]);
    expect(readAll(sock)).toEqual(["to socket"]);
  });

  it("after terminate, writes fail at both ends", () => {
    const [sock, engine] = Pipe.forSocket(10, 10);
    engine.terminate();
    for (const end of [sock, engine]) {
      expect(end.writable).toBe(false);
      expect(end.write(msg("late"))).toBe(false);
      expect(end.forceWrite(msg("late"))).toBe(false);
      expect(end.forceWrite(new Subscription(true, Buffer.from("late")))).toBe(false);
    }
    expect(sock.readable).toBe(false);
    expect(engine.readable).toBe(false);
  });

  it("terminate is idempotent, from either end", () => {
    const [sock, engine] = Pipe.forSocket(10, 10);
    const sockOwner = recordOwner(sock);
    const engineOwner = recordOwner(engine);
    sock.terminate();
    sock.terminate();
    engine.terminate();
    engine.terminateBoth();
    expect(engineOwner.kinds).toEqual(["terminated"]);
    expect(sockOwner.kinds).toEqual([]);
  });

  it("terminateBoth tells both owners, once each", () => {
    const [sock, engine] = Pipe.forSocket(10, 10);
    const sockOwner = recordOwner(sock);
    const engineOwner = recordOwner(engine);
    sock.write(msg("queued"));
    engineOwner.clear();
    sock.terminateBoth();
    sock.terminateBoth();
    engine.terminateBoth();
    expect(sockOwner.kinds).toEqual(["terminated"]);
    expect(sockOwner.events[0]!.pipe).toBe(sock);
    expect(engineOwner.kinds).toEqual(["terminated"]);
    expect(engineOwner.events[0]!.pipe).toBe(engine);
    expect(readAll(engine)).toEqual(["queued"]);
  });

  it("an end terminated before it has an owner is just terminated", () => {
    const [sock, engine] = Pipe.forSocket(10, 10);
    const owner = recordOwner(engine);
    engine.terminate(); // sock has no owner yet: nobody to tell
    expect(owner.kinds).toEqual([]);
    expect(sock.terminated).toBe(true);
  });
});

describe("Pipe peers", () => {
  it("announcePeer(peer, true) sets the other end's peer and tells its owner of the reconnect", () => {
    const [sock, engine] = Pipe.forSocket(10, 10);
    const sockOwner = recordOwner(sock);
    const engineOwner = recordOwner(engine);
    const first = peer("DEALER");
    engine.announcePeer(first, false);
    expect(sock.peer).toBe(first);
    expect(engine.peer).toBeUndefined();
    expect(sockOwner.kinds).toEqual([]);
    const second = peer("ROUTER");
    engine.announcePeer(second, true);
    expect(sock.peer).toBe(second);
    expect(sockOwner.kinds).toEqual(["reconnected"]);
    expect(sockOwner.events[0]!.pipe).toBe(sock);
    expect(engineOwner.kinds).toEqual([]);
  });

  it("announcePeer on a terminated pipe sets the peer and tells nobody", () => {
    const [sock, engine] = Pipe.forSocket(10, 10);
    const sockOwner = recordOwner(sock);
    engine.terminate();
    sockOwner.clear();
    const late = peer("PUSH");
    engine.announcePeer(late, true);
    expect(sock.peer).toBe(late);
    expect(sockOwner.kinds).toEqual([]);
  });
});

describe("Pipe queues", () => {
  it("conflate: the socket's end keeps only the newest message, and the engine end is never full", () => {
    const [sock, engine] = Pipe.forSocket(10, 1, true);
    const owner = recordOwner(sock);
    for (let i = 0; i < 5; i++) expect(engine.write(msg(String(i)))).toBe(true);
    expect(engine.writable).toBe(true);
    expect(sock.readableSize).toBe(1);
    expect(owner.kinds).toEqual(["readable"]);
    expect(readAll(sock)).toEqual(["4"]);
    engine.write(msg("5"));
    expect(owner.kinds).toEqual(["readable", "readable"]);
    expect(readAll(sock)).toEqual(["5"]);
    // only the socket's inbound side conflates
    sock.write(msg("x"));
    sock.write(msg("y"));
    expect(readAll(engine)).toEqual(["x", "y"]);
  });

  it("discardUnread drops what waits here and wakes the writer that waited", async () => {
    const [sock, engine] = Pipe.forSocket(10, 2);
    const sockOwner = recordOwner(sock);
    const engineOwner = recordOwner(engine);
    while (engine.write(msg("stale")));
    sock.discardUnread();
    expect(sock.readable).toBe(false);
    expect(sock.readableSize).toBe(0);
    expect(engine.writable).toBe(true);
    expect(engineOwner.count("writable")).toBe(0);
    await microtask();
    expect(engineOwner.kinds).toEqual(["writable"]);
    expect(sockOwner.kinds).toEqual(["readable"]);
    // nothing waited this time: nobody is woken
    engine.write(msg("fresh"));
    sock.discardUnread();
    await microtask();
    expect(engineOwner.kinds).toEqual(["writable"]);
  });

  it("setMarks widening wakes the writer that waited at the old mark", async () => {
    const [sock, engine] = Pipe.forSocket(2, 3);
    const owner = recordOwner(sock);
    while (sock.write(msg("x")));
    expect(sock.writtenSize).toBe(2);
    sock.setMarks(5, 7);
    expect(sock.writeMark).toBe(5);
    expect(engine.writeMark).toBe(7);
    expect(sock.writable).toBe(true);
    await microtask();
    expect(owner.kinds).toEqual(["writable"]);
    while (sock.write(msg("y")));
    expect(sock.writtenSize).toBe(5);
  });

  it("setMarks widening the inbound mark wakes the other end's writer that waited", async () => {
    // inproc attaches a connector early with its own marks; the binder may fill the queue to the connector
    // at the old mark (while attaching) before the connector's end widens both marks to the sums.
    const [connector, binder] = Pipe.pair(new MessageQueue(10), new MessageQueue(2));
    recordOwner(connector);
    const binderOwner = recordOwner(binder);
    while (binder.write(msg("x")));
    connector.setMarks(10, 5);
    expect(binder.writable).toBe(true);
    await microtask();
    expect(binderOwner.kinds).toEqual(["writable"]);
  });

  it("readMessage skips typed items; read returns them as they were written", () => {
    const [sock, engine] = Pipe.forSocket(10, 10);
    const sub = new Subscription(true, Buffer.from("news"));
    engine.forceWrite(sub);
    engine.write(msg("m1"));
    engine.forceWrite(new Subscription(false, Buffer.from("news")));
    engine.forceWrite(new Subscription(true, Buffer.from("more")));
    expect(sock.readableSize).toBe(4);
    expect(itemText(sock.readMessage())).toBe("m1");
    expect(sock.readMessage()).toBeUndefined();
    expect(sock.readable).toBe(false);

    engine.forceWrite(sub);
    engine.write(msg("m2"));
    expect(sock.read()).toBe(sub);
    expect(itemText(sock.read())).toBe("m2");
  });

  it("typed items pass through past the high-water mark", () => {
    const [sock, engine] = Pipe.forSocket(1, 1);
    sock.write(msg("fill"));
    expect(sock.writable).toBe(false);
    expect(sock.forceWrite(new Subscription(true, Buffer.from("a")))).toBe(true);
    expect(readAll(engine)).toEqual(["fill", "+a"]);
  });
});

describe("Subscription", () => {
  const bytes = (m: Message): number[][] => m.map((f) => [...f]);

  it("toMessage: one frame, \\x01topic to subscribe and \\x00topic to cancel (RFC 29)", () => {
    expect(bytes(new Subscription(true, Buffer.from("ab")).toMessage())).toEqual([[1, 0x61, 0x62]]);
    expect(bytes(new Subscription(false, Buffer.from("ab")).toMessage())).toEqual([[0, 0x61, 0x62]]);
    expect(bytes(new Subscription(true, Buffer.alloc(0)).toMessage())).toEqual([[1]]);
    expect(bytes(new Subscription(false, Buffer.alloc(0)).toMessage())).toEqual([[0]]);
    const binary = Buffer.from([0, 1, 0xff]);
    expect(bytes(new Subscription(true, binary).toMessage())).toEqual([[1, 0, 1, 0xff]]);
  });

  it("toMessage copies the topic: the frame is the message's own", () => {
    const topic = Buffer.from("t");
    const frame = new Subscription(true, topic).toMessage()[0]!;
    topic[0] = 0x58;
    expect([...frame]).toEqual([1, 0x74]);
  });

  it("fromMessage reads single-frame messages whose first octet is 0 or 1", () => {
    const sub = Subscription.fromMessage([Buffer.from("\x01topic")]);
    expect(sub).toBeInstanceOf(Subscription);
    expect(sub!.subscribe).toBe(true);
    expect(sub!.topic.toString()).toBe("topic");
    const cancel = Subscription.fromMessage([Buffer.from("\x00topic")]);
    expect(cancel!.subscribe).toBe(false);
    expect(cancel!.topic.toString()).toBe("topic");
    const all = Subscription.fromMessage([Buffer.from([1])]);
    expect(all!.subscribe).toBe(true);
    expect(all!.topic.length).toBe(0);
    expect([...Subscription.fromMessage([Buffer.from([0, 0xff, 0])])!.topic]).toEqual([0xff, 0]);
  });

  it("fromMessage refuses anything else", () => {
    expect(Subscription.fromMessage([])).toBeUndefined();
    expect(Subscription.fromMessage([Buffer.alloc(0)])).toBeUndefined();
    expect(Subscription.fromMessage([Buffer.from("\x02topic")])).toBeUndefined();
    expect(Subscription.fromMessage([Buffer.from("topic")])).toBeUndefined();
    expect(Subscription.fromMessage([Buffer.from([0xff])])).toBeUndefined();
    expect(Subscription.fromMessage([Buffer.from("\x01topic"), Buffer.from("more")])).toBeUndefined();
    expect(Subscription.fromMessage([Buffer.from("\x00a"), Buffer.alloc(0)])).toBeUndefined();
  });

  it("round-trips", () => {
    for (const subscribe of [true, false]) {
      for (const topic of [Buffer.alloc(0), Buffer.from("x"), Buffer.from([1, 0, 2])]) {
        const back = Subscription.fromMessage(new Subscription(subscribe, topic).toMessage())!;
        expect(back.subscribe).toBe(subscribe);
        expect(back.topic.equals(topic)).toBe(true);
      }
    }
  });
});
