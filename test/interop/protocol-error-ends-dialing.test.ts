/**
 * A connecting socket whose connection ends in a protocol error does not reconnect: libzmq 4.3.5's
 * session_base.cpp engine_error terminates a connecting session after a protocol_error (a refused socket
 * type, an authentication denied, a message over maxMessageSize…) and reconnects only after connection and
 * timeout errors. Each case runs with libzmq dialing zmtp (what libzmq itself does, the reference) and zmtp
 * dialing libzmq (what must match): the server counts the connections it accepts, and after the failure the
 * dialer has a window of many reconnect intervals in which it must not come back.
 *
 * The window is a wait by nature (an absence is asserted), kept short: 25 intervals of 20 ms, where a dialer
 * that reconnects would have come back about 25 times.
 */
import { afterEach, describe, expect, it } from "vitest";
import * as zmq from "zeromq";
import * as zmtp from "../../src/index.js";
import { delay, within } from "../helpers/wait.js";
import { WAIT_MS, type Impl } from "./helpers.js";

const INTERVAL = 20;
const WINDOW = 25 * INTERVAL;

interface EventSocket {
  events: AsyncIterable<{ type: string }>;
  close(): void;
  linger: number;
}

const open: EventSocket[] = [];
afterEach(() => {
  for (const socket of open.splice(0)) {
    socket.linger = 0;
    socket.close();
  }
});

function track<T extends EventSocket>(socket: T): T {
  open.push(socket);
  return socket;
}

/** Every event type the socket reports, in order, and a promise for the first of `types`. */
function watch(socket: EventSocket, types: readonly string[]): { seen: string[]; first: Promise<string> } {
  const seen: string[] = [];
  let found: (type: string) => void = () => undefined;
  const first = new Promise<string>((resolve) => (found = resolve));
  void (async () => {
    for await (const event of socket.events) {
      seen.push(event.type);
      if (types.includes(event.type)) found(event.type);
    }
  })().catch(() => undefined);
  return { seen, first };
}

const other = (impl: Impl): Impl => (impl === "zmtp" ? "libzmq" : "zmtp");

/**
 * The dialer's failure (one of the event types it was watched for) came; then, through the window, it
 * reported no retry and no new connection, and the server accepted as many connections as the dialer made.
 */
async function expectNoReconnect(server: { seen: string[] }, dialer: { seen: string[]; first: Promise<string> }, label: string): Promise<void> {
  const failure = await within(dialer.first, `${label}: the failure`, WAIT_MS);
  const failedAt = dialer.seen.indexOf(failure);
  await delay(WINDOW);
  const afterFailure = dialer.seen.slice(failedAt + 1);
  expect(afterFailure, label).not.toContain("connect:retry");
  expect(afterFailure, label).not.toContain("connect");
  const connects = dialer.seen.filter((type) => type === "connect").length;
  expect(server.seen.filter((type) => type === "accept").length, `${label}: connections the server accepted`).toBe(connects);
}

describe.each(["libzmq", "zmtp"] as const)("%s dialing: a protocol error ends the endpoint's dialing", (dialing) => {
  const serving = other(dialing);

  it("a socket type the server refuses (DEALER to PUB)", async () => {
    const server = track(serving === "zmtp" ? new zmtp.Publisher() : new zmq.Publisher());
    const serverEvents = watch(server, []);
    await server.bind("tcp://127.0.0.1:*");
    const client = track(dialing === "zmtp" ? new zmtp.Dealer({ reconnectInterval: INTERVAL }) : new zmq.Dealer({ reconnectInterval: INTERVAL }));
    // zmtp's dialer reads the refusal (handshake:error:protocol); libzmq's reports only the disconnect.
    // A libzmq server may also close before its READY when it reads ours early, which is a plain
    // disconnect to the dialer (a connection error: reconnect): the refusal then comes with a later one.
    const failure = dialing === "zmtp" ? ["handshake:error:protocol"] : ["disconnect"];
    const dialer = watch(client, failure);
    client.connect(server.lastEndpoint!);
    await expectNoReconnect(serverEvents, dialer, `${dialing} DEALER → ${serving} PUB`);
    expect(serverEvents.seen).toContain("accept");
  });

  it("a message over the dialer's maxMessageSize", async () => {
    const server = track(serving === "zmtp" ? new zmtp.Push() : new zmq.Push());
    const serverEvents = watch(server, []);
    await server.bind("tcp://127.0.0.1:*");
    const options = { maxMessageSize: 64, reconnectInterval: INTERVAL };
    const client = track(dialing === "zmtp" ? new zmtp.Pull(options) : new zmq.Pull(options));
    const dialer = watch(client, ["disconnect"]);
    client.connect(server.lastEndpoint!);
    void server.send(Buffer.alloc(1000, 0x61)).catch(() => undefined);
    await expectNoReconnect(serverEvents, dialer, `${dialing} PULL (maxMessageSize 64) ← ${serving} PUSH of 1000 octets`);
    expect(dialer.seen).toContain("handshake");
  });

  it("PLAIN credentials the server's ZAP handler denies", async () => {
    let server: EventSocket;
    if (serving === "zmtp") {
      server = track(new zmtp.Reply({ plainServer: true, authenticator: () => false }));
    } else {
      // libzmq asks the ZAP handler bound in its context; this one denies everybody (RFC 27 status 400).
      const zap = track(new zmq.Router());
      await zap.bind("inproc://zeromq.zap.01");
      void (async () => {
        for await (const [id, empty, version, requestId] of zap) await zap.send([id!, empty!, version!, requestId!, "400", "denied", "", ""]);
      })().catch(() => undefined);
      server = track(new zmq.Reply({ plainServer: true }));
    }
    const serverEvents = watch(server, []);
    await (server as zmtp.Reply | zmq.Reply).bind("tcp://127.0.0.1:*");
    const options = { plainUsername: "user", plainPassword: "wrong", reconnectInterval: INTERVAL };
    const client = track(dialing === "zmtp" ? new zmtp.Request(options) : new zmq.Request(options));
    const dialer = watch(client, ["handshake:error:auth"]);
    client.connect((server as zmtp.Reply | zmq.Reply).lastEndpoint!);
    await expectNoReconnect(serverEvents, dialer, `${dialing} PLAIN client → ${serving} server denying it`);
  });
});
