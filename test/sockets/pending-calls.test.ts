import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { PendingCalls, type PendingCall } from "../../src/sockets/pending-calls.js";

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

describe("PendingCalls", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
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

  it("many timeouts: each call expires once, the live count stays exact, the rest keep their order", () => {
    const log: string[] = [];
    const calls = new PendingCalls<string, Call>();
    let expiredCount = 0;
    for (let i = 0; i < 10_000; i++) {
      calls.push(call(`c${i}`, log), i % 2 === 0 ? 5 : 0, () => {
        expiredCount++;
      });
    }
    vi.advanceTimersByTime(5);
    expect(expiredCount).toBe(5_000);
    expect(calls.length).toBe(5_000);
    for (let i = 0; i < 5_000; i++) calls.resolveNext("x");
    expect(calls.length).toBe(0);
    expect(calls.peek()).toBeUndefined();
    expect(log).toEqual(Array.from({ length: 5_000 }, (_, i) => `c${2 * i + 1}=x`));
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
