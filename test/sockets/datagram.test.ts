/**
 * DGRAM (libzmq src/dgram.cpp; zeromq.js's `Datagram`) between zmtp sockets and plain node:dgram peers on
 * the loopback: `[address, body]` messages, libzmq's address form (with its NUL) given and either form
 * taken, bind only, one endpoint, the options of a udp sender.
 */
import dgram from "node:dgram";
import os from "node:os";
import { describe, expect, it } from "vitest";
import { Datagram, ZmqError } from "../../src/draft.js";
import { socketTracker } from "../helpers/socket-tracker.js";
import { within } from "../helpers/wait.js";

const track = socketTracker();

/** This host's loopback interface's name ("lo" on Linux), if it has an IPv4 address 127.0.0.1. */
const loopbackName = Object.entries(os.networkInterfaces()).find(([, addresses]) => addresses?.some((a) => a.address === "127.0.0.1"))?.[0];

function portOf(endpoint: string | null): number {
  return Number(endpoint!.slice(endpoint!.lastIndexOf(":") + 1));
}

/** A plain udp socket on the loopback, with its next datagram on demand. */
async function plainPeer(type: "udp4" | "udp6" = "udp4"): Promise<{ socket: dgram.Socket; port: number; next: () => Promise<[Buffer, dgram.RemoteInfo]> }> {
  const socket = dgram.createSocket(type);
  await new Promise<void>((resolve) => socket.bind(0, type === "udp4" ? "127.0.0.1" : "::1", resolve));
  socket.unref();
  const next = (): Promise<[Buffer, dgram.RemoteInfo]> =>
    within(
      new Promise((resolve) => {
        socket.once("message", (data, info) => {
          resolve([data, info]);
        });
      }),
      "a datagram at the plain peer",
      5000,
    );
  return { socket, port: socket.address().port, next };
}

describe("Datagram over udp", () => {
  it("binds an ephemeral port and reports it; receives [\"ip:port\\0\", body] and answers to that address", async () => {
    const d = track(new Datagram());
    await d.bind("udp://127.0.0.1:*");
    expect(d.lastEndpoint).toMatch(/^udp:\/\/127\.0\.0\.1:\d+$/);
    const peer = await plainPeer();
    try {
      peer.socket.send("hello", portOf(d.lastEndpoint), "127.0.0.1");
      const [address, body] = await within(d.receive(), "the datagram", 5000);
      expect(address.toString("latin1")).toBe(`127.0.0.1:${peer.port}\0`);
      expect(body.toString()).toBe("hello");
      const reply = peer.next();
      await d.send([address, Buffer.from("echo")]);
      const [data, info] = await reply;
      expect(data.toString()).toBe("echo");
      expect(info.port).toBe(portOf(d.lastEndpoint));
      // Without the NUL, as a user writes it.
      const second = peer.next();
      await d.send([`127.0.0.1:${peer.port}`, "plain"]);
      expect((await second)[0].toString()).toBe("plain");
    } finally {
      peer.socket.close();
    }
  });

  it("two Datagram sockets talk both ways; the async iterator gives [address, body]", async () => {
    const a = track(new Datagram());
    const b = track(new Datagram());
    await a.bind("udp://127.0.0.1:*");
    await b.bind("udp://127.0.0.1:0");
    await a.send([`127.0.0.1:${portOf(b.lastEndpoint)}`, "ping"]);
    for await (const [from, body] of b) {
      expect(from.toString("latin1")).toBe(`127.0.0.1:${portOf(a.lastEndpoint)}\0`);
      expect(body.toString()).toBe("ping");
      await b.send([from, "pong"]);
      break;
    }
    const [from, body] = await within(a.receive(), "pong", 5000);
    expect([from.toString("latin1"), body.toString()]).toEqual([`127.0.0.1:${portOf(b.lastEndpoint)}\0`, "pong"]);
  });

  it("carries empty bodies and bodies far beyond libzmq 4.3.5's 8,192 octets", async () => {
    const a = track(new Datagram());
    const b = track(new Datagram());
    await a.bind("udp://127.0.0.1:*");
    await b.bind("udp://127.0.0.1:*");
    const to = `127.0.0.1:${portOf(b.lastEndpoint)}`;
    const large = Buffer.alloc(60_000, 0x5a);
    await a.send([to, ""]);
    await a.send([to, large]);
    expect((await within(b.receive(), "the empty datagram", 5000))[1].length).toBe(0);
    expect((await within(b.receive(), "the large datagram", 5000))[1].equals(large)).toBe(true);
  });

  it("drops what cannot be sent (an address naming nobody, a body over 65,507 octets) and goes on", async () => {
    const a = track(new Datagram());
    const b = track(new Datagram());
    await a.bind("udp://127.0.0.1:*");
    await b.bind("udp://127.0.0.1:*");
    const to = `127.0.0.1:${portOf(b.lastEndpoint)}`;
    await a.send(["nobody", "x"]);
    await a.send(["127.0.0.1:0", "x"]);
    await a.send([to, Buffer.alloc(65_508)]);
    await a.send([to, "after"]);
    expect((await within(b.receive(), "the datagram after", 5000))[1].toString()).toBe("after");
  });

  it("over IPv6: gives \"[addr]:port\\0\" and answers to it", async () => {
    const d = track(new Datagram());
    await d.bind("udp://[::1]:*");
    expect(d.lastEndpoint).toMatch(/^udp:\/\/\[::1\]:\d+$/);
    const peer = await plainPeer("udp6");
    try {
      peer.socket.send("six", portOf(d.lastEndpoint), "::1");
      const [address] = await within(d.receive(), "the datagram", 5000);
      expect(address.toString("latin1")).toBe(`[::1]:${peer.port}\0`);
      const reply = peer.next();
      await d.send([address, "back"]);
      expect((await reply)[0].toString()).toBe("back");
    } finally {
      peer.socket.close();
    }
  });

  it("bound dual-stack (ipv6, `*`): IPv4 peers appear as \"a.b.c.d:port\\0\" and are answered so", async () => {
    const d = track(new Datagram({ ipv6: true }));
    await d.bind("udp://*:*");
    expect(d.lastEndpoint).toMatch(/^udp:\/\/\[::\]:\d+$/);
    const peer = await plainPeer();
    try {
      peer.socket.send("four", portOf(d.lastEndpoint), "127.0.0.1");
      const [address] = await within(d.receive(), "the datagram", 5000);
      expect(address.toString("latin1")).toBe(`127.0.0.1:${peer.port}\0`);
      const reply = peer.next();
      await d.send([address, "back"]);
      expect((await reply)[0].toString()).toBe("back");
    } finally {
      peer.socket.close();
    }
  });

  it.skipIf(loopbackName === undefined)(`binds by interface name (${loopbackName ?? "no loopback interface found"})`, async () => {
    const d = track(new Datagram());
    await d.bind(`udp://${loopbackName!}:*`);
    expect(d.lastEndpoint).toMatch(/^udp:\/\/127\.0\.0\.1:\d+$/);
  });

  it("waits to send until it is bound", async () => {
    const a = track(new Datagram());
    const b = track(new Datagram());
    await b.bind("udp://127.0.0.1:*");
    let sent = false;
    const sending = a.send([`127.0.0.1:${portOf(b.lastEndpoint)}`, "queued"]).then(() => (sent = true));
    await Promise.resolve();
    expect(sent).toBe(false);
    await a.bind("udp://127.0.0.1:*");
    await within(sending, "the send", 5000);
    expect((await within(b.receive(), "the queued datagram", 5000))[1].toString()).toBe("queued");
  });

  it("refuses anything but [address, body] with EINVAL", async () => {
    const d = track(new Datagram());
    await d.bind("udp://127.0.0.1:*");
    const send = d.send.bind(d) as (message: unknown) => Promise<void>;
    for (const bad of ["one", ["one"], ["a", "b", "c"]]) {
      await expect(send(bad)).rejects.toMatchObject({ code: "EINVAL" });
    }
  });

  it("binds only: connect is ENOCOMPATPROTO, as libzmq; other transports are refused too", async () => {
    const d = track(new Datagram());
    expect(() => {
      d.connect("udp://127.0.0.1:5555");
    }).toThrow(expect.objectContaining({ code: "ENOCOMPATPROTO", errno: 156384764 }) as Error);
    expect(() => {
      d.connect("udp://127.0.0.1:5555");
    }).toThrow(ZmqError);
  });

  it("serves one endpoint at a time (EINVAL for a second), and unbinds by the endpoint as written or as bound", async () => {
    const d = track(new Datagram());
    await d.bind("udp://127.0.0.1:*");
    const first = d.lastEndpoint!;
    await expect(d.bind("udp://127.0.0.1:*")).rejects.toMatchObject({ code: "EINVAL" });
    await d.unbind(first);
    await d.bind(first);
    await d.unbind(`udp://127.0.0.1:${portOf(first)}`);
    await d.bind("udp://*:0");
    expect(d.lastEndpoint).toMatch(/^udp:\/\/0\.0\.0\.0:\d+$/);
    await expect(d.unbind("udp://127.0.0.1:1")).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("a port already bound is EADDRINUSE (zmtp does not share unicast ports)", async () => {
    const a = track(new Datagram());
    const b = track(new Datagram());
    await a.bind("udp://127.0.0.1:*");
    await expect(b.bind(a.lastEndpoint!)).rejects.toMatchObject({ code: "EADDRINUSE" });
  });

  it("has the udp sender options with libzmq's defaults and ranges; type 18, not thread-safe", () => {
    const d = track(new Datagram({ multicastHops: 5, multicastLoop: false }));
    expect([d.multicastHops, d.multicastLoop, d.type, d.threadSafe]).toEqual([5, false, 18, false]);
    const fresh = track(new Datagram());
    expect([fresh.multicastHops, fresh.multicastLoop]).toEqual([1, true]);
    for (const bad of [0, 256, -1, 1.5]) {
      expect(() => (fresh.multicastHops = bad), String(bad)).toThrow(expect.objectContaining({ code: "EINVAL" }) as Error);
    }
    expect(() => ((fresh as unknown as { multicastHops: unknown }).multicastHops = "2")).toThrow(TypeError);
    expect(() => ((fresh as unknown as { multicastLoop: unknown }).multicastLoop = 1)).toThrow(TypeError);
  });
});
