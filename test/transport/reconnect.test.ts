/**
 * Automatic reconnection honours reconnectInterval and reconnectMaxInterval (ZMQ_RECONNECT_IVL,
 * ZMQ_RECONNECT_IVL_MAX: the interval doubles after each failed attempt, up to the maximum; -1 means never
 * reconnect). First the exact schedule, with a transport whose every dial fails and with fake clocks; then
 * the same rules over real tcp, against a server that drops every connection, with lower bounds only.
 */
import { EventEmitter } from "node:events";
import net from "node:net";
import type { Duplex } from "node:stream";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { SocketEvent } from "../../src/events.js";
import { Push } from "../../src/index.js";
import type { Pipe } from "../../src/pipe/pipe.js";
import { Dialer } from "../../src/session/dialer.js";
import type { SocketHost } from "../../src/session/socket-host.js";
import type { StreamTransport } from "../../src/transport/stream-transport.js";
import { socketTracker } from "../helpers/socket-tracker.js";
import { delay, waitUntil } from "../helpers/wait.js";

const track = socketTracker();

/** A socket host for a PUSH whose dials never connect; what its sessions report goes to `events`. */
function hostWith(reconnectInterval: number, reconnectMaxInterval: number, events: SocketEvent[] = []): SocketHost {
  return {
    options: {
      sendHighWaterMark: 10,
      receiveHighWaterMark: 10,
      reconnectInterval,
      reconnectMaxInterval,
      connectTimeout: 0,
      immediate: false,
      ipv6: false,
      backlog: 100,
      conflate: false,
      maxMessageSize: -1,
      handshakeInterval: 30000,
      routingId: null,
      tcpKeepalive: -1,
      tcpKeepaliveIdle: -1,
      heartbeatInterval: 0,
      heartbeatTimeout: -1,
      heartbeatTimeToLive: 0,
      tcpAcceptFilter: null,
    },
    attachesBeforeHandshake: false,
    socketTypeName: "PUSH",
    routingIdentity: undefined,
    acceptsPeer: () => true,
    raw: false,
    conflateInbound: false,
    conflateOutbound: false,
    startConnection: () => {
      throw new Error("no connection is ever established in this test");
    },
    attachPipe: (_pipe: Pipe) => true,
    events: {
      emit: (event) => {
        events.push(event);
      },
    },
  };
}

/** A transport whose every dial fails (the stream closes before connecting); records when each dial began. */
function failingTransport(): { transport: StreamTransport; dialTimes: number[] } {
  const dialTimes: number[] = [];
  const transport: StreamTransport = {
    listen: () => Promise.reject(new Error("not used")),
    dial: () => {
      dialTimes.push(Date.now());
      const stream = Object.assign(new EventEmitter(), { destroy: () => undefined });
      queueMicrotask(() => stream.emit("close"));
      return stream as unknown as Duplex;
    },
  };
  return { transport, dialTimes };
}

/**
 * Runs a dialer for `ms` of fake time and returns the gaps between its dial attempts. Checks on the way that
 * the dialer reported each attempt as libzmq's monitor does (connect:delay, close, connect:retry with the
 * interval it then waited).
 */
async function attemptGaps(reconnectInterval: number, reconnectMaxInterval: number, ms: number): Promise<number[]> {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
  const { transport, dialTimes } = failingTransport();
  const events: SocketEvent[] = [];
  const endpoint = "tcp://127.0.0.1:1";
  const dialer = new Dialer(hostWith(reconnectInterval, reconnectMaxInterval, events), transport, endpoint);
  dialer.start();
  await vi.advanceTimersByTimeAsync(ms);
  await dialer.close(0);
  const count = dialTimes.length;
  await vi.advanceTimersByTimeAsync(ms); // closed: no more attempts
  expect(dialTimes.length).toBe(count);
  const gaps = dialTimes.slice(1).map((t, i) => t - dialTimes[i]!);

  expect(events.every((event) => event.address === endpoint)).toBe(true);
  expect(events.filter((event) => event.type === "connect:delay").length).toBe(count);
  expect(events.filter((event) => event.type === "close").length).toBe(count);
  expect(events.filter((event) => event.type === "connect").length).toBe(0);
  // Each retry announces the interval it waits; the last one may still be pending when the dialer closes.
  const retries = events.filter((event) => event.type === "connect:retry").map((event) => event.interval);
  expect(retries.slice(0, gaps.length)).toEqual(gaps);
  expect(retries.length - gaps.length).toBe(reconnectInterval < 0 ? 0 : 1);
  return gaps;
}

describe("reconnect schedule (fake clock)", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("retries every reconnectInterval when reconnectMaxInterval is 0", async () => {
    const gaps = await attemptGaps(50, 0, 520);
    expect(gaps).toEqual(new Array<number>(10).fill(50));
  });

  it("doubles the interval after each failure, up to reconnectMaxInterval", async () => {
    const gaps = await attemptGaps(10, 60, 430);
    expect(gaps).toEqual([10, 20, 40, 60, 60, 60, 60, 60, 60]);
  });

  it("a reconnectMaxInterval below reconnectInterval keeps the plain interval (libzmq ignores it)", async () => {
    const gaps = await attemptGaps(40, 10, 210);
    expect(gaps).toEqual([40, 40, 40, 40, 40]);
  });

  it("reconnectInterval -1 never retries", async () => {
    const gaps = await attemptGaps(-1, 0, 1000);
    expect(gaps).toEqual([]);
  });
});

/** A tcp server that accepts and at once drops every connection, noting when each arrived. */
async function droppingServer(): Promise<{ endpoint: string; times: number[]; close: () => Promise<void> }> {
  const times: number[] = [];
  const server = net.createServer((socket) => {
    times.push(performance.now());
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen({ host: "127.0.0.1", port: 0 }, resolve));
  return {
    endpoint: `tcp://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    times,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}

const gapsOf = (times: readonly number[]): number[] => times.slice(1).map((t, i) => t - times[i]!);

describe("reconnect over tcp", () => {
  it("waits reconnectInterval between attempts", async () => {
    const server = await droppingServer();
    try {
      const push = track(new Push({ reconnectInterval: 80 }));
      push.connect(server.endpoint);
      await waitUntil(() => server.times.length >= 4, "four attempts", 5000);
      // Timers never fire early, so each gap is at least the interval (less a little clock skew).
      for (const gap of gapsOf(server.times)) expect(gap).toBeGreaterThanOrEqual(70);
    } finally {
      await server.close();
    }
  });

  it("backs off exponentially up to reconnectMaxInterval", async () => {
    const server = await droppingServer();
    try {
      const push = track(new Push({ reconnectInterval: 20, reconnectMaxInterval: 80 }));
      push.connect(server.endpoint);
      // Expected gaps 20, 40, 80, 80, 80, 80, 80; without the cap the last would be 1280 ms.
      await waitUntil(() => server.times.length >= 8, "eight attempts", 5000);
      const gaps = gapsOf(server.times);
      expect(gaps[1]).toBeGreaterThanOrEqual(30);
      for (const gap of gaps.slice(2)) expect(gap).toBeGreaterThanOrEqual(65);
    } finally {
      await server.close();
    }
  });

  it("reconnectInterval -1: one attempt, never another", async () => {
    const server = await droppingServer();
    try {
      const push = track(new Push({ reconnectInterval: -1 }));
      push.connect(server.endpoint);
      await waitUntil(() => server.times.length >= 1, "the first attempt");
      await delay(300);
      expect(server.times.length).toBe(1);
    } finally {
      await server.close();
    }
  });
});
