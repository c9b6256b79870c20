import { describe, expect, it } from "vitest";
import { DatagramEngine, MAX_UDP_PAYLOAD, type DatagramRole } from "../../../src/engine/datagram/datagram-engine.js";
import { GroupMembership } from "../../../src/pipe/pipe-item.js";
import { Pipe } from "../../../src/pipe/pipe.js";
import { FakeDatagramLink } from "../../helpers/fake-datagram-link.js";
import { recordOwner } from "../../helpers/recording-owner.js";

const DESTINATION = { address: "10.1.2.3", port: 5555 };

/** An engine over a fake link, serving a pipe whose socket end the test holds. */
function setUp(role: DatagramRole, options: { receiveMark?: number; maxMessageSize?: number; family?: 4 | 6 } = {}) {
  const [socketEnd, engineEnd] = Pipe.forSocket(1000, options.receiveMark ?? 1000);
  const link = new FakeDatagramLink(options.family);
  const engine = new DatagramEngine(link, engineEnd, role, role === "radio" ? DESTINATION : undefined, options.maxMessageSize ?? -1);
  recordOwner(engineEnd, {
    readable: () => {
      engine.pipeReadable();
    },
  });
  recordOwner(socketEnd);
  return { socketEnd, engineEnd, link, engine };
}

const text = (message: Buffer[] | undefined): string[] | undefined => message?.map((f) => f.toString("latin1"));

describe("DatagramEngine: RADIO over udp", () => {
  it("sends each [group, body] as group_len | group | body to the destination", () => {
    const { socketEnd, link } = setUp("radio");
    socketEnd.write([Buffer.from("weather"), Buffer.from("sunny")]);
    socketEnd.write([Buffer.alloc(0), Buffer.alloc(0)]);
    expect(link.sent).toEqual([
      { datagram: Buffer.from("\x07weathersunny", "latin1"), ...DESTINATION },
      { datagram: Buffer.from([0]), ...DESTINATION },
    ]);
  });

  it("sends what was queued before it started", () => {
    const [socketEnd, engineEnd] = Pipe.forSocket(1000, 1000);
    socketEnd.write([Buffer.from("g"), Buffer.from("early")]);
    const link = new FakeDatagramLink();
    const engine = new DatagramEngine(link, engineEnd, "radio", DESTINATION, -1);
    recordOwner(engineEnd, {
      readable: () => {
        engine.pipeReadable();
      },
    });
    expect(link.sent.map((s) => s.datagram.toString())).toEqual(["\x01gearly"]);
  });

  it("never sends JOIN/LEAVE items, and drops what is not [group, body] or does not fit", () => {
    const { socketEnd, link, engine } = setUp("radio");
    socketEnd.forceWrite(new GroupMembership(true, Buffer.from("g")));
    socketEnd.write([Buffer.from("only one frame")]);
    socketEnd.write([Buffer.from("g"), Buffer.from("b"), Buffer.from("c")]);
    socketEnd.write([Buffer.alloc(256, 0x67), Buffer.from("group too long")]);
    socketEnd.write([Buffer.from("g"), Buffer.alloc(MAX_UDP_PAYLOAD - 1)]);
    expect(link.sent).toHaveLength(0);
    expect(engine.drops).toMatchObject({ malformed: 3, oversize: 1 });
    // The largest that fits: 1 + group + body = 65,507 octets; and a 255-octet group.
    socketEnd.write([Buffer.from("g"), Buffer.alloc(MAX_UDP_PAYLOAD - 2)]);
    socketEnd.write([Buffer.alloc(255, 0x67), Buffer.from("longest group")]);
    expect(link.sent.map((s) => s.datagram.length)).toEqual([MAX_UDP_PAYLOAD, 1 + 255 + 13]);
  });

  it("writes each group afresh when the user reuses a group's buffer", () => {
    const { socketEnd, link } = setUp("radio");
    const group = Buffer.from("aa");
    socketEnd.write([group, Buffer.from("1")]);
    socketEnd.write([group, Buffer.from("2")]);
    group.write("bb");
    socketEnd.write([group, Buffer.from("3")]);
    expect(link.sent.map((s) => s.datagram.toString())).toEqual(["\x02aa1", "\x02aa2", "\x02bb3"]);
  });

  it("stops reading its pipe with 64 datagrams unconfirmed, and goes on as the OS takes them", () => {
    const { socketEnd, link, engine } = setUp("radio");
    for (let i = 0; i < 100; i++) socketEnd.write([Buffer.from("g"), Buffer.from(String(i))]);
    expect(link.sent).toHaveLength(64);
    expect(socketEnd.writtenSize).toBe(36);
    link.complete(10, new Error("ENOBUFS"));
    expect(engine.drops.failed).toBe(10);
    expect(link.sent).toHaveLength(74);
    link.complete();
    link.complete();
    expect(link.sent.map((s) => s.datagram.subarray(2).toString())).toEqual(Array.from({ length: 100 }, (_, i) => String(i)));
    expect(socketEnd.writtenSize).toBe(0);
  });

  it("drains what is queued before closing (linger), and stops at once on close()", async () => {
    const { socketEnd, link, engine } = setUp("radio");
    for (let i = 0; i < 70; i++) socketEnd.write([Buffer.from("g"), Buffer.from(String(i))]);
    let drained = false;
    const closing = engine.drainAndClose().then(() => (drained = true));
    await Promise.resolve();
    expect(drained).toBe(false);
    link.complete();
    link.complete();
    await closing;
    expect(link.sent).toHaveLength(70);
    expect(link.closed).toBe(true);
    expect(engine.closed).toBe(true);
    socketEnd.write([Buffer.from("g"), Buffer.from("after")]);
    expect(link.sent).toHaveLength(70);
  });
});

describe("DatagramEngine: DISH over udp", () => {
  it("writes [group, body] for each datagram, views into it", () => {
    const { socketEnd, link } = setUp("dish");
    const datagram = Buffer.from("\x07weathersunny", "latin1");
    link.deliver(datagram);
    const message = socketEnd.readMessage()!;
    expect(text(message)).toEqual(["weather", "sunny"]);
    expect(message[1]!.buffer).toBe(datagram.buffer);
  });

  it("reads group lengths of 128 to 255 as unsigned (libzmq 4.3.5 misreads them)", () => {
    const { socketEnd, link } = setUp("dish");
    link.deliver(Buffer.concat([Buffer.from([200]), Buffer.alloc(200, 0x67), Buffer.from("body")]));
    const message = socketEnd.readMessage()!;
    expect(message[0]!.length).toBe(200);
    expect(message[1]!.toString()).toBe("body");
  });

  it("drops malformed datagrams, those over maxMessageSize, and those arriving at the high-water mark", () => {
    const { socketEnd, link, engine } = setUp("dish", { receiveMark: 2, maxMessageSize: 10 });
    link.deliver(Buffer.alloc(0));
    link.deliver(Buffer.from("\x09short", "latin1"));
    link.deliver(Buffer.from("\x01g0123456789", "latin1")); // group + body = 11 > 10
    link.deliver(Buffer.from("\x01g012345678", "latin1")); // 10: fits
    link.deliver(Buffer.from("\x01gsecond", "latin1"));
    link.deliver(Buffer.from("\x01gthird", "latin1")); // the pipe holds 2
    expect(engine.drops).toMatchObject({ malformed: 2, oversize: 1, overflow: 1 });
    expect(text(socketEnd.readMessage())).toEqual(["g", "012345678"]);
    expect(text(socketEnd.readMessage())).toEqual(["g", "second"]);
    expect(socketEnd.readMessage()).toBeUndefined();
  });

  it("consumes the DISH's JOIN/LEAVE items and sends nothing", () => {
    const { socketEnd, engineEnd, link } = setUp("dish");
    socketEnd.forceWrite(new GroupMembership(true, Buffer.from("g")));
    socketEnd.forceWrite(new GroupMembership(false, Buffer.from("g")));
    expect(engineEnd.readable).toBe(false);
    expect(link.sent).toHaveLength(0);
  });

  it("ignores datagrams once closed", () => {
    const { socketEnd, link, engine } = setUp("dish");
    engine.close();
    link.deliver(Buffer.from("\x01gx", "latin1"));
    expect(socketEnd.readable).toBe(false);
    expect(link.closed).toBe(true);
  });
});

describe("DatagramEngine: DGRAM over udp", () => {
  it("sends the body to the address the first frame names, with or without libzmq's NUL", () => {
    const { socketEnd, link } = setUp("dgram");
    socketEnd.write([Buffer.from("10.0.0.7:9000"), Buffer.from("one")]);
    socketEnd.write([Buffer.from("10.0.0.8:9001\0", "latin1"), Buffer.from("two")]);
    expect(link.sent).toEqual([
      { datagram: Buffer.from("one"), address: "10.0.0.7", port: 9000 },
      { datagram: Buffer.from("two"), address: "10.0.0.8", port: 9001 },
    ]);
  });

  it("gives each datagram as [\"ip:port\\0\", body]", () => {
    const { socketEnd, link } = setUp("dgram");
    link.deliver(Buffer.from("hello"), "127.0.0.1", 4321);
    expect(text(socketEnd.readMessage())).toEqual(["127.0.0.1:4321\0", "hello"]);
  });

  it("drops messages whose address names no reachable destination (libzmq drops them silently)", () => {
    const { socketEnd, link, engine } = setUp("dgram");
    socketEnd.write([Buffer.from("localhost:9000"), Buffer.from("x")]);
    socketEnd.write([Buffer.from("10.0.0.7:0"), Buffer.from("x")]);
    socketEnd.write([Buffer.from("[::1]:9000"), Buffer.from("x")]); // an IPv4 socket reaches no IPv6 peer
    socketEnd.write([Buffer.from("10.0.0.7:9000"), Buffer.alloc(MAX_UDP_PAYLOAD + 1)]);
    socketEnd.write([Buffer.from("10.0.0.7:9000")]);
    expect(link.sent).toHaveLength(0);
    expect(engine.drops).toMatchObject({ unsendable: 3, oversize: 1, malformed: 1 });
  });

  it("an IPv6 socket reaches IPv4 peers through mapped addresses", () => {
    const { socketEnd, link } = setUp("dgram", { family: 6 });
    socketEnd.write([Buffer.from("10.0.0.7:9000"), Buffer.from("v4")]);
    socketEnd.write([Buffer.from("[fe80::1]:9000"), Buffer.from("v6")]);
    expect(link.sent.map((s) => s.address)).toEqual(["::ffff:10.0.0.7", "fe80::1"]);
  });

  it("reads each address afresh when the user reuses a frame's buffer", () => {
    const { socketEnd, link } = setUp("dgram");
    const frame = Buffer.from("10.0.0.1:1000");
    socketEnd.write([frame, Buffer.from("a")]);
    socketEnd.write([frame, Buffer.from("b")]);
    frame.write("10.0.0.2:2000");
    socketEnd.write([frame, Buffer.from("c")]);
    expect(link.sent.map((s) => `${s.address}:${s.port}`)).toEqual(["10.0.0.1:1000", "10.0.0.1:1000", "10.0.0.2:2000"]);
  });
});
