/**
 * Fairness to the rest of the event loop. A `send()` that finds room, or a `receive()` that finds a message,
 * settles at once, so a loop such as the guide's `while (true) await pub.send(…)` would run on microtasks
 * alone and starve I/O and timers: no subscriber could ever connect. So only so many calls (across all
 * sockets) settle at once per turn of the event loop; the rest settle on the next turn, in order.
 */

/** Calls that may settle at once in one turn: enough that the yield costs nothing measurable. */
const CALLS_PER_TURN = 512;

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
let resetScheduled = false;

function resetBudget(): void {
  used = 0;
  resetScheduled = false;
}

/** Whether one more call may settle at once in this turn; false: it must settle on the next one. */
export function mayCompleteNow(): boolean {
  if (!resetScheduled) {
    resetScheduled = true;
    schedule(resetBudget);
  }
  return ++used <= CALLS_PER_TURN;
}

/** A promise that resolves to `value` on the next turn of the event loop. */
export function nextTurn<T>(value: T): Promise<T> {
  return new Promise((resolve) => {
    schedule(() => {
      resolve(value);
    });
  });
}
