import type * as NodeKeepAlive from "../keep-alive.js";

/**
 * In zmtp's browser build, in place of keep-alive.ts: a page has no process to keep alive (Node's is kept
 * alive by a ref'd timer while a call waits); only the count is kept, for a lingering close's diagnostics.
 */
let holds = 0;

export const holdProcess: typeof NodeKeepAlive.holdProcess = () => {
  holds++;
};

export const releaseProcess: typeof NodeKeepAlive.releaseProcess = () => {
  if (holds > 0) holds--;
};

export const processHolds: typeof NodeKeepAlive.processHolds = () => holds;

export const processHeld: typeof NodeKeepAlive.processHeld = () => false;
