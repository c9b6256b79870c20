import { holdProcess, releaseProcess } from "../keep-alive.js";

/** What an endpoint still has to deliver while its close lingers. */
export interface LingerBacklog {
  readonly endpoint: string;
  /** Messages still queued to it (what the connection has taken but not yet written is not counted). */
  readonly queued: number;
}

/** An endpoint whose close may linger (a bound endpoint's connections, a dialer). */
export interface LingeringEndpoint {
  /** What it is still delivering, or undefined once its close is done. */
  backlog(): LingerBacklog | undefined;
}

/** How long a close may linger before it says that it keeps the process alive. */
export const LINGER_WARNING_DELAY = 1000;

/** How many closes that have warned are still lingering: while any is, others do not warn again. */
let warnedAndLingering = 0;

/**
 * Keeps the process alive while endpoints close under `linger` (ms, -1: as long as it takes; 0 holds
 * nothing): the guide's "connect, send, close" must deliver even when nothing else runs, although an open
 * socket alone never keeps the process alive. With nothing queued such a close ends within a few turns of
 * the event loop, and so does the hold.
 *
 * A close that still lingers after LINGER_WARNING_DELAY, under a linger longer than that (or -1), prints one
 * warning naming the option that bounds it, as zeromq.js does; a short close, or one under a short linger,
 * prints nothing. Closes that linger while an earlier warning still stands (its close still lingering) add
 * none: a program that closes many sockets towards an absent peer is told once.
 */
export async function lingerWhile(closing: Promise<unknown>, linger: number, endpoints: readonly LingeringEndpoint[], what: string): Promise<void> {
  if (linger === 0) {
    await closing;
    return;
  }
  holdProcess();
  let timer: NodeJS.Timeout | undefined;
  let warned = false;
  if (linger < 0 || linger > LINGER_WARNING_DELAY) {
    timer = setTimeout(() => {
      warned = warnLingering(linger, endpoints, what);
    }, LINGER_WARNING_DELAY);
    (timer as { unref?: () => void }).unref?.();
  }
  try {
    await closing;
  } finally {
    clearTimeout(timer);
    if (warned) warnedAndLingering--;
    releaseProcess();
  }
}

/** Warns, unless nothing is left to deliver; true if this close now counts as warned (and lingering). */
function warnLingering(linger: number, endpoints: readonly LingeringEndpoint[], what: string): boolean {
  const backlogs: LingerBacklog[] = [];
  for (const endpoint of endpoints) {
    const backlog = endpoint.backlog();
    if (backlog !== undefined) backlogs.push(backlog);
  }
  if (backlogs.length === 0) return false;
  if (warnedAndLingering++ === 0) warn(lingerWarning(linger, backlogs, what));
  return true;
}

/** A process warning on Node; the console elsewhere (a browser has no process). */
function warn(text: string): void {
  if (typeof process !== "undefined" && typeof process.emitWarning === "function") process.emitWarning(text, { code: "ZMTP_LINGER" });
  else console.warn(text);
}

/** The warning's text: what is still being delivered, where, and which option ends the wait. */
export function lingerWarning(linger: number, backlogs: readonly LingerBacklog[], what: string): string {
  const queued = backlogs.reduce((n, b) => n + b.queued, 0);
  const where = [...new Set(backlogs.map((b) => b.endpoint))].join(", ");
  const load = queued > 0 ? `${queued} queued message(s)` : "queued data";
  const limit = linger < 0 ? "now -1 ms: no limit" : `now ${linger} ms`;
  return (
    `zmtp: ${what} is still delivering ${load} to ${where}; the process stays alive until they are delivered ` +
    `or \`linger\` (${limit}) runs out. Set socket.linger (ms, 0 to drop them) before close() to bound the wait.`
  );
}
