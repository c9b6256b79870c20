/**
 * ZMQ_CONNECT_ROUTING_ID as zeromq.js v6 has it: `router.connect(address, { routingId })` (and Stream's):
 * the peer at that address is known by that id, so messages can be addressed to it before it says anything.
 * Before, plain JavaScript could pass the option and have it silently ignored.
 */
import net from "node:net";
import { describe, expect, it } from "vitest";
import * as zmq from "zeromq";
import { Dealer, Router, Stream } from "../../src/index.js";
import { socketTracker } from "../helpers/socket-tracker.js";
import { waitUntil, within } from "../helpers/wait.js";

const track = socketTracker();

describe("Router.connect(address, { routingId })", () => {
  it("addresses a libzmq DEALER by the id given at connect, before it sends anything", async () => {
    const dealer = new zmq.Dealer({ linger: 0, routingId: "announced" });
    try {
      await dealer.bind("tcp://127.0.0.1:*");
      const router = track(new Router({ mandatory: true }));
      const handshake = new Promise((resolve) => router.events.on("handshake", resolve));
      router.connect(dealer.lastEndpoint!, { routingId: "srv" });
      await within(handshake, "the handshake");
      // mandatory: EHOSTUNREACH unless "srv" is a known peer.
      await router.send(["srv", "hello"]);
      expect((await within(dealer.receive(), "at the dealer")).map(String)).toEqual(["hello"]);
      await dealer.send("back");
      expect((await within(router.receive(), "at the router")).map(String)).toEqual(["srv", "back"]);
    } finally {
      dealer.close();
    }
  });

  it("works over inproc too, and ids given at connect keep two peers apart", async () => {
    const a = track(new Dealer());
    const b = track(new Dealer());
    await a.bind("inproc://connect-rid-a");
    await b.bind("inproc://connect-rid-b");
    const router = track(new Router({ mandatory: true }));
    // Both names are bound: the links are made at connect, so the ids are known at once.
    router.connect("inproc://connect-rid-a", { routingId: "A" });
    router.connect("inproc://connect-rid-b", { routingId: "B" });
    await router.send(["B", "to b"]);
    await router.send(["A", "to a"]);
    expect((await within(a.receive(), "a")).map(String)).toEqual(["to a"]);
    expect((await within(b.receive(), "b")).map(String)).toEqual(["to b"]);
  });

  it("refuses bad options: not an object, an unknown key, a routingId of the wrong type or size", () => {
    const router = track(new Router());
    const connect = router.connect.bind(router) as (endpoint: string, options: unknown) => void;
    expect(() => {
      connect("tcp://127.0.0.1:1", null);
    }).toThrow(TypeError);
    expect(() => {
      connect("tcp://127.0.0.1:1", { routingID: "x" });
    }).toThrow(/Unknown connect\(\) option: routingID/);
    expect(() => {
      connect("tcp://127.0.0.1:1", { routingId: 42 });
    }).toThrow(TypeError);
    expect(() => {
      connect("tcp://127.0.0.1:1", { routingId: "" });
    }).toThrow(expect.objectContaining({ code: "EINVAL" }) as Error);
  });
});

describe("Stream.connect(address, { routingId })", () => {
  it("knows the raw connection by the id given at connect", async () => {
    const received: Buffer[] = [];
    const server = net.createServer((socket) => {
      socket.on("data", (chunk: Buffer) => received.push(chunk));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as net.AddressInfo;
      const stream = track(new Stream());
      stream.connect(`tcp://127.0.0.1:${port}`, { routingId: "raw-1" });
      const [id, notification] = await within(stream.receive(), "the connect notification");
      expect(id!.toString()).toBe("raw-1");
      expect(notification!.length).toBe(0);
      await stream.send(["raw-1", "bytes"]);
      await waitUntil(() => Buffer.concat(received).toString() === "bytes", "the bytes at the server");
    } finally {
      server.close();
    }
  });
});
