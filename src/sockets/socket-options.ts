import { ZmqError } from "../errors.js";

/** Checks one option value: returns it (normalised) or throws TypeError (wrong type) / EINVAL (out of range). */
export type OptionCheck<T = unknown> = (name: string, value: unknown) => T;

/** An option's default and its check. */
export interface OptionSpec<T = unknown> {
  readonly default: T;
  readonly check: OptionCheck<T>;
}

const INT32_MAX = 2 ** 31 - 1;

/** An integer option from `min` to `max` (libzmq's ranges): TypeError if not a number, EINVAL outside. */
export function integer(defaultValue: number, min: number, max = INT32_MAX): OptionSpec<number> {
  return {
    default: defaultValue,
    check: (name, value) => {
      if (typeof value !== "number") throw new TypeError(`Option value must be a number: ${name}`);
      if (!Number.isInteger(value) || value < min || value > max) {
        throw new ZmqError("EINVAL", `Invalid argument: ${name} must be an integer from ${min} to ${max}, not ${value}`);
      }
      return value;
    },
  };
}

export function boolean(defaultValue = false): OptionSpec<boolean> {
  return {
    default: defaultValue,
    check: (name, value) => {
      if (typeof value !== "boolean") throw new TypeError(`Option value must be a boolean: ${name}`);
      return value;
    },
  };
}

/** One of a few values (XPUB verbosity): TypeError for anything else. */
export function oneOf<T>(defaultValue: T, values: readonly T[]): OptionSpec<T> {
  return {
    default: defaultValue,
    check: (name, value) => {
      if (!values.includes(value as T)) {
        throw new TypeError(`Option value must be one of ${values.map((v) => JSON.stringify(v)).join(", ")}: ${name}`);
      }
      return value as T;
    },
  };
}

/**
 * An integer option the runtime cannot apply (Node.js sets no TCP_KEEPCNT / TCP_KEEPINTVL per socket): only
 * -1, the system's default, is accepted; any other valid value is refused with ENOTSUP, never ignored.
 */
export function systemDefaultOnly(what: string): OptionSpec<number> {
  const range = integer(-1, -1);
  return {
    default: -1,
    check: (name, value) => {
      const checked = range.check(name, value);
      if (checked !== -1) {
        throw new ZmqError("ENOTSUP", `Not supported: ${name} (${what}) cannot be set per socket on Node.js; leave it at -1 (the system's default)`);
      }
      return checked;
    },
  };
}

/** A string, a Buffer or null (XPUB welcome message). */
export function bytesOrNull(): OptionSpec<string | Buffer | null> {
  return {
    default: null,
    check: (name, value) => {
      if (value !== null && typeof value !== "string" && !Buffer.isBuffer(value)) {
        throw new TypeError(`Option value must be a string, a Buffer or null: ${name}`);
      }
      return value;
    },
  };
}

/**
 * ZMQ_ROUTING_ID: a string of 1–255 bytes not starting with a zero byte (those are the ids a ROUTER
 * generates itself), or null for none.
 */
export function routingId(): OptionSpec<string | null> {
  return {
    default: null,
    check: (name, value) => {
      if (value === null) return null;
      if (typeof value !== "string") throw new TypeError(`Option value must be a string or null: ${name}`);
      const bytes = Buffer.byteLength(value);
      if (bytes < 1 || bytes > 255 || value.charCodeAt(0) === 0) {
        throw new ZmqError("EINVAL", `Invalid argument: ${name} must be 1–255 bytes and must not start with a zero byte`);
      }
      return value;
    },
  };
}

/**
 * Where a socket keeps its option values: a protected member of SocketBase, reached here by name so that it
 * stays out of the public API (the accessors defined below are the only way in from outside).
 */
interface OptionStore {
  readonly optionValues: Record<string, unknown>;
}

const specsByPrototype = new WeakMap<object, Record<string, OptionSpec>>();

/**
 * Defines checked option accessors on a socket class: assigning `socket.linger = "0"` is a TypeError and
 * `socket.sendHighWaterMark = -5` is EINVAL, exactly as the constructor checks them. A subclass may
 * redefine an option (another default) or add its own. The class declares them (`declare linger: number`).
 */
export function defineOptions(target: { readonly prototype: object }, specs: Record<string, OptionSpec>): void {
  const prototype = target.prototype;
  specsByPrototype.set(prototype, specs);
  for (const [name, spec] of Object.entries(specs)) {
    Object.defineProperty(prototype, name, {
      get(this: OptionStore): unknown {
        return this.optionValues[name];
      },
      set(this: OptionStore, value: unknown) {
        this.optionValues[name] = spec.check(name, value);
      },
      enumerable: true,
      configurable: true,
    });
  }
}

/** The defaults of every option defined for the classes of `instance`, base classes first. */
export function optionDefaults(instance: object): Record<string, unknown> {
  const chain: object[] = [];
  for (let p = Object.getPrototypeOf(instance) as object | null; p !== null; p = Object.getPrototypeOf(p) as object | null) chain.push(p);
  const values: Record<string, unknown> = {};
  for (const prototype of chain.reverse()) {
    const specs = specsByPrototype.get(prototype);
    if (specs !== undefined) for (const [name, spec] of Object.entries(specs)) values[name] = spec.default;
  }
  return values;
}

const checkRoutingId = routingId().check;

/** The `{ routingId }` of a Router/Stream `connect()`, checked as the routingId option is. */
export function connectRoutingId(options: unknown): Buffer | undefined {
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new TypeError('connect() options must be an object such as { routingId: "peer-1" }');
  }
  for (const key of Object.keys(options)) {
    if (key !== "routingId") throw new TypeError(`Unknown connect() option: ${key} (only routingId)`);
  }
  const id = (options as { routingId?: unknown }).routingId;
  if (id === undefined) return undefined;
  const checked = checkRoutingId("routingId", id);
  if (checked === null) throw new TypeError("connect() routingId must be a string");
  return Buffer.from(checked);
}
