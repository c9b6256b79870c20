/**
 * Runs `fn` on the next turn of the event loop, after pending I/O: `setImmediate` on Node; elsewhere (a
 * browser) a MessageChannel message, which unlike `setTimeout(fn, 0)` is not clamped to 4 ms when nested.
 */
export const nextTurn: (fn: () => void) => void =
  typeof globalThis.setImmediate === "function"
    ? (fn) => {
        setImmediate(fn);
      }
    : channelTurn();

function channelTurn(): (fn: () => void) => void {
  const queue: (() => void)[] = [];
  const channel = new MessageChannel();
  // A browser's MessagePort (the DOM typings are not in this build's lib).
  (channel.port1 as unknown as { onmessage: (() => void) | null }).onmessage = () => {
    const run = queue.splice(0);
    for (const fn of run) fn();
  };
  return (fn) => {
    if (queue.push(fn) === 1) channel.port2.postMessage(undefined);
  };
}
