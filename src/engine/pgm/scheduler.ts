/**
 * Time for the PGM engines, injected so that their tests run on a clock they drive: what time it is, a
 * timer, and the randomness of NAK back-off.
 */
export interface PgmTimer {
  cancel(): void;
}

export interface PgmScheduler {
  /** Milliseconds, monotonic. */
  now(): number;
  /** Runs `callback` once after `ms` (0: on a later turn of the event loop). */
  after(ms: number, callback: () => void): PgmTimer;
  /** Uniform in [0, 1). */
  random(): number;
}

/**
 * The event loop's clock and timers. Every timer is unref'd: an open epgm socket never keeps the process
 * alive (src/keep-alive.ts), whatever it is waiting for.
 */
export const eventLoopScheduler: PgmScheduler = {
  now: () => performance.now(),
  after(ms, callback) {
    if (ms <= 0) {
      const immediate = setImmediate(callback);
      immediate.unref();
      return {
        cancel: () => {
          clearImmediate(immediate);
        },
      };
    }
    const timer = setTimeout(callback, ms);
    timer.unref();
    return {
      cancel: () => {
        clearTimeout(timer);
      },
    };
  },
  random: Math.random,
};
