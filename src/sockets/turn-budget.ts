/**
 * Fairness to the rest of the event loop. A `send()` that finds room, or a `receive()` that finds a message,
 * settles at once, so a loop such as the guide's `while (true) await pub.send(…)` would run on microtasks
 * alone and starve I/O and timers: no subscriber could ever connect. So once calls (across all sockets)
 * have been settling at once for a few milliseconds, the next ones settle on the next turn of the event
 * loop, all together and in call order. Nothing is scheduled per call or per turn, and the clock is read
 * once per CHECK_EVERY calls: a yield costs a whole turn of the event loop (a poll for I/O), so a yield per
 * fixed count of calls cost ~10% of the small-message throughput, one per few milliseconds ~1%.
 */

/** How many immediate calls between two looks at the clock. */
const CHECK_EVERY = 1024;
/** How long calls may keep settling at once before they yield to I/O and timers. */
const YIELD_AFTER_MS = 4;

const now: () => number = () => performance.now();

type Schedule = (fn: () => void) => void;
const schedule: Schedule =
  typeof globalThis.setImmediate === "function"
    ? (fn) => {
        setImmediate(fn);
      }
    : (fn) => {
        setTimeout(fn, 0);
      };

let used = 0;
let yielding = false;
/** When calls last yielded (or the module loaded). */
let since = now();
/** Settlers of the calls deferred to the next turn, in call order. */
let deferred: (() => void)[] = [];

function endYield(): void {
  const settle = deferred;
  deferred = [];
  used = 0;
  yielding = false;
  since = now();
  // All in this one callback: their continuations then run in call order, before anything settles anew.
  for (const fn of settle) fn();
}

/** Whether one more call may settle at once; false: it must settle on the next turn (`nextTurn`). */
export function mayCompleteNow(): boolean {
  if (yielding) return false;
  if (++used < CHECK_EVERY) return true;
  used = 0;
  if (now() - since < YIELD_AFTER_MS) return true;
  yielding = true;
  schedule(endYield);
  return false;
}

/** A promise that resolves to `value` on the next turn of the event loop, after the calls deferred before it. */
export function nextTurn<T>(value: T): Promise<T> {
  return new Promise((resolve) => {
    deferred.push(() => {
      resolve(value);
    });
  });
}
