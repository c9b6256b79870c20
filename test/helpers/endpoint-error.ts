import { expect } from "vitest";
import { ZmqError } from "../../src/errors.js";
import { parseEndpoint } from "../../src/transport/endpoint.js";

/** The ZmqError `parseEndpoint(endpoint)` throws; fails the test if it throws anything else, or nothing. */
export function endpointError(endpoint: string): ZmqError {
  try {
    parseEndpoint(endpoint);
  } catch (err) {
    expect(err).toBeInstanceOf(ZmqError);
    return err as ZmqError;
  }
  throw new Error(`parseEndpoint(${JSON.stringify(endpoint)}) did not throw`);
}
