/**
 * The dialer after a protocol error (session/dialer.ts giveUp, libzmq's session_base.cpp engine_error): the
 * endpoint dials no more, its queue is dropped and the socket's other peers go on; disconnect() still
 * works and a new connect() dials anew. A failure the dialer cannot tell from a network fault (a handshake
 * timeout) is still retried. zmtp on both ends, over tcp and ws; protocol-error-ends-dialing.test.ts in
 * test/interop/ holds the same rule against libzmq.
 */
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import * as zmtp from "../../src/index.js";
import type { SocketEvent } from "../../src/events.js";
import { recordEvents as record } from "../helpers/socket-event-log.js";
import { socketTracker } from "../helpers/socket-tracker.js";
import { delay, waitUntil } from "../helpers/wait.js";

const track = socketTracker();
const INTERVAL = 20;

const count = (events: readonly SocketEvent[], type: string, address?: string): number =>
  events.filter((event) => event.type === type && (address === undefined || event.address === address)).length;

describe.each(["tcp://127.0.0.1:*", "ws://127.0.0.1:0/refusal"])("a dialer refused at %s", (bindAddress) => {
  it("dials the refusing endpoint no more, while its other peer gets every message; disconnect and connect again work", async () => {
    const wrongType = track(new zmtp.Publisher());
    await wrongType.bind(bindAddress);
    const good = track(new zmtp.Pull({ receiveTimeout: 2000 }));
    await good.bind(bindAddress.replace("/refusal", "/good"));
    const push = track(new zmtp.Push({ reconnectInterval: INTERVAL }));
    const events = record(push);
    const refused = wrongType.lastEndpoint!;
    push.connect(refused);
    await waitUntil(() => count(events, "handshake:error:protocol", refused) === 1, "the refusal", 2000);
    push.connect(good.lastEndpoint!);
    for (let i = 0; i < 10; i++) await push.send(`m${i}`);
    for (let i = 0; i < 10; i++) expect((await good.receive())[0]!.toString()).toBe(`m${i}`);
    // An absence, so a window: 25 reconnect intervals in which a retrying dialer would have come back.
    await delay(25 * INTERVAL);
    expect(count(events, "connect", refused)).toBe(1);
    expect(count(events, "connect:retry", refused)).toBe(0);
    push.disconnect(refused);
    // The same address again: a new dial (refused again, once).
    push.connect(refused);
    await waitUntil(() => count(events, "handshake:error:protocol", refused) === 2, "the second refusal", 2000);
    expect(count(events, "connect", refused)).toBe(2);
  });
});

describe("failures that are retried", () => {
  let server: net.Server | undefined;
  afterEach(async () => {
    const closing = server;
    server = undefined;
    if (closing !== undefined) {
      await new Promise<void>((resolve) => {
        closing.close(() => {
          resolve();
        });
      });
    }
  });

  it("a handshake timeout (a peer that never answers): the dialer tries again", async () => {
    const silent: net.Socket[] = [];
    server = net.createServer((socket) => silent.push(socket));
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as net.AddressInfo;
    const push = track(new zmtp.Push({ reconnectInterval: INTERVAL, handshakeInterval: 100 }));
    const events = record(push);
    push.connect(`tcp://127.0.0.1:${port}`);
    await waitUntil(() => count(events, "handshake:error:other") >= 2, "two timed-out handshakes", 5000);
    expect(count(events, "connect:retry")).toBeGreaterThanOrEqual(1);
    for (const socket of silent) socket.destroy();
  });
});
