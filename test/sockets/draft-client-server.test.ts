/**
 * CLIENT and SERVER (RFC 41; libzmq src/client.cpp, src/server.cpp) between zmtp sockets, over tcp and
 * inproc: single-frame messages (a multipart send is EINVAL, a multi-frame message from a peer is dropped
 * whole), routing ids (non-zero 32-bit numbers, never on the wire), EHOSTUNREACH for an unknown id, and a
 * SERVER waiting, never dropping, at a client's high-water mark.
 */
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { Client, Pull, Server } from "../../src/draft.js";
import { concat } from "../helpers/bytes.js";
import { bindEndpoint } from "../helpers/bind-endpoint.js";
import { socketTracker } from "../helpers/socket-tracker.js";
import { frameTexts } from "../helpers/text.js";
import { waitUntil, within } from "../helpers/wait.js";
import { commandFrame, greetingBytes, messageBytes, readyFrame } from "../helpers/wire.js";

const track = socketTracker();

describe.each(["tcp", "inproc"] as const)("CLIENT ↔ SERVER over %s", (transport) => {
  it("a SERVER answers each CLIENT by the routing id its request came with", async () => {
    const server = track(new Server({ receiveTimeout: 5000 }));
    await server.bind(bindEndpoint(transport));
    const a = track(new Client({ receiveTimeout: 5000 }));
    const b = track(new Client({ receiveTimeout: 5000 }));
    a.connect(server.lastEndpoint!);
    b.connect(server.lastEndpoint!);
    await a.send("from a");
    await b.send(["from b"]);
    const requests = new Map<string, number>();
    for (let i = 0; i < 2; i++) {
      const [frame, { routingId }] = await server.receive();
      requests.set(frame.toString(), routingId);
    }
    const idA = requests.get("from a")!;
    const idB = requests.get("from b")!;
    for (const id of [idA, idB]) {
      expect(Number.isInteger(id) && id > 0 && id <= 0xffff_ffff, `routing id ${id}`).toBe(true);
    }
    expect(idA).not.toBe(idB);
    await server.send("to b", { routingId: idB });
    await server.send(["to a"], { routingId: idA });
    expect(frameTexts(await a.receive())).toEqual(["to a"]);
    expect(frameTexts(await b.receive())).toEqual(["to b"]);
    // A peer keeps its id: the next request from a comes with the same one.
    await a.send("again");
    expect((await server.receive())[1]).toEqual({ routingId: idA });
  });

  it("a CLIENT round-robins over its SERVERs and fair-queues their answers", async () => {
    const servers = [track(new Server({ receiveTimeout: 5000 })), track(new Server({ receiveTimeout: 5000 }))];
    const client = track(new Client({ receiveTimeout: 5000 }));
    for (const server of servers) {
      await server.bind(bindEndpoint(transport));
      client.connect(server.lastEndpoint!);
    }
    // Without `immediate` the pipes exist at connect: the four requests alternate between the two servers.
    for (let i = 0; i < 4; i++) await client.send(`request ${i}`);
    const got = await Promise.all(servers.map(async (server) => [await server.receive(), await server.receive()]));
    expect(got.map((pair) => pair.map(([frame]) => frame.toString())).sort()).toEqual([
      ["request 0", "request 2"],
      ["request 1", "request 3"],
    ]);
    for (const [index, server] of servers.entries()) await server.send(`answer ${index}`, { routingId: got[index]![0]![1].routingId });
    const answers = [(await client.receive())[0].toString(), (await client.receive())[0].toString()];
    expect(answers.sort()).toEqual(["answer 0", "answer 1"]);
  });
});

describe("CLIENT and SERVER refuse what libzmq refuses", () => {
  it("a multipart send is EINVAL on both, and nothing is sent", async () => {
    const server = track(new Server({ receiveTimeout: 300 }));
    await server.bind(bindEndpoint("inproc"));
    const client = track(new Client());
    client.connect(server.lastEndpoint!);
    const multipart = ["a", "b"] as unknown as [string];
    await expect(client.send(multipart)).rejects.toMatchObject({ code: "EINVAL" });
    await client.send("only this");
    const [frame, { routingId }] = await server.receive();
    expect(frame.toString()).toBe("only this");
    await expect(server.send(multipart, { routingId })).rejects.toMatchObject({ code: "EINVAL" });
    await expect(client.send([] as unknown as [string])).rejects.toMatchObject({ code: "EINVAL" });
  });

  it("SERVER: EHOSTUNREACH for a routing id no peer has; EINVAL without a routing id", async () => {
    const server = track(new Server());
    await server.bind(bindEndpoint("tcp"));
    await expect(server.send("x", { routingId: 12345 })).rejects.toMatchObject({ code: "EHOSTUNREACH" });
    await expect(server.send("x", { routingId: 0 })).rejects.toMatchObject({ code: "EHOSTUNREACH" });
    for (const options of [undefined, {}, { routingId: "1" }, { routingId: -1 }, { routingId: 1.5 }, { routingId: 2 ** 32 }]) {
      await expect(server.send("x", options as unknown as { routingId: number }), JSON.stringify(options)).rejects.toMatchObject({ code: "EINVAL" });
    }
  });

  it("SERVER waits at a client's high-water mark (never drops), then EAGAIN at sendTimeout; EHOSTUNREACH once it is gone", async () => {
    const server = track(new Server({ sendHighWaterMark: 1, receiveHighWaterMark: 1, sendTimeout: 200 }));
    await server.bind(bindEndpoint("inproc"));
    const client = track(new Client({ sendHighWaterMark: 1, receiveHighWaterMark: 1, receiveTimeout: 5000 }));
    client.connect(server.lastEndpoint!);
    await client.send("hello");
    const [, { routingId }] = await server.receive();
    // inproc sums both marks: two messages fit, the third waits until the client reads.
    await server.send("1", { routingId });
    await server.send("2", { routingId });
    await expect(server.send("3", { routingId })).rejects.toMatchObject({ code: "EAGAIN" });
    server.sendTimeout = -1;
    const waiting = server.send("3", { routingId });
    expect(frameTexts(await client.receive())).toEqual(["1"]);
    await within(waiting, "the waiting send");
    expect(frameTexts(await client.receive())).toEqual(["2"]);
    expect(frameTexts(await client.receive())).toEqual(["3"]);
    await server.send("4", { routingId });
    await server.send("5", { routingId });
    const stuck = server.send("6", { routingId });
    client.linger = 0;
    await client.closeAndWait();
    await expect(within(stuck, "the send to a client that left")).rejects.toMatchObject({ code: "EHOSTUNREACH" });
  });

  it("are thread-safe types (ZMQ_THREAD_SAFE), with libzmq's type numbers", () => {
    const server = track(new Server());
    const client = track(new Client());
    expect([server.type, client.type]).toEqual([12, 13]);
    expect([server.threadSafe, client.threadSafe]).toEqual([true, true]);
  });

  it("a CLIENT and a PULL never pair (libzmq's valid pairs): over inproc nothing gets through", async () => {
    const pull = track(new Pull({ receiveTimeout: 200 }));
    await pull.bind(bindEndpoint("inproc"));
    const client = track(new Client({ sendTimeout: 0 }));
    client.connect(pull.lastEndpoint!);
    await expect(client.send("x")).rejects.toMatchObject({ code: "EAGAIN" });
    await expect(pull.receive()).rejects.toMatchObject({ code: "EAGAIN" });
  });
});

// ---- a raw ZMTP peer: what a broken or foreign CLIENT may send ------------------------------------------

const rawSockets: net.Socket[] = [];
afterEach(() => {
  for (const socket of rawSockets.splice(0)) socket.destroy();
});

function rawPeer(endpoint: string, socketType: string): net.Socket {
  const port = Number(/:(\d+)$/.exec(endpoint)![1]);
  const socket = net.connect({ host: "127.0.0.1", port });
  socket.on("data", () => undefined);
  socket.on("error", () => undefined);
  rawSockets.push(socket);
  socket.write(concat([greetingBytes(), readyFrame([["Socket-Type", socketType]])]));
  return socket;
}

describe("multi-frame messages from a peer are dropped whole (libzmq server_t/client_t::xrecv)", () => {
  it("by a SERVER", async () => {
    const server = track(new Server({ receiveTimeout: 5000 }));
    await server.bind(bindEndpoint("tcp"));
    const raw = rawPeer(server.lastEndpoint!, "CLIENT");
    // A JOIN command is nothing to a SERVER: it is not a message (only a RADIO acts on it).
    raw.write(concat([messageBytes(["two", "frames"]), commandFrame("JOIN", "g"), messageBytes(["a", "b", "c"]), messageBytes(["single"])]));
    const [frame] = await server.receive();
    expect(frame.toString()).toBe("single");
    expect(server.readable).toBe(false);
  });

  it("by a CLIENT", async () => {
    const client = track(new Client({ receiveTimeout: 5000 }));
    const listener = net.createServer((socket) => {
      rawSockets.push(socket);
      socket.on("data", () => undefined);
      socket.write(concat([greetingBytes(), readyFrame([["Socket-Type", "SERVER"]]), messageBytes(["x", "y"]), messageBytes(["kept"])]));
    });
    await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
    try {
      client.connect(`tcp://127.0.0.1:${(listener.address() as net.AddressInfo).port}`);
      expect(frameTexts(await client.receive())).toEqual(["kept"]);
    } finally {
      for (const socket of rawSockets.splice(0)) socket.destroy();
      await new Promise((resolve) => listener.close(resolve));
    }
  });

  it("a peer of another type is refused at the handshake: a SERVER never hears a PUSH", async () => {
    const server = track(new Server({ receiveTimeout: 300 }));
    await server.bind(bindEndpoint("tcp"));
    const raw = rawPeer(server.lastEndpoint!, "PUSH");
    raw.write(messageBytes(["from a push"]));
    await waitUntil(() => raw.destroyed || raw.readableEnded, "the refused connection to end", 5000);
    await expect(server.receive()).rejects.toMatchObject({ code: "EAGAIN" });
  });
});
