import { ZmqError } from "../errors.js";
import type { Authenticator, SecurityOptionValues } from "../options.js";
import { decode as z85Decode, encode as z85Encode } from "../z85.js";

/**
 * The security options every socket has, with zeromq.js v6's names and libzmq's semantics
 * (src/options.cpp): one mechanism per socket, chosen by the last assignment that names one.
 * - `plainServer = b`: PLAIN server if b, else NULL; `plainUsername` / `plainPassword`: PLAIN client, or
 *   NULL when set to null or "" (the value is kept, as libzmq keeps it);
 * - `curveServer = b`: CURVE server if b, else NULL; any CURVE key: CURVE; `curveServerKey`: CURVE client.
 * Keys are 40-character Z85 strings or 32-byte buffers (EINVAL otherwise, null included, as zeromq.js) and
 * read back as Z85 (zeromq.js cannot read them back). `zapDomain` (null or "": none) and `zapEnforceDomain`
 * as libzmq. `authenticator` is zmtp's addition: a function that decides ZAP requests in JavaScript.
 */
/** What the connections read (SecurityOptionValues), kept writable here where the option setters change it. */
type SecurityState = { -readonly [K in keyof SecurityOptionValues]: SecurityOptionValues[K] };

interface SecurityHolder {
  readonly optionValues: Record<string, unknown>;
}

/** A socket's security before any option is set: NULL, as a client, no keys, no ZAP domain. */
export function defaultSecurityValues(): SecurityState {
  return {
    mechanism: "NULL",
    asServer: false,
    plainUsername: null,
    plainPassword: null,
    curvePublicKey: null,
    curveSecretKey: null,
    curveServerKey: null,
    zapDomain: "",
    zapEnforceDomain: false,
    authenticator: null,
  };
}

function state(holder: SecurityHolder): SecurityState {
  const values = holder.optionValues;
  let security = values.security as SecurityState | undefined;
  if (security === undefined) {
    security = defaultSecurityValues();
    values.security = security;
  }
  return security;
}

/** A CURVE key option: a 40-character Z85 string or a 32-byte buffer (libzmq's set_curve_key). */
function curveKey(name: string, value: unknown): Uint8Array {
  if (value instanceof Uint8Array && value.length === 32) return Uint8Array.from(value);
  if (typeof value === "string" && value.length === 40) {
    try {
      return z85Decode(value);
    } catch {
      // Reported below with the option's name.
    }
  }
  throw new ZmqError("EINVAL", `Invalid argument: ${name} must be a 40-character Z85 string or 32 bytes`);
}

function booleanValue(name: string, value: unknown): boolean {
  if (typeof value !== "boolean") throw new TypeError(`Option value must be a boolean: ${name}`);
  return value;
}

/** PLAIN credentials: up to 255 bytes each (RFC 24 §"The HELLO Command"), or null. */
function plainValue(name: string, value: unknown): string | null {
  if (value === null) return null;
  if (typeof value !== "string") throw new TypeError(`Option value must be a string or null: ${name}`);
  if (Buffer.byteLength(value) > 255) throw new ZmqError("EINVAL", `Invalid argument: ${name} is at most 255 bytes`);
  return value;
}

type Accessor = { get(this: SecurityHolder): unknown; set(this: SecurityHolder, value: unknown): void };

const ACCESSORS: Record<string, Accessor> = {
  plainServer: serverFlag("plainServer", "PLAIN"),
  plainUsername: plainCredential("plainUsername"),
  plainPassword: plainCredential("plainPassword"),
  curveServer: serverFlag("curveServer", "CURVE"),
  curvePublicKey: keyAccessor("curvePublicKey"),
  curveSecretKey: keyAccessor("curveSecretKey"),
  curveServerKey: keyAccessor("curveServerKey"),
  zapDomain: {
    get() {
      const domain = state(this).zapDomain;
      return domain === "" ? null : domain;
    },
    set(value) {
      if (value !== null && typeof value !== "string") throw new TypeError("Option value must be a string or null: zapDomain");
      if (typeof value === "string" && Buffer.byteLength(value) > 255) {
        throw new ZmqError("EINVAL", "Invalid argument: zapDomain is at most 255 bytes");
      }
      state(this).zapDomain = value ?? "";
    },
  },
  zapEnforceDomain: {
    get() {
      return state(this).zapEnforceDomain;
    },
    set(value) {
      state(this).zapEnforceDomain = booleanValue("zapEnforceDomain", value);
    },
  },
  authenticator: {
    get() {
      return state(this).authenticator;
    },
    set(value) {
      if (value !== null && typeof value !== "function") throw new TypeError("Option value must be a function or null: authenticator");
      state(this).authenticator = value as Authenticator | null;
    },
  },
  securityMechanism: {
    get() {
      const mechanism = state(this).mechanism;
      return mechanism === "NULL" ? null : mechanism === "PLAIN" ? "plain" : "curve";
    },
    set() {
      throw new TypeError("securityMechanism is read-only: set plainServer, plainUsername, curveServer or a CURVE key");
    },
  },
};

/** plainServer / curveServer: reads true only while that mechanism is the socket's, as a server. */
function serverFlag(name: string, mechanism: "PLAIN" | "CURVE"): Accessor {
  return {
    get() {
      const s = state(this);
      return s.mechanism === mechanism && s.asServer;
    },
    set(value) {
      const s = state(this);
      s.asServer = booleanValue(name, value);
      s.mechanism = s.asServer ? mechanism : "NULL";
    },
  };
}

/** plainUsername / plainPassword: a PLAIN client's credential; null or "" returns the socket to NULL. */
function plainCredential(name: "plainUsername" | "plainPassword"): Accessor {
  return {
    get() {
      return state(this)[name];
    },
    set(value) {
      const s = state(this);
      const text = plainValue(name, value);
      if (text === null || text === "") {
        s.mechanism = "NULL";
        return;
      }
      s[name] = text;
      s.mechanism = "PLAIN";
      s.asServer = false;
    },
  };
}

function keyAccessor(name: "curvePublicKey" | "curveSecretKey" | "curveServerKey"): Accessor {
  return {
    get() {
      const key = state(this)[name];
      return key === null ? null : z85Encode(key);
    },
    set(value) {
      const s = state(this);
      s[name] = curveKey(name, value);
      s.mechanism = "CURVE";
      if (name === "curveServerKey") s.asServer = false;
    },
  };
}

/** Defines the security option accessors on a socket class's prototype. */
export function defineSecurityOptions(target: { readonly prototype: object }): void {
  for (const [name, accessor] of Object.entries(ACCESSORS)) {
    Object.defineProperty(target.prototype, name, { ...accessor, enumerable: true, configurable: true });
  }
}

/** What the layers below see of a socket's security options (SocketPort.security): a copy, read per connection. */
export function securityValues(socket: object): SecurityOptionValues {
  return { ...state(socket as unknown as SecurityHolder) };
}
