/**
 * The process-wide keep-alive (src/keep-alive.ts) and who holds it: PendingCalls while a call waits (held
 * on the first, released when the last leaves: served, timed out or rejected), and a lingering close
 * (lingerWhile) until it is done, with its one warning after the grace period. The child-process tests
 * beside this one show the effect on a real process.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { holdProcess, processHeld, processHolds, releaseProcess } from "../../src/keep-alive.js";
import { LINGER_WARNING_DELAY, lingerWarning, lingerWhile, type LingerBacklog } from "../../src/session/linger-watch.js";
import { PendingCalls, type PendingCall } from "../../src/sockets/pending-calls.js";

function call(log: string[], name: string): PendingCall<string> {
  return {
    resolve: (value) => log.push(`${name}=${value}`),
    reject: (err) => log.push(`${name}!${err.message}`),
    timer: undefined,
  };
}

/**
 * Fake timers for each test, and a check after it that every hold was released; `added()` is how many
 * holds there are beyond those when the test began.
 */
function balancedHolds(): { added: () => number } {
  let base = 0;
  beforeEach(() => {
    vi.useFakeTimers();
    base = processHolds();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
    expect(processHolds()).toBe(base);
  });
  return { added: () => processHolds() - base };
}

describe("keep-alive", () => {
  it("one handle: ref'd while anything holds it, unref'd when nothing does", () => {
    const base = processHolds();
    holdProcess();
    holdProcess();
    expect(processHolds()).toBe(base + 2);
    expect(processHeld()).toBe(true);
    releaseProcess();
    expect(processHeld()).toBe(true);
    releaseProcess();
    expect(processHolds()).toBe(base);
    expect(processHeld()).toBe(base > 0);
  });
});

describe("PendingCalls holds the process while a call waits", () => {
  const holds = balancedHolds();

  it("held by the first call, released when the last is served", () => {
    const log: string[] = [];
    const calls = new PendingCalls<string>();
    calls.push(call(log, "a"), 0, () => undefined);
    expect(holds.added()).toBe(1);
    calls.push(call(log, "b"), 0, () => undefined);
    expect(holds.added()).toBe(1);
    calls.resolveNext("1");
    expect(holds.added()).toBe(1);
    calls.resolveNext("2");
    expect(holds.added()).toBe(0);
    expect(log).toEqual(["a=1", "b=2"]);
    calls.push(call(log, "c"), 0, () => undefined);
    expect(holds.added()).toBe(1);
    expect(calls.shift()).toBeDefined();
    expect(holds.added()).toBe(0);
  });

  it("released when the last waiting call times out, even with expired calls still in the ring", () => {
    const log: string[] = [];
    const calls = new PendingCalls<string>();
    const expire = (c: PendingCall<string>): void => {
      c.reject(new Error("EAGAIN"));
    };
    calls.push(call(log, "a"), 0, expire);
    calls.push(call(log, "b"), 10, expire);
    calls.push(call(log, "c"), 20, expire);
    vi.advanceTimersByTime(10);
    expect(holds.added()).toBe(1);
    calls.resolveNext("1");
    // c alone waits; b, expired, is still in the ring behind the head.
    expect(holds.added()).toBe(1);
    vi.advanceTimersByTime(10);
    expect(calls.length).toBe(0);
    expect(holds.added()).toBe(0);
    // A new call behind expired ones holds again.
    calls.push(call(log, "d"), 5, expire);
    expect(holds.added()).toBe(1);
    vi.advanceTimersByTime(5);
    expect(holds.added()).toBe(0);
    expect(log).toEqual(["b!EAGAIN", "a=1", "c!EAGAIN", "d!EAGAIN"]);
  });

  it("released when every call is rejected (the socket closed)", () => {
    const log: string[] = [];
    const calls = new PendingCalls<string>();
    calls.push(call(log, "a"), 50, () => undefined);
    calls.push(call(log, "b"), 0, () => undefined);
    calls.rejectAll(new Error("closed"));
    expect(holds.added()).toBe(0);
    expect(log).toEqual(["a!closed", "b!closed"]);
    calls.rejectAll(new Error("again"));
    expect(holds.added()).toBe(0);
  });
});

describe("lingerWhile: a lingering close holds the process and warns once", () => {
  const holds = balancedHolds();

  /** A close that ends when `finish` is called; its endpoint has `queued` messages until then. */
  function closing(queued: number): { done: Promise<void>; finish: () => void; endpoint: { backlog(): LingerBacklog | undefined } } {
    let finish = (): void => undefined;
    let finished = false;
    const done = new Promise<void>((resolve) => {
      finish = () => {
        finished = true;
        resolve();
      };
    });
    return { done, finish, endpoint: { backlog: () => (finished ? undefined : { endpoint: "tcp://127.0.0.1:5555", queued }) } };
  }

  it("linger -1: held until done, one warning after the grace period naming linger", async () => {
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    const c = closing(2);
    const watched = lingerWhile(c.done, -1, [c.endpoint], "a closed socket");
    expect(holds.added()).toBe(1);
    vi.advanceTimersByTime(LINGER_WARNING_DELAY - 1);
    expect(warn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]).toEqual([lingerWarning(-1, [{ endpoint: "tcp://127.0.0.1:5555", queued: 2 }], "a closed socket"), { code: "ZMTP_LINGER" }]);
    vi.advanceTimersByTime(10 * LINGER_WARNING_DELAY);
    expect(warn).toHaveBeenCalledTimes(1);
    c.finish();
    await watched;
    expect(holds.added()).toBe(0);
  });

  it("the warning's text says how much, where, and which option ends it", () => {
    const text = lingerWarning(-1, [{ endpoint: "tcp://127.0.0.1:5555", queued: 3 }], "a closed socket");
    expect(text).toBe(
      "zmtp: a closed socket is still delivering 3 queued message(s) to tcp://127.0.0.1:5555; the process stays alive until they are delivered or `linger` (now -1 ms: no limit) runs out. Set socket.linger (ms, 0 to drop them) before close() to bound the wait.",
    );
    expect(lingerWarning(5000, [{ endpoint: "ipc:///a", queued: 0 }], "a disconnected endpoint")).toContain("still delivering queued data to ipc:///a");
    expect(lingerWarning(5000, [{ endpoint: "ipc:///a", queued: 0 }], "x")).toContain("`linger` (now 5000 ms)");
  });

  it("no warning when the close ends within the grace period, or linger is no longer than it, or nothing is left", async () => {
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    const quick = closing(1);
    const watched = lingerWhile(quick.done, -1, [quick.endpoint], "a closed socket");
    vi.advanceTimersByTime(LINGER_WARNING_DELAY - 100);
    quick.finish();
    await watched;
    vi.advanceTimersByTime(LINGER_WARNING_DELAY);

    const short = closing(1);
    const shortWatched = lingerWhile(short.done, LINGER_WARNING_DELAY, [short.endpoint], "a closed socket");
    vi.advanceTimersByTime(2 * LINGER_WARNING_DELAY);
    short.finish();
    await shortWatched;

    const drained = { backlog: (): LingerBacklog | undefined => undefined };
    const left = closing(0);
    const leftWatched = lingerWhile(left.done, -1, [drained], "a closed socket");
    vi.advanceTimersByTime(2 * LINGER_WARNING_DELAY);
    left.finish();
    await leftWatched;
    expect(warn).not.toHaveBeenCalled();
  });

  it("closes that linger while an earlier warning stands add none; once they are all done, the next one warns", async () => {
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    const first = closing(1);
    const second = closing(2);
    const watchedFirst = lingerWhile(first.done, -1, [first.endpoint], "a closed socket");
    vi.advanceTimersByTime(LINGER_WARNING_DELAY / 2);
    const watchedSecond = lingerWhile(second.done, -1, [second.endpoint], "a closed socket");
    vi.advanceTimersByTime(2 * LINGER_WARNING_DELAY);
    expect(warn).toHaveBeenCalledTimes(1);
    // The first is done, the second still lingers: a third, lingering too, still says nothing.
    first.finish();
    await watchedFirst;
    const third = closing(3);
    const watchedThird = lingerWhile(third.done, -1, [third.endpoint], "a closed socket");
    vi.advanceTimersByTime(2 * LINGER_WARNING_DELAY);
    expect(warn).toHaveBeenCalledTimes(1);
    second.finish();
    third.finish();
    await Promise.all([watchedSecond, watchedThird]);
    const fourth = closing(4);
    const watchedFourth = lingerWhile(fourth.done, -1, [fourth.endpoint], "a closed socket");
    vi.advanceTimersByTime(LINGER_WARNING_DELAY);
    expect(warn).toHaveBeenCalledTimes(2);
    expect(String(warn.mock.calls[1]![0])).toContain("4 queued message(s)");
    fourth.finish();
    await watchedFourth;
  });

  it("linger 0 holds nothing", async () => {
    const c = closing(1);
    const watched = lingerWhile(c.done, 0, [c.endpoint], "a closed socket");
    expect(holds.added()).toBe(0);
    c.finish();
    await watched;
  });
});
