import { setInterval } from "node:timers";

/**
 * What keeps the process alive. No socket does by being open: listeners, connections and reconnect timers
 * are all unref'd, as libzmq's background thread is invisible to zeromq.js users. What does is work the
 * user is still waiting for: a pending `send()` or `receive()`, and a `close()` still delivering queued
 * messages under `linger`. Each such piece of work holds this one process-wide handle while it lasts.
 *
 * One interval handle, created at the first hold and kept for the life of the process: ref'd while
 * anything holds it, unref'd when nothing does. Holding and releasing are a counter and, on the 0 ↔ 1
 * transitions only, a ref()/unref() of that handle: no timer is ever created per call.
 */
let holds = 0;
let handle: ReturnType<typeof setInterval> | undefined;

/** The longest delay a timer takes (2^31 - 1 ms): the interval never really fires. */
const FOREVER = 2 ** 31 - 1;

function idle(): void {
  // The handle exists only to be ref'd.
}

/** Keeps the process alive until the matching `releaseProcess()`. */
export function holdProcess(): void {
  if (holds++ !== 0) return;
  if (handle === undefined) handle = setInterval(idle, FOREVER);
  else handle.ref();
}

/** Ends one `holdProcess()`; the process may exit once nothing holds it. */
export function releaseProcess(): void {
  if (holds === 0) return;
  if (--holds === 0) handle?.unref();
}

/** How many holds are current (tests, and a lingering close's diagnostics). */
export function processHolds(): number {
  return holds;
}

/** Whether the handle currently keeps the process alive (tests). */
export function processHeld(): boolean {
  return handle?.hasRef() ?? false;
}
