/**
 * What `zmtp/v5-compat` exports, checked against what zeromq.js's `zeromq/v5-compat` exports (the libzmq
 * side): the same constant names with the same numbers, the same option-name table, the same functions.
 * Ported from zeromq.js's test/unit/compat/exports-test.ts and context-test.ts.
 */
import { describe, expect, expectTypeOf, it } from "vitest";
import * as zmqv5 from "zeromq/v5-compat.js";
import * as zmtp from "../../src/index.js";
import * as v5 from "../../src/v5-compat/index.js";
import { errorCode, thrownBy } from "../helpers/errors.js";

const constantNames = (api: object): string[] => Object.keys(api).filter((k) => /^(ZMQ_|STATE_)/.test(k)).sort();

describe("v5-compat exports", () => {
  it("every ZMQ_* and STATE_* constant of zeromq's v5-compat, with the same number", () => {
    const ours = v5 as unknown as Record<string, unknown>;
    const theirs = zmqv5 as unknown as Record<string, unknown>;
    expect(constantNames(v5)).toEqual(constantNames(zmqv5));
    for (const name of constantNames(zmqv5)) expect(ours[name], name).toBe(theirs[name]);
    expect(constantNames(v5).length).toBeGreaterThan(70);
  });

  it("the option-name table (zmq.options) is zeromq's", () => {
    expect({ ...v5.options }).toEqual({ ...zmqv5.options });
    expect(v5.options.linger).toBe(v5.ZMQ_LINGER);
  });

  it("socket is createSocket; Socket, Context, proxy and curveKeypair are functions", () => {
    expect(v5.socket).toBe(v5.createSocket);
    for (const fn of [v5.socket, v5.Socket, v5.Context, v5.proxy, v5.curveKeypair]) expect(typeof fn).toBe("function");
  });

  it("the same names as zeromq's v5-compat, nothing missing", () => {
    const missing = Object.keys(zmqv5).filter((name) => !(name in v5));
    expect(missing).toEqual([]);
  });

  it("version is the libzmq version zmtp follows, as zeromq reports the libzmq it runs", () => {
    expect(v5.version).toBe(zmtp.version);
    expect(v5.version).toBe(zmqv5.version);
    expect(v5.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("curveKeypair refuses with ENOTSUP while zmtp has no CURVE (never fake keys)", () => {
    expect(zmtp.capability.curve).toBe(false);
    const err = thrownBy(() => v5.curveKeypair());
    expect(errorCode(err)).toBe("ENOTSUP");
    expect(err.message).toMatch(/CURVE/);
  });

  it("MessagePart is zmtp's MessageLike", () => {
    expectTypeOf<v5.MessagePart>().toEqualTypeOf<zmtp.MessageLike>();
  });
});

describe("v5-compat Context", () => {
  it("cannot be instantiated", () => {
    expect(errorCode(thrownBy(() => new v5.Context()))).toBe("ENOTSUP");
  });

  it("max threads and max sockets are the default context's ioThreads and maxSockets, checked", () => {
    const threads = v5.Context.getMaxThreads();
    const sockets = v5.Context.getMaxSockets();
    try {
      v5.Context.setMaxThreads(3);
      expect(v5.Context.getMaxThreads()).toBe(3);
      expect(zmtp.context.ioThreads).toBe(3);
      v5.Context.setMaxSockets(256);
      expect(v5.Context.getMaxSockets()).toBe(256);
      expect(zmtp.context.maxSockets).toBe(256);
      expect(errorCode(thrownBy(() => { v5.Context.setMaxSockets(0); }))).toBe("EINVAL");
      expect(thrownBy(() => { v5.Context.setMaxThreads("2" as unknown as number); })).toBeInstanceOf(TypeError);
    } finally {
      v5.Context.setMaxThreads(threads);
      v5.Context.setMaxSockets(sockets);
    }
  });
});
