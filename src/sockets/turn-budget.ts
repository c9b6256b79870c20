/**
 * Fairness to the rest of the event loop. A `send()` that finds room, or a `receive()` that finds a message,
 * settles at once, so a loop such as the guide's `while (true) await pub.send(…)` would run on microtasks
 * alone and starve I/O and timers: no subscriber could ever connect. So after so many calls (across all
 * sockets) have settled at once, the next ones settle on the next turn of the event loop, all together and
 * in call order, and counting starts again. Nothing is scheduled per call or per turn: one yield per budget.
 */

/** Calls that may settle at once between two yields: enough that the yield costs nothing measurable. */
const CALLS_PER_YIELD = 4096;

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
/** Settlers of the calls deferred to the next turn, in call order. */
let deferred: (() => void)[] = [];

function endYield(): void {
  const settle = deferred;
  deferred = [];
  used = 0;
  yielding = false;
  // All in this one callback: their continuations then run in call order, before anything settles anew.
  for (const fn of settle) fn();
}

/** Whether one more call may settle at once; false: it must settle on the next turn (`nextTurn`). */
export function mayCompleteNow(): boolean {
  if (yielding) return false;
  if (++used <= CALLS_PER_YIELD) return true;
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
