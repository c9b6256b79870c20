/**
 * PendingCalls: waiting send()/receive() calls served in call order, each leaving the queue wherever it
 * stands when its timeout fires. The cost of a timeout is checked by counting the ring operations (a call
 * enters the ring once and leaves it once, and a timeout does the same work whatever the queue's length),
 * never by timing, and the queues stay small (a few hundred fake timers at most).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { RingQueue } from "../../src/pipe/ring-queue.js";
import { PendingCalls, type PendingCall } from "../../src/sockets/pending-calls.js";
import { randomInt, seededRandom } from "../helpers/bytes.js";

interface Call extends PendingCall<string> {
  name: string;
}

function call(name: string, log: string[]): Call {
  return {
    name,
    resolve: (value) => log.push(`${name}=${value}`),
    reject: (err) => log.push(`${name}!${err.message}`),
    timer: undefined,
  };
}

/** Counts every RingQueue operation made from now on (the spies are removed after each test). */
function countRingOperations(): { pushes: () => number; shifts: () => number; total: () => number } {
  const push = vi.spyOn(RingQueue.prototype, "push");
  const shift = vi.spyOn(RingQueue.prototype, "shift");
  const drain = vi.spyOn(RingQueue.prototype, "drain");
  const peek = vi.spyOn(RingQueue.prototype, "peek");
  const count = (spy: { mock: { calls: unknown[] } }): number => spy.mock.calls.length;
  return {
    pushes: () => count(push),
    shifts: () => count(shift),
    total: () => count(push) + count(shift) + count(drain) + count(peek),
  };
}

describe("PendingCalls", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it("serves calls in order, and a timed-out call leaves wherever it stands", () => {
    const log: string[] = [];
    const calls = new PendingCalls<string, Call>();
    const expired: string[] = [];
    const onExpire = (c: Call): void => {
      expired.push(c.name);
    };
    calls.push(call("a", log), 0, onExpire);
    calls.push(call("b", log), 10, onExpire);
    calls.push(call("c", log), 0, onExpire);
    calls.push(call("d", log), 20, onExpire);
    expect(calls.length).toBe(4);
    vi.advanceTimersByTime(10);
    expect(expired).toEqual(["b"]);
    expect(calls.length).toBe(3);
    calls.resolveNext("1");
    expect(calls.peek()?.name).toBe("c");
    calls.resolveNext("2");
    expect(calls.length).toBe(1);
    calls.resolveNext("3");
    expect(log).toEqual(["a=1", "c=2", "d=3"]);
    expect(calls.length).toBe(0);
    // d was served before its timeout: it never expires.
    vi.advanceTimersByTime(100);
    expect(expired).toEqual(["b"]);
  });

  it("timeouts at the head, in the middle and at the tail: peek skips them, the rest keep their order", () => {
    const log: string[] = [];
    const calls = new PendingCalls<string, Call>();
    const expired: string[] = [];
    const names = ["h1", "h2", "a", "m1", "b", "m2", "m3", "c", "t1"];
    for (const name of names) {
      calls.push(call(name, log), /^[a-z]$/.test(name) ? 0 : 5, (c) => expired.push(c.name));
    }
    vi.advanceTimersByTime(5);
    expect(expired).toEqual(["h1", "h2", "m1", "m2", "m3", "t1"]);
    expect(calls.length).toBe(3);
    expect(calls.peek()?.name).toBe("a");
    expect(calls.peek()?.name).toBe("a"); // peek leaves it in place
    calls.resolveNext("1");
    expect(calls.shift()?.name).toBe("b");
    calls.resolveNext("3");
    expect(calls.length).toBe(0);
    expect(calls.peek()).toBeUndefined();
    expect(calls.shift()).toBeUndefined();
    expect(log).toEqual(["a=1", "c=3"]);
  });

  it("a timeout costs the same ring work in a queue of 40 as in one of 400, and each call enters and leaves the ring once", () => {
    // The regression this guards against: removing a timed-out call by draining and refilling the whole queue.
    const scenario = (size: number): { duringTimeouts: number; pushes: number; shifts: number } => {
      const log: string[] = [];
      const calls = new PendingCalls<string, Call>();
      const ops = countRingOperations();
      let expiredCount = 0;
      // Ten calls spread through the queue time out; the others wait without a timeout.
      const step = size / 10;
      for (let i = 0; i < size; i++) {
        calls.push(call(`c${i}`, log), i % step === step / 2 ? 5 : 0, () => expiredCount++);
      }
      const beforeTimeouts = ops.total();
      vi.advanceTimersByTime(5);
      const duringTimeouts = ops.total() - beforeTimeouts;
      expect(expiredCount).toBe(10);
      expect(calls.length).toBe(size - 10);
      for (let i = 0; i < size - 10; i++) calls.resolveNext("x");
      expect(calls.length).toBe(0);
      const served = Array.from({ length: size }, (_, i) => i).filter((i) => i % step !== step / 2);
      expect(log).toEqual(served.map((i) => `c${i}=x`));
      const result = { duringTimeouts, pushes: ops.pushes(), shifts: ops.shifts() };
      vi.restoreAllMocks();
      return result;
    };
    const small = scenario(40);
    const large = scenario(400);
    // The spies see the queue's ring (else this test would prove nothing), and every call entered it once
    // and left it once, timed out or served.
    expect(small).toMatchObject({ pushes: 40, shifts: 40 });
    expect(large).toMatchObject({ pushes: 400, shifts: 400 });
    expect(large.duringTimeouts).toBe(small.duringTimeouts);
  });

  it("matches a plain list under a seeded mix of calls, timeouts and service, the ring wrapping and growing", () => {
    const random = seededRandom(13);
    const log: string[] = [];
    const calls = new PendingCalls<string, Call>();
    const expired: string[] = [];
    // The model: the calls still waiting, oldest first, each with the fake time at which it expires.
    let model: { name: string; deadline: number }[] = [];
    const expectedExpired: string[] = [];
    const expectedLog: string[] = [];
    let now = 0;
    let pushed = 0;
    for (let step = 0; step < 600; step++) {
      const action = randomInt(random, 10);
      if (action < 5 && pushed < 300) {
        const name = `c${pushed++}`;
        const timeout = randomInt(random, 3) === 0 ? 0 : 1 + randomInt(random, 8);
        calls.push(call(name, log), timeout, (c) => expired.push(c.name));
        model.push({ name, deadline: timeout > 0 ? now + timeout : Infinity });
      } else if (action < 8) {
        now++;
        vi.advanceTimersByTime(1);
        // Calls due at the same time expire in the order they were queued (timers fire in creation order).
        for (const entry of model) if (entry.deadline <= now) expectedExpired.push(entry.name);
        model = model.filter((entry) => entry.deadline > now);
      } else {
        const next = model.shift();
        expect(calls.peek()?.name).toBe(next?.name);
        calls.resolveNext(`s${step}`);
        if (next !== undefined) expectedLog.push(`${next.name}=s${step}`);
      }
      expect(calls.length).toBe(model.length);
      expect(expired).toEqual(expectedExpired);
    }
    expect(log).toEqual(expectedLog);
    expect(pushed).toBeGreaterThan(200);
    expect(expectedExpired.length).toBeGreaterThan(50);
    expect(expectedLog.length).toBeGreaterThan(50);
  });

  it("rejectAll fails every waiting call, not the expired ones, and clears their timeouts", () => {
    const log: string[] = [];
    const calls = new PendingCalls<string, Call>();
    let expiredCount = 0;
    const onExpire = (): void => {
      expiredCount++;
    };
    calls.push(call("a", log), 5, onExpire);
    calls.push(call("b", log), 50, onExpire);
    vi.advanceTimersByTime(5);
    calls.rejectAll(new Error("closed"));
    expect(log).toEqual(["b!closed"]);
    vi.advanceTimersByTime(100);
    expect(expiredCount).toBe(1);
    expect(calls.length).toBe(0);
  });
});
