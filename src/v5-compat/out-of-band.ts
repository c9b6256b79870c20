/**
 * Errors thrown by user code (a "message" listener, a send callback) while the v5 layer is running on the
 * event loop: v5 let them escape as uncaught exceptions, from its native callbacks, and kept delivering.
 * Rethrowing them on their own, outside the layer's loops, does the same: the loops carry on, and the
 * process sees the error (an `uncaughtException`) exactly as it did with v5.
 */
export function rethrowLater(err: unknown): void {
  queueMicrotask(() => {
    throw err;
  });
}

/** A caught value as an Error (anything zmtp rejects with is one). */
export function toError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
