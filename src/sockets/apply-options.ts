/**
 * Sets constructor options on a socket, checked as zeromq.js checks them: an option the socket does not
 * have, or a number/boolean option given a value of another type, is a TypeError (zeromq.js: "Cannot add
 * property …" / "Option value must be a number"); a read-only property (`type`, `closed`, …) cannot be set
 * (the assignment throws in strict mode); a method is not an option. `undefined` values are skipped.
 */
export function applyOptions(socket: object, options: object | undefined): void {
  if (options === undefined) return;
  const target = socket as Record<string, unknown>;
  for (const [name, value] of Object.entries(options) as [string, unknown][]) {
    if (value === undefined) continue;
    if (!(name in target)) throw new TypeError(`Cannot add property ${name}: ${socket.constructor.name} has no such option`);
    const current = target[name];
    if (typeof current === "function") throw new TypeError(`${name} is a method, not an option`);
    if ((typeof current === "number" || typeof current === "boolean") && typeof value !== typeof current) {
      throw new TypeError(`Option value must be a ${typeof current}: ${name}`);
    }
    target[name] = value;
  }
}
