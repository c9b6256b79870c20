/**
 * Sets constructor options on a socket, checked as zeromq.js checks them: a non-object is a TypeError; an
 * option the socket does not have is a TypeError (zeromq.js: "Cannot add property …"); a method is not an
 * option; a read-only property (`type`, `closed`, …) cannot be set (the assignment throws in strict mode);
 * the option accessors check each value's type and range (TypeError / EINVAL). `undefined` values are
 * skipped.
 */
export function applyOptions(socket: object, options: unknown): void {
  if (options === undefined) return;
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new TypeError(`Socket options must be an object, not ${options === null ? "null" : Array.isArray(options) ? "an array" : typeof options}`);
  }
  const target = socket as Record<string, unknown>;
  for (const [name, value] of Object.entries(options) as [string, unknown][]) {
    if (value === undefined) continue;
    if (!(name in target)) throw new TypeError(`Cannot add property ${name}: ${socket.constructor.name} has no such option`);
    if (typeof target[name] === "function") throw new TypeError(`${name} is a method, not an option`);
    target[name] = value;
  }
}
