/**
 * SCATTER/GATHER (RFC 49), PEER (RFC 51) and CHANNEL (RFC 52) between zmtp sockets, over tcp and inproc:
 * the thread-safe PUSH/PULL, the SERVER that can dial (`connectPeer` gives the routing id at once), and the
 * thread-safe PAIR. All single-frame: a multipart send is EINVAL, a multi-frame message from a peer dropped.
 */
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { Channel, Gather, Peer, Scatter, Server } from "../../src/draft.js";
import { concat } from "../helpers/bytes.js";
import { bindEndpoint } from "../helpers/bind-endpoint.js";
import { socketTracker } from "../helpers/socket-tracker.js";
import { frameTexts } from "../helpers/text.js";
import { within } from "../helpers/wait.js";
import { greetingBytes, messageBytes, readyFrame } from "../helpers/wire.js";

const track = socketTracker();

describe.each(["tcp", "inproc"] as const)("over %s", (transport) => {
  it("SCATTER round-robins over its GATHERs; a GATHER fair-queues its SCATTERs", async () => {
    const gathers = [track(new Gather({ receiveTimeout: 5000 })), track(new Gather({ receiveTimeout: 5000 }))];
    const scatter = track(new Scatter());
    for (const gather of gathers) {
      await gather.bind(bindEndpoint(transport));
      scatter.connect(gather.lastEndpoint!);
    }
    for (let i = 0; i < 4; i++) await scatter.send(`${i}`);
    const got = [];
    for (const gather of gathers) got.push([...(await gather.receive()), ...(await gather.receive())].map(String));
    expect(got.sort()).toEqual([
      ["0", "2"],
      ["1", "3"],
    ]);

    const other = track(new Scatter());
    other.connect(gathers[0]!.lastEndpoint!);
    await scatter.send("from the first");
    await scatter.send("to the second gather");
    await other.send(["from the other"]);
    const both = [(await gathers[0]!.receive())[0].toString(), (await gathers[0]!.receive())[0].toString()];
    expect(both.sort()).toEqual(["from the first", "from the other"]);
  });

  it("PEER: connectPeer gives the new peer's routing id at once, so the dialler may speak first", async () => {
    const listener = track(new Peer({ receiveTimeout: 5000 }));
    await listener.bind(bindEndpoint(transport));
    const dialler = track(new Peer({ receiveTimeout: 5000 }));
    const id = dialler.connectPeer(listener.lastEndpoint!);
    expect(Number.isInteger(id) && id > 0 && id <= 0xffff_ffff).toBe(true);
    await dialler.send("hello", { routingId: id });
    const [frame, { routingId }] = await listener.receive();
    expect(frame.toString()).toBe("hello");
    await listener.send("hello yourself", { routingId });
    expect(await dialler.receive()).toEqual([Buffer.from("hello yourself"), { routingId: id }]);
    const second = dialler.connectPeer(listener.lastEndpoint!);
    expect(second).not.toBe(id);
  });

  it("CHANNEL: one peer, both ways", async () => {
    const a = track(new Channel({ receiveTimeout: 5000 }));
    await a.bind(bindEndpoint(transport));
    const b = track(new Channel({ receiveTimeout: 5000 }));
    b.connect(a.lastEndpoint!);
    await b.send("ping");
    expect(frameTexts(await a.receive())).toEqual(["ping"]);
    await a.send(["pong"]);
    expect(frameTexts(await b.receive())).toEqual(["pong"]);
  });
});

describe("what libzmq refuses", () => {
  it("a multipart send is EINVAL on SCATTER, PEER and CHANNEL", async () => {
    const multipart = ["a", "b"] as unknown as [string];
    const scatter = track(new Scatter());
    const peer = track(new Peer());
    const channel = track(new Channel());
    await expect(scatter.send(multipart)).rejects.toMatchObject({ code: "EINVAL" });
    await expect(channel.send(multipart)).rejects.toMatchObject({ code: "EINVAL" });
    await expect(peer.send(multipart, { routingId: 1 })).rejects.toMatchObject({ code: "EINVAL" });
    await expect(peer.send("x", { routingId: 1 })).rejects.toMatchObject({ code: "EHOSTUNREACH" });
  });

  it("PEER: connectPeer is EFAULT with immediate (libzmq peer_t::connect_peer); EBADF once closed", () => {
    const peer = track(new Peer({ immediate: true }));
    expect(() => peer.connectPeer("tcp://127.0.0.1:1")).toThrow(expect.objectContaining({ code: "EFAULT" }));
    peer.close();
    expect(() => peer.connectPeer("tcp://127.0.0.1:1")).toThrow(expect.objectContaining({ code: "EBADF" }));
  });

  it("PEER talks only to PEER: connectPeer to a bound SERVER over inproc makes no pipe (EFAULT)", async () => {
    const server = track(new Server());
    await server.bind(bindEndpoint("inproc"));
    const peer = track(new Peer());
    expect(() => peer.connectPeer(server.lastEndpoint!)).toThrow(expect.objectContaining({ code: "EFAULT" }));
  });

  it("CHANNEL is exclusive: a second CHANNEL gets nothing through while the first is attached", async () => {
    const a = track(new Channel({ receiveTimeout: 300 }));
    await a.bind(bindEndpoint("inproc"));
    const first = track(new Channel());
    first.connect(a.lastEndpoint!);
    const second = track(new Channel({ sendTimeout: 0 }));
    second.connect(a.lastEndpoint!);
    await expect(second.send("refused")).rejects.toMatchObject({ code: "EAGAIN" });
    await first.send("accepted");
    expect(frameTexts(await a.receive())).toEqual(["accepted"]);
  });

  it("types and thread safety, as libzmq reports them; GATHER and SCATTER take conflate", () => {
    const sockets = [new Gather({ conflate: true }), new Scatter({ conflate: true }), new Peer(), new Channel()].map(track);
    expect(sockets.map((s) => s.type)).toEqual([16, 17, 19, 20]);
    expect(sockets.map((s) => s.threadSafe)).toEqual([true, true, true, true]);
    expect([(sockets[0] as Gather).conflate, (sockets[1] as Scatter).conflate]).toEqual([true, true]);
  });

  it("SCATTER with conflate keeps only the newest message for a peer (libzmq 4.3.5 ignores it there)", async () => {
    const gather = track(new Gather({ receiveTimeout: 5000 }));
    await gather.bind(bindEndpoint("inproc"));
    const conflated = track(new Scatter({ conflate: true }));
    conflated.connect(gather.lastEndpoint!);
    await conflated.send("1");
    await conflated.send("2");
    await conflated.send("3");
    expect(frameTexts(await gather.receive())).toEqual(["3"]);
  });
});

// ---- a raw peer that sends multi-frame messages ----------------------------------------------------------

const rawSockets: net.Socket[] = [];
afterEach(() => {
  for (const socket of rawSockets.splice(0)) socket.destroy();
});

describe("multi-frame messages from a peer are dropped whole", () => {
  it.each([
    ["GATHER", "SCATTER", () => new Gather({ receiveTimeout: 5000 })],
    ["CHANNEL", "CHANNEL", () => new Channel({ receiveTimeout: 5000 })],
    ["PEER", "PEER", () => new Peer({ receiveTimeout: 5000 })],
  ] as const)("by a %s (from a raw %s)", async (_local, remote, make) => {
    const socket = track(make());
    await socket.bind("tcp://127.0.0.1:0");
    const port = Number(/:(\d+)$/.exec(socket.lastEndpoint!)![1]);
    const raw = net.connect({ host: "127.0.0.1", port });
    rawSockets.push(raw);
    raw.on("data", () => undefined);
    raw.on("error", () => undefined);
    raw.write(concat([greetingBytes(), readyFrame([["Socket-Type", remote]]), messageBytes(["x", "y"]), messageBytes(["kept"])]));
    const message = await within<Buffer[] | [Buffer, unknown]>(socket.receive(), "the single-frame message", 5000);
    expect(message[0].toString()).toBe("kept");
  });
});
