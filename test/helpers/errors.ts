/** Error helpers: capture what a call throws, and read a ZmqError's code without unchecked casts. */
import { ZmqError } from "../../src/errors.js";

/** Runs `fn` and returns what it threw; fails the test if it returned normally. */
export function thrownBy(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    if (err instanceof Error) return err;
    throw new Error(`threw a non-Error: ${String(err)}`);
  }
  throw new Error("expected an exception, but the call returned");
}

/** The `code` of a ZmqError (EPROTO, EMSGSIZE, …), or undefined for anything else. */
export function errorCode(err: unknown): string | undefined {
  return err instanceof ZmqError ? err.code : undefined;
}
