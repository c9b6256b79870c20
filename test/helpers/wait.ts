/** Waiting helpers for asynchronous tests: let time pass, wait for a condition, bound a wait, let callbacks run. */

/**
 * Resolves after `ms` milliseconds: for letting time pass (reconnect intervals, a quiet line), never for
 * waiting on an outcome (use `waitUntil` or `within` for that).
 */
export function delay(ms: number): Promise<void> {
  return new Promise<void>((resolve) => setTimeout(resolve, ms));
}

/** Lets pending nextTick/setImmediate work run (a few turns of the event loop). */
export async function settle(turns = 10): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * Resolves once `predicate` holds, checking on every short tick; rejects after `timeoutMs` with `label`, so
 * that a broken case fails clearly instead of hanging. The timeout bounds the wait; it asserts nothing.
 */
export async function waitUntil(predicate: () => boolean, label: string, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${label}`);
    await delay(1);
  }
}

/** Resolves as `promise` does, or rejects after `timeoutMs` naming `label` (so a hang fails fast and clearly). */
export async function within<T>(promise: Promise<T>, label: string, timeoutMs = 2000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${label}`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
