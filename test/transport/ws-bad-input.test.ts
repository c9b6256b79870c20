/**
 * What a bound ws:// endpoint does with bad input (issue 21 item 4): a plain HTTP request, a bad upgrade, a
 * missing or unknown subprotocol, an unknown path, then, on an upgraded connection, a text frame, an
 * unmasked frame, a fragmented message, an empty or oversized frame. Each time the connection is refused or
 * closed, and the bound socket goes on serving a good client. Bare `ZWS2.0` (no mechanism: routing ids first,
 * RFC 45 §"No Mechanism") is served as libzmq serves it.
 */
import { describe, expect, it } from "vitest";
import * as zmtp from "../../src/index.js";
import { clientFrame, rawConnect, rawUpgrade, serverMessages, upgradeRequest } from "../helpers/raw-websocket.js";
import { useTeardown } from "../helpers/teardown.js";
import { messageText } from "../helpers/text.js";
import { within } from "../helpers/wait.js";

const WAIT = 5000;
const { track } = useTeardown();

async function boundRouter(options: zmtp.RouterOptions = {}): Promise<{ router: zmtp.Router; port: number; refusals: string[] }> {
  const router = track(new zmtp.Router({ receiveTimeout: WAIT, ...options }));
  const refusals: string[] = [];
  router.events.on("accept:error", (event) => refusals.push(event.error?.code ?? ""));
  await router.bind("ws://127.0.0.1:0/zmq");
  const port = Number(/:(\d+)\/zmq$/.exec(router.lastEndpoint!)![1]);
  return { router, port, refusals };
}

/** A good client still gets through: the bound socket went on. */
async function stillServes(router: zmtp.Router): Promise<void> {
  const dealer = track(new zmtp.Dealer({ receiveTimeout: WAIT, routingId: "good" }));
  dealer.connect(router.lastEndpoint!);
  await dealer.send("still there?");
  const [id, body] = await router.receive();
  expect(`${id!.toString()}|${body!.toString()}`).toBe("good|still there?");
}

const EXCHANGE_READY = Buffer.concat([
  Buffer.from([0x02, 5]),
  Buffer.from("READY"),
  Buffer.from([11]),
  Buffer.from("Socket-Type"),
  Buffer.from([0, 0, 0, 6]),
  Buffer.from("DEALER"),
]);

describe("ws:// bad input: the HTTP side", () => {
  it("a plain HTTP request gets 426 Upgrade Required and is closed", async () => {
    const { router, port } = await boundRouter();
    const client = await rawConnect(port);
    client.write("GET /zmq HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    expect((await client.closed()).toString("latin1")).toMatch(/^HTTP\/1\.1 426 /);
    await stillServes(router);
  });

  it("a request that never ends is closed after handshakeInterval; an upgraded connection lives on past it", async () => {
    const { router, port } = await boundRouter({ handshakeInterval: 200 });
    // Connected before the slow client, and used after the interval: the upgrade took it off the clock.
    const dealer = track(new zmtp.Dealer({ receiveTimeout: WAIT, routingId: "early" }));
    dealer.connect(router.lastEndpoint!);
    await dealer.send("before");
    expect((await router.receive()).map(String)).toEqual(["early", "before"]);
    const client = await rawConnect(port);
    client.write("GET /zmq HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    // Node's default would hold it 60 s and more: WAIT (5 s) bounds the wait.
    await within(client.closed(), "the server closing the unfinished request", WAIT);
    await dealer.send("after");
    expect((await router.receive()).map(String)).toEqual(["early", "after"]);
    await stillServes(router);
  });

  it("bytes that are not HTTP at all: the connection is closed", async () => {
    const { router, port } = await boundRouter();
    const client = await rawConnect(port);
    client.write(Buffer.from([0xff, 0, 0, 0, 0, 0, 0, 0, 1, 0x7f, 3, 1, 0x4e, 0x55, 0x4c, 0x4c, 0x0d, 0x0a, 0x0d, 0x0a]));
    expect((await client.closed()).toString("latin1")).not.toMatch(/101/);
    await stillServes(router);
  });

  it.each([
    ["no Sec-WebSocket-Protocol", 400, upgradeRequest("/zmq", undefined)],
    ["a subprotocol that is not ZWS", 400, upgradeRequest("/zmq", "chat, superchat")],
    ["a ZWS mechanism the socket does not run", 400, upgradeRequest("/zmq", "ZWS2.0/PLAIN")],
    ["no Sec-WebSocket-Key", 400, upgradeRequest("/zmq", "ZWS2.0/NULL").replace(/Sec-WebSocket-Key: .*\r\n/, "")],
    ["a key that is not 16 octets", 400, upgradeRequest("/zmq", "ZWS2.0/NULL", "c2hvcnQ=")],
    ["WebSocket version 8", 426, upgradeRequest("/zmq", "ZWS2.0/NULL").replace("Version: 13", "Version: 8")],
    ["POST instead of GET", 400, upgradeRequest("/zmq", "ZWS2.0/NULL").replace(/^GET/, "POST")],
  ] as const)("an upgrade with %s is refused (%i) and reported as accept:error", async (_what, status, request) => {
    const { router, port, refusals } = await boundRouter();
    const client = await rawConnect(port);
    client.write(request);
    const answer = (await client.closed()).toString("latin1");
    expect(answer.startsWith(`HTTP/1.1 ${status} `), answer).toBe(true);
    await stillServes(router);
    expect(refusals).toEqual(["ERR_WS_UNSPECIFIED"]);
  });

  it("a request whose Connection lacks upgrade is no upgrade at all: 426", async () => {
    const { router, port } = await boundRouter();
    const client = await rawConnect(port);
    client.write(upgradeRequest("/zmq", "ZWS2.0/NULL").replace("Connection: Upgrade", "Connection: keep-alive"));
    expect((await client.closed()).toString("latin1")).toMatch(/^HTTP\/1\.1 426 /);
    await stillServes(router);
  });

  it("an upgrade to a path nothing is bound at gets 404", async () => {
    const { router, port } = await boundRouter();
    const client = await rawConnect(port);
    client.write(upgradeRequest("/elsewhere", "ZWS2.0/NULL"));
    expect((await client.closed()).toString("latin1")).toMatch(/^HTTP\/1\.1 404 /);
    await stillServes(router);
  });

  it("libzmq's order wins: the client's first token the socket speaks (ZWS2.0/NULL before ZWS2.0)", async () => {
    const { port } = await boundRouter();
    expect((await rawUpgrade(port, "/zmq", "ZWS2.0/NULL,ZWS2.0")).protocol).toBe("ZWS2.0/NULL");
    expect((await rawUpgrade(port, "/zmq", "chat, ZWS2.0, ZWS2.0/NULL")).protocol).toBe("ZWS2.0");
  });
});

describe("ws:// bad input: frames on an upgraded connection", () => {
  it.each([
    ["a text frame", clientFrame(0x81, Buffer.from("hello"))],
    ["an unmasked frame from a client", clientFrame(0x82, EXCHANGE_READY, false)],
    ["a fragmented message (FIN clear)", clientFrame(0x02, EXCHANGE_READY)],
    ["a continuation frame", clientFrame(0x80, EXCHANGE_READY)],
    ["an empty binary frame (no flags octet)", clientFrame(0x82, Buffer.alloc(0))],
    ["RSV1 set (no extension was negotiated)", clientFrame(0xc2, EXCHANGE_READY)],
    ["a control frame over 125 octets", clientFrame(0x89, Buffer.alloc(126))],
    ["a data frame before the handshake", clientFrame(0x82, Buffer.from([0x00, 0x41]))],
    ["a frame over the handshake's 64 KiB", clientFrame(0x82, Buffer.alloc(64 * 1024 + 2))],
  ])("%s closes the connection", async (_what, frame) => {
    const { router, port } = await boundRouter();
    const { client } = await rawUpgrade(port, "/zmq", "ZWS2.0/NULL");
    client.write(frame);
    await client.closed();
    await stillServes(router);
  });

  it("a frame over maxMessageSize after the handshake closes the connection; smaller ones arrive", async () => {
    const { router, port } = await boundRouter({ maxMessageSize: 1000 });
    const { client, rest } = await rawUpgrade(port, "/zmq", "ZWS2.0/NULL");
    client.write(clientFrame(0x82, EXCHANGE_READY));
    // The server's READY, then traffic.
    await client.until(() => serverMessages(rest()).length >= 1, "the server's READY");
    client.write(clientFrame(0x82, Buffer.concat([Buffer.from([0x00]), Buffer.alloc(1000, 0x61)])));
    expect((await router.receive())[1]!.length).toBe(1000);
    client.write(clientFrame(0x82, Buffer.concat([Buffer.from([0x00]), Buffer.alloc(1001, 0x61)])));
    await client.closed();
    await stillServes(router);
  });

  it("a ping is answered with a pong carrying its payload; a close is echoed and ends the connection", async () => {
    const { port } = await boundRouter();
    const { client, rest } = await rawUpgrade(port, "/zmq", "ZWS2.0/NULL");
    client.write(clientFrame(0x89, Buffer.from("are you there")));
    // The pong (after the server's READY, which it sends at once): opcode 0xA, 13 octets, unmasked.
    const pong = Buffer.concat([Buffer.from([0x8a, 13]), Buffer.from("are you there")]);
    await client.until(() => rest().includes(pong), "the pong");
    client.write(clientFrame(0x88, Buffer.from([0x03, 0xe8])));
    const after = await client.closed();
    expect(after.includes(Buffer.from([0x88, 0x02, 0x03, 0xe8]))).toBe(true);
  });
});

describe("bare ZWS2.0 (no mechanism)", () => {
  it("routing ids first, as ZMTP 2.0: the ROUTER knows the peer by its id, no READY", async () => {
    const { router, port } = await boundRouter();
    router.routingId = "srv";
    const { client, protocol, rest } = await rawUpgrade(port, "/zmq", "ZWS2.0");
    expect(protocol).toBe("ZWS2.0");
    client.write(clientFrame(0x82, Buffer.from("\x00peer-1", "latin1")));
    client.write(clientFrame(0x82, Buffer.from("\x01part", "latin1")));
    client.write(clientFrame(0x82, Buffer.from("\x00two", "latin1")));
    expect(messageText(await router.receive())).toBe("peer-1|part|two");
    await router.send(["peer-1", "answer"]);
    await client.until(() => serverMessages(rest()).length >= 2, "the server's id and answer");
    // Its routing id (routingId was set after bind: libzmq reads it when the connection starts), then the message.
    expect(serverMessages(rest()).map((m) => m.toString("latin1"))).toEqual(["\x00srv", "\x00answer"]);
  });
});
