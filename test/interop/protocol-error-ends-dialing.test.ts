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
import { describe, expect, it } from "vitest";
import { delay } from "../helpers/wait.js";
import { type Impl } from "./helpers.js";
import { useAnySockets } from "./plain-sockets.js";
import { EventLog, useZapHandlers } from "./zap-handlers.js";

const INTERVAL = 20;
const WINDOW = 25 * INTERVAL;

const socket = useAnySockets();
const startZapHandler = useZapHandlers();
const other = (impl: Impl): Impl => (impl === "zmtp" ? "libzmq" : "zmtp");

/**
 * The dialer's failure (an event of type `failure`) came; then, through the window, it reported no retry
 * and no new connection, and the server accepted as many connections as the dialer made.
 */
async function expectNoReconnect(server: EventLog, dialer: EventLog, failure: string, label: string): Promise<void> {
  await dialer.next(failure);
  const failedAt = dialer.types().indexOf(failure);
  await delay(WINDOW);
  const afterFailure = dialer.types().slice(failedAt + 1);
  expect(afterFailure, label).not.toContain("connect:retry");
  expect(afterFailure, label).not.toContain("connect");
  const connects = dialer.types().filter((type) => type === "connect").length;
  expect(server.types().filter((type) => type === "accept").length, `${label}: connections the server accepted`).toBe(connects);
}

describe.each(["libzmq", "zmtp"] as const)("%s dialing: a protocol error ends the endpoint's dialing", (dialing) => {
  const serving = other(dialing);

  it("a socket type the server refuses (DEALER to PUB)", async () => {
    const server = socket(serving, "PUB", {});
    const serverEvents = new EventLog(server);
    await server.bind("tcp://127.0.0.1:*");
    const client = socket(dialing, "DEALER", { reconnectInterval: INTERVAL });
    // zmtp's dialer reads the refusal (handshake:error:protocol); libzmq's reports only the disconnect.
    // A libzmq server may also close before its READY when it reads ours early, which is a plain
    // disconnect to the dialer (a connection error: reconnect): the refusal then comes with a later one.
    const failure = dialing === "zmtp" ? "handshake:error:protocol" : "disconnect";
    const dialer = new EventLog(client);
    client.connect(server.lastEndpoint!);
    await expectNoReconnect(serverEvents, dialer, failure, `${dialing} DEALER → ${serving} PUB`);
    expect(serverEvents.types()).toContain("accept");
  });

  it("a message over the dialer's maxMessageSize", async () => {
    const server = socket(serving, "PUSH", {});
    const serverEvents = new EventLog(server);
    await server.bind("tcp://127.0.0.1:*");
    const client = socket(dialing, "PULL", { maxMessageSize: 64, reconnectInterval: INTERVAL });
    const dialer = new EventLog(client);
    client.connect(server.lastEndpoint!);
    void server.send([Buffer.alloc(1000, 0x61)]).catch(() => undefined);
    await expectNoReconnect(serverEvents, dialer, "disconnect", `${dialing} PULL (maxMessageSize 64) ← ${serving} PUSH of 1000 octets`);
    expect(dialer.types()).toContain("handshake");
  });

  it("PLAIN credentials the server's ZAP handler denies", async () => {
    // zmtp's server asks its authenticator option; libzmq's the ZAP handler bound in its context. Both deny
    // everybody (RFC 27 status 400).
    if (serving === "libzmq") await startZapHandler("libzmq", () => ({ status: "400", text: "denied" }));
    const server = socket(serving, "REP", serving === "zmtp" ? { plainServer: true, authenticator: () => false } : { plainServer: true });
    const serverEvents = new EventLog(server);
    await server.bind("tcp://127.0.0.1:*");
    const client = socket(dialing, "REQ", { plainUsername: "user", plainPassword: "wrong", reconnectInterval: INTERVAL });
    const dialer = new EventLog(client);
    client.connect(server.lastEndpoint!);
    await expectNoReconnect(serverEvents, dialer, "handshake:error:auth", `${dialing} PLAIN client → ${serving} server denying it`);
  });
});
