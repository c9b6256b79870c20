/**
 * RADIO and DISH over udp between zmtp sockets (and plain node:dgram peers) on the loopback: libzmq's
 * datagram layout (group_len | group | body), no JOIN/LEAVE on the wire (the DISH filters), malformed or
 * oversized datagrams dropped without harm, and which socket types may bind or connect udp endpoints.
 */
import dgram from "node:dgram";
import { describe, expect, it } from "vitest";
import { Datagram, Dish, Pull, Push, Radio, type Event } from "../../src/draft.js";
import { socketTracker } from "../helpers/socket-tracker.js";
import { within } from "../helpers/wait.js";

const track = socketTracker();

function portOf(endpoint: string | null): number {
  return Number(endpoint!.slice(endpoint!.lastIndexOf(":") + 1));
}

async function next(dish: Dish): Promise<string> {
  const [body, { group }] = await within(dish.receive(), "a message at the dish", 5000);
  return `${group.toString("latin1")}:${body.toString("latin1")}`;
}

/** A bound DISH that joined `groups`, and a RADIO connected to it. */
async function pair(...groups: string[]): Promise<{ dish: Dish; radio: Radio }> {
  const dish = track(new Dish());
  dish.join(...groups);
  await dish.bind("udp://127.0.0.1:*");
  const radio = track(new Radio());
  radio.connect(dish.lastEndpoint!);
  return { dish, radio };
}

/** Sends raw datagrams to `port` on the loopback, each once the previous one was handed to the OS. */
async function sendRaw(port: number, ...datagrams: Buffer[]): Promise<void> {
  const socket = dgram.createSocket("udp4");
  try {
    for (const datagram of datagrams) {
      await new Promise<void>((resolve, reject) => {
        socket.send(datagram, port, "127.0.0.1", (err) => {
          if (err) reject(err);
          else resolve();
        });
      });
    }
  } finally {
    socket.close();
  }
}

describe("RADIO → DISH over udp", () => {
  it("delivers the groups the DISH joined and filters the rest (the RADIO sends every group)", async () => {
    const { dish, radio } = await pair("weather", "news");
    await radio.send("skipped", { group: "sports" });
    await radio.send("sunny", { group: "weather" });
    await radio.send("", { group: "news" });
    expect(await next(dish)).toBe("weather:sunny");
    expect(await next(dish)).toBe("news:");
  });

  it("puts libzmq's datagram on the wire: group_len | group | body, one message per datagram", async () => {
    const listener = dgram.createSocket("udp4");
    await new Promise<void>((resolve) => listener.bind(0, "127.0.0.1", resolve));
    try {
      const received = new Promise<Buffer>((resolve) => listener.once("message", resolve));
      const radio = track(new Radio());
      radio.connect(`udp://127.0.0.1:${listener.address().port}`);
      await radio.send("sunny", { group: "weather" });
      expect((await within(received, "the datagram", 5000)).toString("latin1")).toBe("\x07weathersunny");
    } finally {
      listener.close();
    }
  });

  it("follows join and leave at the DISH alone", async () => {
    const { dish, radio } = await pair("a");
    await radio.send("1", { group: "a" });
    expect(await next(dish)).toBe("a:1");
    dish.leave("a");
    dish.join("b");
    await radio.send("2", { group: "a" });
    await radio.send("3", { group: "b" });
    expect(await next(dish)).toBe("b:3");
  });

  it("connects by host name, reports connect, and sends what was queued before its socket was open", async () => {
    const dish = track(new Dish());
    dish.join("g");
    await dish.bind("udp://127.0.0.1:*");
    const radio = track(new Radio());
    const connected = new Promise<Event>((resolve) => {
      radio.events.on("connect", resolve);
    });
    const endpoint = `udp://localhost:${portOf(dish.lastEndpoint)}`;
    radio.connect(endpoint);
    await radio.send("early", { group: "g" });
    expect((await within(connected, "the connect event", 5000)).address).toBe(endpoint);
    expect(await next(dish)).toBe("g:early");
  });

  it("close() right after connect and send still delivers what was queued (linger), the socket not yet open", async () => {
    const dish = track(new Dish());
    dish.join("g");
    await dish.bind("udp://127.0.0.1:*");
    const radio = new Radio();
    radio.connect(`udp://localhost:${portOf(dish.lastEndpoint)}`);
    for (const body of ["1", "2", "3"]) await radio.send(body, { group: "g" });
    const closing = radio.closeAndWait();
    expect([await next(dish), await next(dish), await next(dish)]).toEqual(["g:1", "g:2", "g:3"]);
    await within(closing, "the radio's close", 5000);
  });

  it("carries groups of 128 to 255 octets and messages beyond 8,192 octets between zmtp sockets", async () => {
    const long = "L".repeat(200);
    const { dish, radio } = await pair(long);
    const body = Buffer.alloc(50_000, 0x42);
    await radio.send(body, { group: long });
    const [received, { group }] = await within(dish.receive(), "the large message", 5000);
    expect(group.toString()).toBe(long);
    expect(received.equals(body)).toBe(true);
  });

  it("drops a message that cannot fit in one datagram and goes on", async () => {
    const { dish, radio } = await pair("g");
    await radio.send(Buffer.alloc(65_507 - 1), { group: "g" }); // 1 + 1 + 65,506 > 65,507
    await radio.send("fits", { group: "g" });
    expect(await next(dish)).toBe("g:fits");
  });

  it("disconnect stops the RADIO's datagrams to that endpoint", async () => {
    const { dish, radio } = await pair("g");
    await radio.send("before", { group: "g" });
    expect(await next(dish)).toBe("g:before");
    radio.disconnect(dish.lastEndpoint!);
    await radio.send("dropped: no peer", { group: "g" });
    const again = track(new Radio());
    again.connect(dish.lastEndpoint!);
    await again.send("from another radio", { group: "g" });
    expect(await next(dish)).toBe("g:from another radio");
  });
});

describe("the RADIO's udp options", () => {
  it("multicastHops (1–255, default 1) and multicastLoop (default true), checked as libzmq's", () => {
    const radio = track(new Radio({ multicastHops: 32, multicastLoop: false }));
    expect([radio.multicastHops, radio.multicastLoop]).toEqual([32, false]);
    const fresh = track(new Radio());
    expect([fresh.multicastHops, fresh.multicastLoop]).toEqual([1, true]);
    expect(() => (fresh.multicastHops = 0)).toThrow(expect.objectContaining({ code: "EINVAL" }) as Error);
    expect(() => ((fresh as unknown as { multicastLoop: unknown }).multicastLoop = "yes")).toThrow(TypeError);
  });
});

describe("a DISH bound to udp takes hostile datagrams in its stride", () => {
  it("drops empty and truncated datagrams, delivers the valid ones around them", async () => {
    const dish = track(new Dish());
    dish.join("g", "x".repeat(255));
    await dish.bind("udp://127.0.0.1:*");
    await sendRaw(
      portOf(dish.lastEndpoint),
      Buffer.alloc(0),
      Buffer.from("\x09g", "latin1"),
      Buffer.from([255]),
      Buffer.from("\x01gfirst", "latin1"),
      Buffer.concat([Buffer.from([255]), Buffer.alloc(255, 0x78), Buffer.from("longest group")]),
      Buffer.from("\x01g", "latin1"),
    );
    expect(await next(dish)).toBe("g:first");
    expect(await next(dish)).toBe(`${"x".repeat(255)}:longest group`);
    expect(await next(dish)).toBe("g:");
  });

  it("drops datagrams over maxMessageSize", async () => {
    const dish = track(new Dish({ maxMessageSize: 100 }));
    dish.join("g");
    await dish.bind("udp://127.0.0.1:*");
    await sendRaw(portOf(dish.lastEndpoint), Buffer.concat([Buffer.from("\x01g", "latin1"), Buffer.alloc(100)]), Buffer.from("\x01gsmall", "latin1"));
    expect(await next(dish)).toBe("g:small");
  });
});

describe("who may use udp (libzmq socket_base.cpp): ENOCOMPATPROTO otherwise", () => {
  it("DISH and DGRAM bind; RADIO, PUSH and PULL may not", async () => {
    await expect(track(new Radio()).bind("udp://127.0.0.1:*")).rejects.toMatchObject({ code: "ENOCOMPATPROTO" });
    await expect(track(new Pull()).bind("udp://127.0.0.1:*")).rejects.toMatchObject({ code: "ENOCOMPATPROTO" });
    await track(new Dish()).bind("udp://127.0.0.1:*");
    await track(new Datagram()).bind("udp://127.0.0.1:*");
  });

  it("RADIO connects; DISH, DGRAM and PUSH may not", () => {
    for (const socket of [track(new Dish()), track(new Datagram()), track(new Push())]) {
      expect(() => {
        socket.connect("udp://127.0.0.1:5555");
      }).toThrow(expect.objectContaining({ code: "ENOCOMPATPROTO" }) as Error);
    }
    track(new Radio()).connect("udp://127.0.0.1:5555");
  });

  it("a RADIO needs a host and a port to send to, and an interface that exists", () => {
    const radio = track(new Radio());
    for (const [endpoint, code] of [
      ["udp://127.0.0.1:*", "EINVAL"],
      ["udp://*:5555", "EINVAL"],
      ["udp://no-such-interface0;239.0.0.1:5555", "EADDRNOTAVAIL"],
      ["udp://eth0;127.0.0.1:5555", "EINVAL"],
    ] as const) {
      expect(() => {
        radio.connect(endpoint);
      }, endpoint).toThrow(expect.objectContaining({ code }) as Error);
    }
  });

  it("a DISH cannot bind an address this host does not have", async () => {
    await expect(track(new Dish()).bind("udp://192.0.2.1:5555")).rejects.toMatchObject({ code: "EADDRNOTAVAIL" });
    await expect(track(new Dish()).bind("udp://no-such-interface0;239.0.0.1:5555")).rejects.toMatchObject({ code: "EADDRNOTAVAIL" });
  });
});
