/**
 * ws:// between zmtp sockets, with tcp's rules (ephemeral ports, reconnect, linger, unbind) and what only a
 * WebSocket endpoint has: several paths on one port (from several sockets), mounting on the user's own
 * http.Server beside its requests, and liveness by WebSocket ping (heartbeatInterval).
 */
import http from "node:http";
import { describe, expect, it } from "vitest";
import * as zmtp from "../../src/index.js";
import { rawUpgrade } from "../helpers/raw-websocket.js";
import { useTeardown } from "../helpers/teardown.js";
import { messageText } from "../helpers/text.js";
import { within } from "../helpers/wait.js";

const WAIT = 5000;
const { track, defer } = useTeardown();

const portOf = (endpoint: string): number => Number(/:(\d+)\//.exec(endpoint)![1]);

function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, path }, (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => (body += chunk.toString()));
        res.on("end", () => { resolve({ status: res.statusCode ?? 0, body }); });
      })
      .on("error", reject);
  });
}

describe("ws:// between zmtp sockets", () => {
  it("an ephemeral bind (:0 or :*) gets a fresh port each time; lastEndpoint carries port and path", async () => {
    const pull = track(new zmtp.Pull({ receiveTimeout: WAIT }));
    await pull.bind("ws://127.0.0.1:*/a");
    const first = pull.lastEndpoint!;
    await pull.bind("ws://127.0.0.1:0/a");
    expect(first).toMatch(/^ws:\/\/127\.0\.0\.1:[1-9]\d*\/a$/);
    expect(portOf(pull.lastEndpoint!)).not.toBe(portOf(first));
    const push = track(new zmtp.Push());
    push.connect(first);
    await push.send("to the first");
    expect(messageText(await pull.receive())).toBe("to the first");
  });

  it("several paths share one port, from several sockets; a taken path is EADDRINUSE; unbind frees only its path", async () => {
    const a = track(new zmtp.Pull({ receiveTimeout: WAIT }));
    const b = track(new zmtp.Pull({ receiveTimeout: WAIT }));
    await a.bind("ws://127.0.0.1:0/a");
    const port = portOf(a.lastEndpoint!);
    await b.bind(`ws://127.0.0.1:${port}/b`);
    expect(b.lastEndpoint).toBe(`ws://127.0.0.1:${port}/b`);
    await expect(b.bind(`ws://127.0.0.1:${port}/a`)).rejects.toMatchObject({ code: "EADDRINUSE" });
    const pushA = track(new zmtp.Push());
    const pushB = track(new zmtp.Push());
    pushA.connect(`ws://127.0.0.1:${port}/a`);
    pushB.connect(`ws://127.0.0.1:${port}/b`);
    await pushA.send("for a");
    await pushB.send("for b");
    expect(messageText(await a.receive())).toBe("for a");
    expect(messageText(await b.receive())).toBe("for b");
    await a.unbind(`ws://127.0.0.1:${port}/a`);
    const refused = await rawUpgrade(port, "/a", "ZWS2.0/NULL").then(
      () => "upgraded",
      (err: unknown) => (err as Error).message,
    );
    expect(refused).toMatch(/404/);
    await pushB.send("b still served");
    expect(messageText(await b.receive())).toBe("b still served");
  });

  it("mounts on the user's http.Server: the web app answers its requests, ZeroMQ its WebSocket path", async () => {
    const web = http.createServer((req, res) => {
      res.end(`page ${req.url ?? ""}`);
    });
    await new Promise<void>((resolve) => web.listen(0, "127.0.0.1", resolve));
    defer(() => new Promise<void>((resolve) => web.close(() => { resolve(); })));
    const port = (web.address() as { port: number }).port;
    defer(zmtp.attachHttpServer(web));
    const router = track(new zmtp.Router({ receiveTimeout: WAIT }));
    await router.bind(`ws://*:${port}/zmq`);
    const dealer = track(new zmtp.Dealer({ routingId: "d1", receiveTimeout: WAIT }));
    dealer.connect(`ws://127.0.0.1:${port}/zmq`);
    await dealer.send("hi");
    expect(messageText(await router.receive())).toBe("d1|hi");
    await router.send(["d1", "hello back"]);
    expect(messageText(await dealer.receive())).toBe("hello back");
    expect(await get(port, "/index.html")).toEqual({ status: 200, body: "page /index.html" });
    expect(() => zmtp.attachHttpServer(web)).toThrow(/already attached/);
  });

  it("reconnects after the bound side goes away and comes back on the same port; what was queued arrives", async () => {
    const pull = track(new zmtp.Pull({ receiveTimeout: WAIT }));
    await pull.bind("ws://127.0.0.1:0/r");
    const endpoint = pull.lastEndpoint!;
    const push = track(new zmtp.Push({ reconnectInterval: 20 }));
    push.connect(endpoint);
    await push.send("one");
    expect(messageText(await pull.receive())).toBe("one");
    const gone = new Promise<void>((resolve) => push.events.on("disconnect", () => { resolve(); }));
    pull.linger = 0;
    await pull.closeAndWait();
    await within(gone, "the disconnect", WAIT);
    await push.send("two");
    const again = track(new zmtp.Pull({ receiveTimeout: WAIT }));
    await again.bind(endpoint);
    expect(messageText(await again.receive())).toBe("two");
  });

  it("close() under linger delivers what is queued before the connection ends", async () => {
    const pull = track(new zmtp.Pull({ receiveTimeout: WAIT }));
    await pull.bind("ws://127.0.0.1:0/l");
    const push = new zmtp.Push({ linger: 5000 });
    push.connect(pull.lastEndpoint!);
    for (let i = 0; i < 100; i++) await push.send(`m${i}`);
    const closing = push.closeAndWait();
    const got: string[] = [];
    for (let i = 0; i < 100; i++) got.push(messageText(await pull.receive()));
    await within(closing, "the lingering close", WAIT);
    expect(got).toEqual(Array.from({ length: 100 }, (_, i) => `m${i}`));
  });

  it("a peer that stops answering WebSocket pings is dropped (heartbeatInterval, heartbeatTimeout)", async () => {
    const router = track(new zmtp.Router({ heartbeatInterval: 50, heartbeatTimeout: 200, receiveTimeout: WAIT }));
    await router.bind("ws://127.0.0.1:0/hb");
    const dropped = new Promise<void>((resolve) => router.events.on("disconnect", () => { resolve(); }));
    // A bare-ZWS peer that sends its routing id and then nothing at all, pongs included.
    const { client } = await rawUpgrade(portOf(router.lastEndpoint!), "/hb", "ZWS2.0");
    client.socket.write(Buffer.from([0x82, 0x81, 0, 0, 0, 0, 0x00]));
    await within(dropped, "the silent peer to be dropped", WAIT);
    await client.closed();
  });

  it("a live peer answers the pings: the connection stays past many timeouts", async () => {
    const pull = track(new zmtp.Pull({ heartbeatInterval: 50, heartbeatTimeout: 300, receiveTimeout: WAIT }));
    await pull.bind("ws://127.0.0.1:0/hb");
    const push = track(new zmtp.Push());
    let disconnects = 0;
    pull.events.on("disconnect", () => disconnects++);
    push.connect(pull.lastEndpoint!);
    await push.send("first");
    expect(messageText(await pull.receive())).toBe("first");
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await push.send("still connected");
    expect(messageText(await pull.receive())).toBe("still connected");
    expect(disconnects).toBe(0);
  });

  it("a Stream socket refuses ws:// (it speaks raw bytes), EPROTONOSUPPORT", async () => {
    const stream = track(new zmtp.Stream());
    await expect(stream.bind("ws://127.0.0.1:0/raw")).rejects.toMatchObject({ code: "EPROTONOSUPPORT" });
    expect(() => { stream.connect("ws://127.0.0.1:1/raw"); }).toThrow(expect.objectContaining({ code: "EPROTONOSUPPORT" }) as Error);
  });
});
