// The arguments of v5's calls, checked at the call (v5's binding threw there too): parts, callbacks, addresses.
import type { Callback } from "./message-flow.js";

/**
 * One part of a message, as `send()` takes it: zmtp's MessageLike, spelled out so that this entry's
 * declarations stand alone (test/v5-compat checks that the two stay the same type).
 */
export type MessagePart = ArrayBufferView | ArrayBuffer | SharedArrayBuffer | string | number | null;

export function checkCallback(cb: unknown, what: string): asserts cb is Callback | undefined {
  if (cb !== undefined && typeof cb !== "function") throw new TypeError(`${what}: the callback must be a function`);
}

export function checkAddress(address: unknown): asserts address is string {
  if (typeof address !== "string") throw new TypeError(`An address must be a string such as "tcp://127.0.0.1:5555"`);
}

/** Refuses, at the call, a frame zmtp could not send (v5 sent String(x) of anything; zeromq.js refuses too). */
export function checkFrame(part: unknown): asserts part is MessagePart {
  if (part === null || typeof part === "string" || typeof part === "number") return;
  if (ArrayBuffer.isView(part) || part instanceof ArrayBuffer || part instanceof SharedArrayBuffer) return;
  throw new TypeError(`A message part must be a string, Buffer, typed array, ArrayBuffer, number or null, not ${typeof part}`);
}

/** The callbacks of a message's parts (v5 called each part's callback once the message was sent). */
export function callAll(callbacks: readonly Callback[]): Callback {
  return function (this: unknown, err?: Error) {
    for (const cb of callbacks) {
      if (err === undefined) cb.call(this);
      else cb.call(this, err);
    }
  };
}
