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
import { within } from "../helpers/wait.js";

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

  it("curveKeypair gives a CURVE key pair as v5 did ({ public, secret }, Z85) that a CURVE pair of sockets works with", async () => {
    expect(zmtp.capability.curve).toBe(true);
    const server = v5.curveKeypair();
    const client = v5.curveKeypair();
    for (const key of [server.public, server.secret, client.public, client.secret]) expect(zmtp.z85.decode(key).length).toBe(32);
    expect(server.public).not.toBe(client.public);
    // Keys from v5's helper, used by libzmq: zeromq's own v5-compat server, our client keys.
    const rep = zmqv5.socket("rep");
    rep.setsockopt(zmqv5.ZMQ_CURVE_SERVER, 1);
    rep.setsockopt(zmqv5.ZMQ_CURVE_SECRETKEY, server.secret);
    rep.setsockopt(zmqv5.ZMQ_LINGER, 0);
    rep.bindSync("tcp://127.0.0.1:*");
    const endpoint = rep.getsockopt(zmqv5.ZMQ_LAST_ENDPOINT) as string;
    rep.on("message", (msg: Buffer) => {
      rep.send(`echo ${String(msg)}`);
    });
    const req = v5.socket("req");
    req.setsockopt(v5.ZMQ_CURVE_SERVERKEY, server.public);
    req.setsockopt(v5.ZMQ_CURVE_PUBLICKEY, client.public);
    req.setsockopt(v5.ZMQ_CURVE_SECRETKEY, client.secret);
    req.setsockopt(v5.ZMQ_LINGER, 0);
    try {
      const reply = new Promise<string>((resolve) => {
        req.on("message", (msg: Buffer) => {
          resolve(String(msg));
        });
      });
      req.connect(endpoint);
      req.send("over curve");
      expect(await within(reply, "the CURVE reply")).toBe("echo over curve");
    } finally {
      req.close();
      rep.close();
    }
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
