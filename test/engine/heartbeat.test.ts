/**
 * The heartbeat's timers on their own (src/engine/protocol/heartbeat.ts), under fake timers: when PINGs go
 * out and what they carry, when a silent peer is dropped (timeout after our PING, TTL after the peer's),
 * what counts as traffic, and that nothing runs for a ZMTP 3.0 peer or after stop. The same behaviour over
 * real tcp, and against libzmq, is in heartbeat-wire.test.ts and test/interop/heartbeat.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { encodePing } from "../../src/codec/command.js";
import { Heartbeat, type HeartbeatHost, type HeartbeatOptions } from "../../src/engine/protocol/heartbeat.js";
import type { FrameWire } from "../../src/engine/wire/frame-wire.js";
import { ZmqError } from "../../src/errors.js";

/** The connection side of a heartbeat: records commands and closes, counts frames as the protocol does. */
class FakeConnection implements HeartbeatHost {
  framesIn = 0;
  readPaused = false;
  readonly commands: string[] = [];
  readonly closes: (Error | undefined)[] = [];
  heartbeat!: Heartbeat;
  readonly wire = { congested: false, flushes: 0, flushSoon(): void { this.flushes++; } };

  sendCommand(name: string, data: Uint8Array): void {
    this.commands.push(`${name} ${Buffer.from(data).toString("hex")}`.trimEnd());
  }

  close(error: Error | undefined): void {
    this.closes.push(error);
    this.heartbeat.stop();
  }

  /** A frame from the peer (what ZmtpProtocol.onFrame counts). */
  frame(): void {
    this.framesIn++;
  }

  /** A PING from the peer, counted as a frame first, as the protocol does. */
  pinged(ttlDeciseconds: number, context = new Uint8Array(0)): void {
    this.frame();
    this.heartbeat.onPing(encodePing(ttlDeciseconds, context));
  }

  get pings(): string[] {
    return this.commands.filter((c) => c.startsWith("PING"));
  }
}

function open(options: HeartbeatOptions | undefined, peerKnowsPing = true): FakeConnection {
  const conn = new FakeConnection();
  conn.heartbeat = new Heartbeat(conn, conn.wire as unknown as FrameWire, options);
  conn.heartbeat.start(peerKnowsPing);
  return conn;
}

/**
 * Lets `ms` pass (fake), then one real turn of the event loop: a timer's verdict waits for the next poll
 * for I/O (a real setImmediate, which these tests leave unfaked).
 */
async function elapse(ms: number): Promise<void> {
  vi.advanceTimersByTime(ms);
  await new Promise<void>((resolve) => setImmediate(resolve));
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval"] });
});

afterEach(() => {
  vi.useRealTimers();
});

describe("Heartbeat: our PINGs and the timeout", () => {
  it("sends PING every interval with our TTL in deciseconds (RFC 37 §PING: 2-octet TTL, no context)", async () => {
    const conn = open({ interval: 100, timeout: 0, timeToLive: 1500 });
    await elapse(99);
    expect(conn.pings).toEqual([]);
    await elapse(1);
    expect(conn.pings).toEqual(["PING 000f"]);
    expect(conn.wire.flushes).toBe(1);
    await elapse(200);
    expect(conn.pings).toEqual(["PING 000f", "PING 000f", "PING 000f"]);
    // timeout 0: no limit, a silent peer is never dropped.
    await elapse(10_000);
    expect(conn.closes).toEqual([]);
  });

  it("cuts the TTL to deciseconds as libzmq does (integer division): under 100 ms is no TTL", async () => {
    const cases: [number, string][] = [
      [0, "PING 0000"],
      [99, "PING 0000"],
      [250, "PING 0002"],
      [6_553_599, "PING ffff"],
    ];
    for (const [ttl, ping] of cases) {
      const conn = open({ interval: 10, timeout: 0, timeToLive: ttl });
      await elapse(10);
      expect(conn.pings).toEqual([ping]);
      conn.heartbeat.stop();
    }
  });

  it("drops a peer silent for `timeout` after a PING, with ETIMEDOUT", async () => {
    const conn = open({ interval: 100, timeout: 250, timeToLive: 0 });
    await elapse(100 + 249);
    expect(conn.closes).toEqual([]);
    await elapse(1);
    expect(conn.closes).toHaveLength(1);
    const error = conn.closes[0];
    expect(error).toBeInstanceOf(ZmqError);
    expect(error).toMatchObject({ code: "ETIMEDOUT", message: "peer silent for 250 ms after a PING (heartbeat timeout)" });
    // Closed: every timer is gone.
    expect(vi.getTimerCount()).toBe(0);
  });

  it("timeout -1 (the default) is the interval", async () => {
    const conn = open({ interval: 100, timeout: -1, timeToLive: 0 });
    await elapse(199);
    expect(conn.closes).toEqual([]);
    await elapse(1);
    expect(conn.closes[0]).toMatchObject({ code: "ETIMEDOUT", message: expect.stringContaining("100 ms") as unknown });
  });

  it("any frame from the peer after the PING keeps it; the next PING starts the timeout again", async () => {
    const conn = open({ interval: 100, timeout: 250, timeToLive: 0 });
    // PING at 100 starts the timeout (until 350); the PINGs at 200 and 300 find it running.
    await elapse(200);
    conn.frame();
    await elapse(200);
    expect(conn.closes).toEqual([]);
    // The PING at 400 started it afresh: silence from then on drops the peer at 650.
    await elapse(249);
    expect(conn.closes).toEqual([]);
    await elapse(1);
    expect(conn.closes).toHaveLength(1);
    expect(conn.pings).toHaveLength(6);
  });

  it("a peer that keeps talking is never dropped", async () => {
    const conn = open({ interval: 50, timeout: 60, timeToLive: 0 });
    for (let t = 0; t < 5000; t += 40) {
      conn.frame();
      await elapse(40);
    }
    expect(conn.closes).toEqual([]);
    expect(conn.pings.length).toBeGreaterThanOrEqual(99);
  });

  it("while our own back-pressure pauses reading, silence is ours: the timeout waits another period", async () => {
    const conn = open({ interval: 100, timeout: 100, timeToLive: 0 });
    conn.readPaused = true;
    await elapse(1000);
    expect(conn.closes).toEqual([]);
    // Reading resumes and what waited is decoded: the peer was alive.
    conn.readPaused = false;
    conn.frame();
    await elapse(100);
    expect(conn.closes).toEqual([]);
    // Then it falls silent for real.
    await elapse(200);
    expect(conn.closes).toHaveLength(1);
  });

  it("a timeout firing late (our event loop stalled) yields to traffic read in the same turn", async () => {
    const conn = open({ interval: 100, timeout: 100, timeToLive: 0 });
    // The timeout fires, and before the next poll for I/O is over, what waited in the socket is read.
    vi.advanceTimersByTime(200);
    conn.frame();
    await elapse(0);
    expect(conn.closes).toEqual([]);
  });

  it("sends no PING and starts no timeout while the wire is congested (nothing piles up for a stalled peer)", async () => {
    const conn = open({ interval: 100, timeout: 100, timeToLive: 0 });
    conn.wire.congested = true;
    await elapse(1000);
    expect(conn.pings).toEqual([]);
    expect(conn.closes).toEqual([]);
    conn.wire.congested = false;
    await elapse(100);
    expect(conn.pings).toHaveLength(1);
    await elapse(100);
    expect(conn.closes).toHaveLength(1);
  });

  it("never PINGs a peer that predates PING (ZMTP 3.0, 2.0, 1.0), so never times it out either", async () => {
    const conn = open({ interval: 50, timeout: 50, timeToLive: 1000 }, false);
    await elapse(5000);
    expect(conn.commands).toEqual([]);
    expect(conn.closes).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("with interval 0 (the default) or no options, sends nothing and runs no timer", async () => {
    for (const options of [{ interval: 0, timeout: 100, timeToLive: 1000 }, undefined]) {
      const conn = open(options);
      await elapse(5000);
      expect(conn.commands).toEqual([]);
      expect(vi.getTimerCount()).toBe(0);
    }
  });

  it("stop() clears every timer and nothing fires after it", async () => {
    const conn = open({ interval: 100, timeout: 300, timeToLive: 0 });
    await elapse(150);
    conn.pinged(10);
    expect(vi.getTimerCount()).toBe(3);
    conn.heartbeat.stop();
    expect(vi.getTimerCount()).toBe(0);
    await elapse(5000);
    expect(conn.pings).toHaveLength(1);
    expect(conn.closes).toEqual([]);
    // A late start (a handshake finishing after close) stays stopped.
    conn.heartbeat.start(true);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("Heartbeat: the peer's PINGs", () => {
  it("answers PING with PONG echoing the context, cut to 16 octets", async () => {
    const conn = open(undefined);
    conn.pinged(0, Buffer.from("LOL"));
    conn.pinged(0, new Uint8Array(16).fill(7));
    expect(conn.commands).toEqual(["PONG 4c4f4c", `PONG ${"07".repeat(16)}`]);
    expect(conn.wire.flushes).toBe(2);
  });

  it("answers no PING while the wire is congested (a peer that pings and never reads cannot grow our buffers)", async () => {
    const conn = open(undefined);
    conn.wire.congested = true;
    for (let i = 0; i < 1000; i++) conn.pinged(0);
    expect(conn.commands).toEqual([]);
  });

  it("honours the TTL in a PING: silence for that long after it drops the peer", async () => {
    const conn = open(undefined);
    conn.pinged(3);
    await elapse(299);
    expect(conn.closes).toEqual([]);
    await elapse(1);
    expect(conn.closes).toHaveLength(1);
    expect(conn.closes[0]).toMatchObject({ code: "ETIMEDOUT", message: "peer silent for 300 ms, the TTL its PING set (heartbeat TTL)" });
  });

  it("any frame after the PING cancels its TTL (as libzmq: only the next PING starts it again)", async () => {
    const conn = open(undefined);
    conn.pinged(3);
    await elapse(200);
    conn.frame();
    await elapse(5000);
    expect(conn.closes).toEqual([]);
    // A new PING starts it afresh.
    conn.pinged(3);
    await elapse(300);
    expect(conn.closes).toHaveLength(1);
  });

  it("each PING restarts the TTL from its arrival, with its own value", async () => {
    const conn = open(undefined);
    conn.pinged(10);
    await elapse(900);
    conn.pinged(2);
    await elapse(199);
    expect(conn.closes).toEqual([]);
    await elapse(1);
    expect(conn.closes[0]).toMatchObject({ message: expect.stringContaining("200 ms") as unknown });
  });

  it("a PING with TTL 0 sets no timer", async () => {
    const conn = open(undefined);
    conn.pinged(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("the TTL also waits while our own back-pressure pauses reading", async () => {
    const conn = open(undefined);
    conn.pinged(1);
    conn.readPaused = true;
    await elapse(1000);
    expect(conn.closes).toEqual([]);
    conn.readPaused = false;
    await elapse(100);
    expect(conn.closes).toHaveLength(1);
  });
});

describe("Heartbeat timers never keep the process alive", () => {
  it("every timer it starts is unref'd", () => {
    vi.useRealTimers();
    const intervals = vi.spyOn(globalThis, "setInterval");
    const timeouts = vi.spyOn(globalThis, "setTimeout");
    const conn = open({ interval: 1000, timeout: 1000, timeToLive: 0 });
    conn.pinged(10);
    conn.heartbeat.stop();
    const made = [...intervals.mock.results, ...timeouts.mock.results].map((r) => r.value as NodeJS.Timeout);
    vi.restoreAllMocks();
    expect(made.map((t) => t.hasRef())).toEqual([false, false]);
  });
});
