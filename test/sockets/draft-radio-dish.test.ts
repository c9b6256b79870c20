/**
 * RADIO and DISH (RFC 48; libzmq src/radio.cpp, src/dish.cpp) between zmtp sockets, over tcp and inproc:
 * groups matched exactly, JOIN/LEAVE sent upstream and replayed to each new or reconnected RADIO, the DISH's
 * own filter, single-frame messages, and what libzmq refuses (EINVAL) or what a broken peer may send
 * (dropped, never a crash).
 */
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { Dish, Radio } from "../../src/draft.js";
import { bytes, concat, filled, hex } from "../helpers/bytes.js";
import { RecordingSink, StreamDecoder } from "../helpers/recording-sink.js";
import { bindEndpoint } from "../helpers/bind-endpoint.js";
import { socketTracker } from "../helpers/socket-tracker.js";
import { waitUntil, within } from "../helpers/wait.js";
import { commandFrame, greetingBytes, messageBytes, readyFrame } from "../helpers/wire.js";

const track = socketTracker();

/** What a DISH received, as text: `group:body`. */
async function next(dish: Dish): Promise<string> {
  const [body, { group }] = await within(dish.receive(), "a message at the dish", 5000);
  return `${group.toString("latin1")}:${body.toString("latin1")}`;
}

/**
 * Sends `probe` to `group` until the dish has it: the JOIN travels on its own, so the radio learns of it a
 * little later (as with SUBSCRIBE); what the dish received meanwhile is dropped.
 */
async function sendUntilJoined(radio: Radio, dish: Dish, group: string): Promise<void> {
  const probe = `probe ${group}`;
  await waitUntil(() => {
    if (dish.readable) return true;
    void radio.send(probe, { group });
    return false;
  }, `a message to ${group} at the dish`, 5000);
  while (dish.readable) expect(await next(dish)).toBe(`${group}:${probe}`);
}

describe.each(["tcp", "inproc"] as const)("RADIO → DISH over %s", (transport) => {
  it.each([
    ["the DISH connects", false],
    ["the RADIO connects", true],
  ])("groups are matched exactly; leave stops a group (%s)", async (_label, radioConnects) => {
    const radio = track(new Radio());
    const dish = track(new Dish({ receiveTimeout: 5000 }));
    dish.join("news", Buffer.from("wéather"));
    if (radioConnects) {
      await dish.bind(bindEndpoint(transport));
      radio.connect(dish.lastEndpoint!);
    } else {
      await radio.bind(bindEndpoint(transport));
      dish.connect(radio.lastEndpoint!);
    }
    await sendUntilJoined(radio, dish, "news");
    for (const [group, body] of [["new", "prefix only"], ["newsy", "longer"], ["", "empty group"], ["news", "1"], ["wéather", "2"]]) {
      await radio.send(body!, { group: group! });
    }
    expect(await next(dish)).toBe("news:1");
    const [body, { group }] = await dish.receive();
    expect([group.toString(), body.toString()]).toEqual(["wéather", "2"]);
    dish.leave("news");
    dish.join("late");
    await sendUntilJoined(radio, dish, "late");
    await radio.send("gone", { group: "news" });
    await radio.send(["3"], { group: Buffer.from("late") });
    expect(await next(dish)).toBe("late:3");
  });

  it("a RADIO sends each message to every DISH of its group, and to no other", async () => {
    const radio = track(new Radio());
    await radio.bind(bindEndpoint(transport));
    const dishes = ["a", "b", "a"].map((group) => {
      const dish = track(new Dish({ receiveTimeout: 5000 }));
      dish.join(group);
      dish.connect(radio.lastEndpoint!);
      return dish;
    });
    await sendUntilJoined(radio, dishes[1]!, "b");
    await sendUntilJoined(radio, dishes[0]!, "a");
    await sendUntilJoined(radio, dishes[2]!, "a");
    await radio.send("to a", { group: "a" });
    await radio.send("to b", { group: "b" });
    expect(await next(dishes[0]!)).toBe("a:to a");
    expect(await next(dishes[2]!)).toBe("a:to a");
    expect(await next(dishes[1]!)).toBe("b:to b");
    expect(dishes.map((d) => d.readable)).toEqual([false, false, false]);
  });
});

describe("DISH joins survive a reconnect", () => {
  it("every group joined is sent again to a RADIO that comes back on the same endpoint", async () => {
    const first = track(new Radio());
    await first.bind("tcp://127.0.0.1:0");
    const endpoint = first.lastEndpoint!;
    const dish = track(new Dish({ receiveTimeout: 5000, reconnectInterval: 20 }));
    dish.join("g1", "g2");
    dish.connect(endpoint);
    await sendUntilJoined(first, dish, "g2");
    dish.leave("g2");
    dish.join("g3");
    await sendUntilJoined(first, dish, "g3");
    first.linger = 0;
    await first.closeAndWait();
    const second = track(new Radio());
    await second.bind(endpoint);
    await sendUntilJoined(second, dish, "g1");
    await sendUntilJoined(second, dish, "g3");
    await second.send("left", { group: "g2" });
    await second.send("end", { group: "g1" });
    expect(await next(dish)).toBe("g1:end");
  });
});

describe("a RADIO's memberships follow the DISH behind each pipe", () => {
  it("a RADIO that connects forgets the groups of a DISH that went, and learns those of the one that came back", async () => {
    const first = track(new Dish({ receiveTimeout: 5000 }));
    first.join("old");
    await first.bind("tcp://127.0.0.1:0");
    const endpoint = first.lastEndpoint!;
    const radio = track(new Radio({ reconnectInterval: 20 }));
    radio.connect(endpoint);
    await sendUntilJoined(radio, first, "old");
    first.linger = 0;
    await first.closeAndWait();
    const second = track(new Dish({ receiveTimeout: 5000 }));
    second.join("new", "old2");
    await second.bind(endpoint);
    await sendUntilJoined(radio, second, "new");
    await radio.send("not for the new dish", { group: "old" });
    await radio.send("for the new dish", { group: "old2" });
    expect(await next(second)).toBe("old2:for the new dish");
  });

  it("maxGroupsPerPeer (zmtp's bound): JOINs past it are ignored until a LEAVE makes room", async () => {
    const radio = track(new Radio({ maxGroupsPerPeer: 2 }));
    expect(radio.maxGroupsPerPeer).toBe(2);
    expect(track(new Radio()).maxGroupsPerPeer).toBe(-1);
    await radio.bind(bindEndpoint("inproc"));
    const dish = track(new Dish({ receiveTimeout: 5000 }));
    dish.join("a", "b", "c");
    dish.connect(radio.lastEndpoint!);
    await sendUntilJoined(radio, dish, "b");
    await radio.send("ignored", { group: "c" });
    await radio.send("kept", { group: "a" });
    expect(await next(dish)).toBe("a:kept");
    dish.leave("a");
    dish.leave("c");
    dish.join("c"); // now the second group of two
    await sendUntilJoined(radio, dish, "c");
  });
});

describe("what libzmq refuses", () => {
  it("RADIO: a multipart message, no group, or a group over 255 octets or with a zero octet is EINVAL", async () => {
    const radio = track(new Radio());
    await expect(radio.send(["a", "b"] as unknown as [string], { group: "g" })).rejects.toMatchObject({ code: "EINVAL" });
    await expect(radio.send("x", undefined as unknown as { group: string })).rejects.toMatchObject({ code: "EINVAL" });
    await expect(radio.send("x", { group: "x".repeat(256) })).rejects.toMatchObject({ code: "EINVAL" });
    await expect(radio.send("x", { group: "a\0b" })).rejects.toMatchObject({ code: "EINVAL" });
    await expect(radio.send("x", { group: 7 as unknown as string })).rejects.toBeInstanceOf(TypeError);
    // 255 octets is the longest group; with no DISH the message simply goes nowhere.
    await radio.send("x", { group: "é".repeat(127) + "x" });
  });

  it("DISH: joining a group twice, leaving one not joined, an invalid group: EINVAL, after the groups before it", () => {
    const dish = track(new Dish());
    const refusal = (call: () => void, code = "EINVAL"): void => {
      expect(call).toThrow(expect.objectContaining({ code }));
    };
    refusal(() => {
      dish.join("a", "a");
    });
    refusal(() => {
      dish.join("a"); // "a" was joined by the call before
    });
    refusal(() => {
      dish.join("x".repeat(256));
    });
    refusal(() => {
      dish.join(Buffer.from([0x61, 0]));
    });
    refusal(() => {
      dish.leave("b");
    });
    dish.leave("a");
    refusal(() => {
      dish.leave("a");
    });
    dish.join("", "x".repeat(255));
    dish.close();
    refusal(() => {
      dish.join("c");
    }, "EBADF");
  });

  it("types, thread safety, and the DISH's linger of 0 (libzmq dish_t)", () => {
    const radio = track(new Radio());
    const dish = track(new Dish());
    expect([radio.type, dish.type]).toEqual([14, 15]);
    expect([radio.threadSafe, dish.threadSafe]).toEqual([true, true]);
    expect(dish.linger).toBe(0);
    expect(radio.linger).not.toBe(0);
  });

  it("a RADIO never blocks: a DISH at its high-water mark misses messages", async () => {
    const radio = track(new Radio({ sendHighWaterMark: 2 }));
    await radio.bind(bindEndpoint("inproc"));
    const dish = track(new Dish({ receiveHighWaterMark: 2, receiveTimeout: 300 }));
    dish.join("g");
    dish.connect(radio.lastEndpoint!);
    for (let i = 0; i < 10; i++) await within(radio.send(`${i}`, { group: "g" }), `send ${i}`);
    const got: string[] = [];
    for (;;) {
      try {
        got.push(await next(dish));
      } catch (err) {
        expect(err).toMatchObject({ code: "EAGAIN" });
        break;
      }
    }
    expect(got).toEqual(["g:0", "g:1", "g:2", "g:3"]);
  });
});

// ---- raw ZMTP peers: a broken RADIO or DISH ---------------------------------------------------------------

const rawSockets: net.Socket[] = [];
const servers: net.Server[] = [];
afterEach(async () => {
  for (const socket of rawSockets.splice(0)) socket.destroy();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/**
 * A raw tcp server that greets as `socketType` (ZMTP 3.`minor`) and then writes `traffic`; resolves to its
 * endpoint. What the connecting socket writes is decoded into `sink`.
 */
async function rawListener(socketType: string, traffic: Uint8Array, sink = new RecordingSink(), minor = 1): Promise<string> {
  const server = net.createServer((socket) => {
    rawSockets.push(socket);
    const decoder = new StreamDecoder(sink);
    socket.on("data", (chunk: Buffer) => {
      decoder.push(new Uint8Array(chunk));
    });
    socket.on("error", () => undefined);
    socket.write(concat([greetingBytes({ minor }), readyFrame([["Socket-Type", socketType]]), traffic]));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `tcp://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
}

describe("on the wire (RFC 37; libzmq dish_session_t / radio_session_t)", () => {
  it.each([1, 0])("a DISH sends JOIN and LEAVE commands, the group as the command's data (to a ZMTP 3.%i RADIO)", async (minor) => {
    const sink = new RecordingSink();
    const dish = track(new Dish());
    dish.join("before", "");
    dish.connect(await rawListener("RADIO", new Uint8Array(0), sink, minor));
    await waitUntil(() => sink.frames.length >= 3, "READY and two JOINs", 5000);
    dish.join("after");
    dish.leave("before");
    await waitUntil(() => sink.frames.length >= 5, "a JOIN and a LEAVE", 5000);
    expect(sink.frames.slice(1)).toEqual(
      [commandFrame("JOIN", "before"), commandFrame("JOIN", ""), commandFrame("JOIN", "after"), commandFrame("LEAVE", "before")].map((frame) => ({
        flags: 0x04,
        body: hex(frame.subarray(2)),
      })),
    );
    expect(hex(commandFrame("JOIN", "g"))).toBe(hex(bytes(0x04, 0x06, 0x04, "JOIN", "g")));
  });
});

describe("a broken peer is dropped or ignored, never a crash", () => {
  it("DISH: a message that is not [group, body] (one frame, three, a 256-octet group) or for a group not joined is dropped", async () => {
    const dish = track(new Dish({ receiveTimeout: 5000 }));
    dish.join("g", "x".repeat(255));
    const endpoint = await rawListener(
      "RADIO",
      concat([
        messageBytes(["no group"]),
        messageBytes(["g", "body", "extra"]),
        messageBytes([filled(256, 0x78), "too long a group"]),
        messageBytes(["other", "not joined"]),
        messageBytes([filled(255, 0x78), "longest group"]),
        messageBytes(["g", "kept"]),
      ]),
    );
    dish.connect(endpoint);
    expect(await next(dish)).toBe(`${"x".repeat(255)}:longest group`);
    expect(await next(dish)).toBe("g:kept");
    expect(dish.readable).toBe(false);
  });

  it("RADIO: a JOIN over 255 octets (which makes libzmq's RADIO abort) is dropped; the peer's JOIN and LEAVE work", async () => {
    const radio = track(new Radio());
    await radio.bind("tcp://127.0.0.1:0");
    const port = Number(/:(\d+)$/.exec(radio.lastEndpoint!)![1]);
    const raw = net.connect({ host: "127.0.0.1", port });
    rawSockets.push(raw);
    raw.on("error", () => undefined);
    const received: Buffer[] = [];
    raw.on("data", (chunk: Buffer) => received.push(chunk));
    raw.write(
      concat([
        greetingBytes(),
        readyFrame([["Socket-Type", "DISH"]]),
        commandFrame("JOIN", filled(256, 0x41)),
        commandFrame("JOIN", "ok"),
        commandFrame("JOIN", "left"),
        commandFrame("LEAVE", "left"),
        commandFrame("LEAVE", filled(300, 0x41)),
        messageBytes(["a DISH never sends messages"]),
      ]),
    );
    const tail = Buffer.from(bytes(0x01, 0x02, "ok", 0x00, 0x05, "hello"));
    await waitUntil(() => {
      if (Buffer.concat(received).includes(tail)) return true;
      void radio.send("hello", { group: "ok" });
      return false;
    }, "the message to the group the raw DISH joined", 5000);
    // The 256-octet group was not joined, and "left" was left: messages to them are not sent.
    await radio.send("not sent", { group: "A".repeat(255) });
    await radio.send("not sent either", { group: "left" });
    await radio.send("last", { group: "ok" });
    await waitUntil(() => Buffer.concat(received).includes(Buffer.from(bytes(0x00, 0x04, "last"))), "the last message", 5000);
    expect(Buffer.concat(received).includes(Buffer.from("not sent"))).toBe(false);
    expect(Buffer.concat(received).includes(Buffer.from("left"))).toBe(false);
  });
});
