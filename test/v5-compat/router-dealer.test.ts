/**
 * v5-style ROUTER/DEALER and PAIR programs against libzmq, each side binding: identities, envelopes passed
 * as frames, a burst of 1000 four-part messages echoed, ROUTER_MANDATORY errors to the callback or the
 * "error" event. Ported from zeromq.js's test/unit/compat/socket-router-test.ts, socket-pair-test.ts and
 * socket-error-callback-test.ts.
 */
import { describe, expect, it } from "vitest";
import * as zmq from "zeromq";
import * as v5 from "../../src/v5-compat/index.js";
import { within } from "../helpers/wait.js";
import { bindV5, callbackResult, nextEvent, nextMessages, texts, useV5Sockets, WAIT_MS } from "./v5-helpers.js";

const { v5socket, libzmqV5, track } = useV5Sockets();

describe("v5-compat router-dealer against libzmq", () => {
  it("v5 router binds and echoes; a libzmq dealer's burst of 1000 four-part messages all come back whole", async () => {
    const router = v5socket("router");
    router.on("message", (...frames: Buffer[]) => router.send(frames));
    const endpoint = await bindV5(router, "tcp://127.0.0.1:0");
    const dealer = track(new zmq.Dealer({ linger: 0, receiveTimeout: WAIT_MS }));
    dealer.connect(endpoint);
    const expected = 1000;
    const sending = (async () => {
      for (let i = 0; i < expected; i++) await dealer.send(["Hello", "world", "part3", `${i}`]);
    })();
    for (let i = 0; i < expected; i++) expect(texts(await dealer.receive())).toEqual(["Hello", "world", "part3", `${i}`]);
    await sending;
  });

  it("a libzmq router binds; a v5 dealer with an identity connects: the router knows it by that identity", async () => {
    const router = track(new zmq.Router({ linger: 0, receiveTimeout: WAIT_MS }));
    await router.bind("tcp://127.0.0.1:*");
    const dealer = v5socket("dealer");
    dealer.identity = "dealer-1";
    dealer.connect(router.lastEndpoint!);
    dealer.send(["", "request"]);
    const [id, empty, body] = await router.receive();
    expect([id!.toString(), empty!.length, body!.toString()]).toEqual(["dealer-1", 0, "request"]);
    const reply = nextMessages(dealer, 1);
    await router.send(["dealer-1", "", "reply"]);
    expect((await reply).map(texts)).toEqual([["", "reply"]]);
  });

  it("v5 dealer binds, zeromq's v5-compat router connects (v5 programs on both ends)", async () => {
    const dealer = v5socket("dealer");
    const endpoint = await bindV5(dealer, "tcp://127.0.0.1:0");
    const router = libzmqV5("router");
    router.identity = "the-router";
    router.on("message", (id: Buffer, ...rest: Buffer[]) => router.send([id, ...rest.map((f) => `${f.toString()}!`)]));
    router.connect(endpoint);
    const replies = nextMessages(dealer, 1);
    dealer.send(["ping", "pong"]);
    expect((await replies).map(texts)).toEqual([["ping!", "pong!"]]);
  });

  it("ROUTER_MANDATORY: an unroutable message fails with EHOSTUNREACH, to the callback or else the error event", async () => {
    const router = v5socket("router");
    router.setsockopt(v5.ZMQ_ROUTER_MANDATORY, 1);
    router.setsockopt(v5.ZMQ_SNDTIMEO, 10);
    const viaCallback = await callbackResult((cb) => router.send(["12384982398293", ""], null, cb), "the send callback");
    expect(viaCallback).toMatchObject({ code: "EHOSTUNREACH" });
    const viaEvent = nextEvent(router, "error");
    router.send(["12384982398293", ""]);
    expect((await viaEvent)[0]).toMatchObject({ code: "EHOSTUNREACH" });
  });

  it("without ROUTER_MANDATORY an unroutable message is dropped quietly: the callback hears success", async () => {
    const router = v5socket("router");
    const errors: unknown[] = [];
    router.on("error", (err) => errors.push(err));
    expect(await callbackResult((cb) => router.send(["nobody", ""], null, cb), "the send callback")).toBeUndefined();
    expect(errors).toEqual([]);
  });
});

describe("v5-compat pair against libzmq", () => {
  it("v5 pair binds, a libzmq pair connects: both ways", async () => {
    const pairA = v5socket("pair");
    const endpoint = await bindV5(pairA, "tcp://127.0.0.1:0");
    const pairB = track(new zmq.Pair({ linger: 0, receiveTimeout: WAIT_MS }));
    pairB.connect(endpoint);
    const got = nextMessages(pairA, 3);
    pairA.send("barnacle");
    for (const m of ["foo", "bar", "baz"]) await pairB.send(m);
    expect((await got).map(texts)).toEqual([["foo"], ["bar"], ["baz"]]);
    expect(texts(await pairB.receive())).toEqual(["barnacle"]);
  });

  it("a libzmq pair binds, v5 pair connects", async () => {
    const pairB = track(new zmq.Pair({ linger: 0, receiveTimeout: WAIT_MS }));
    await pairB.bind("tcp://127.0.0.1:*");
    const pairA = v5socket("pair");
    pairA.connect(pairB.lastEndpoint!);
    const got = nextMessages(pairA, 1);
    pairA.send(["x", "y"]);
    expect(texts(await within(pairB.receive(), "the pair's message", WAIT_MS))).toEqual(["x", "y"]);
    await pairB.send("back");
    expect((await got).map(texts)).toEqual([["back"]]);
  });
});
