/**
 * v5-style REQ/REP programs against libzmq, each side binding. v5 queued a REQ's requests and sent each
 * once the previous reply was in, and a REP read the next request once it had replied: so a burst of
 * req.send() calls and a reply sent from the "message" handler (or later) both work. Ported from zeromq.js's
 * test/unit/compat/socket-req-rep-test.ts and socket-events-test.ts.
 */
import { describe, expect, it } from "vitest";
import * as zmq from "zeromq";
import * as v5 from "../../src/v5-compat/index.js";
import { within } from "../helpers/wait.js";
import { bindV5, callbackResult, nextEvent, nextMessages, texts, useV5Sockets, WAIT_MS } from "./v5-helpers.js";

const { v5socket, libzmqV5, track } = useV5Sockets();

/** A libzmq (zeromq.js v6) REP answering `n` requests with "<request>:ok". */
async function serveReplies(rep: zmq.Reply, n: number): Promise<string[][]> {
  const seen: string[][] = [];
  for (let i = 0; i < n; i++) {
    const request = await within(rep.receive(), `request ${i}`, WAIT_MS);
    seen.push(texts(request));
    await rep.send([...texts(request).map((t) => `${t}:ok`)]);
  }
  return seen;
}

/** What a v5 REP handler uses, in zmtp's v5 socket and in zeromq's. */
interface V5Replier {
  on(event: "message", listener: (...frames: Buffer[]) => void): unknown;
  send(message: string[]): unknown;
}

/** A v5 REP (zmtp's or zeromq's) answering every request from its "message" handler with "<request>:ok". */
function answerFromHandler(rep: V5Replier): void {
  rep.on("message", (...frames: Buffer[]) => {
    rep.send(texts(frames).map((t) => `${t}:ok`));
  });
}

describe("v5-compat req-rep against libzmq", () => {
  it("v5 req connects to a libzmq rep: a burst of requests goes one per reply, replies in order", async () => {
    const rep = track(new zmq.Reply({ linger: 0 }));
    await rep.bind("tcp://127.0.0.1:*");
    const req = v5socket("req");
    req.connect(rep.lastEndpoint!);
    const replies = nextMessages(req, 10);
    for (let i = 0; i < 10; i++) req.send(`hello${i}`);
    const served = serveReplies(rep, 10);
    expect((await replies).map(texts)).toEqual(Array.from({ length: 10 }, (_, i) => [`hello${i}:ok`]));
    expect(await served).toEqual(Array.from({ length: 10 }, (_, i) => [`hello${i}`]));
  });

  it("v5 req binds, a libzmq rep connects; multipart requests and replies", async () => {
    const req = v5socket("req");
    const endpoint = await bindV5(req, "tcp://127.0.0.1:0");
    const rep = track(new zmq.Reply({ linger: 0 }));
    rep.connect(endpoint);
    const replies = nextMessages(req, 2);
    req.send(["a", "b"]);
    req.send("c", v5.ZMQ_SNDMORE);
    req.send("d");
    const served = serveReplies(rep, 2);
    expect((await replies).map(texts)).toEqual([["a:ok", "b:ok"], ["c:ok", "d:ok"]]);
    expect(await served).toEqual([["a", "b"], ["c", "d"]]);
  });

  it("v5 rep binds (its 'bind' event), a libzmq req connects; the handler replies", async () => {
    const rep = v5socket("rep");
    answerFromHandler(rep);
    const bound = nextEvent(rep, "bind");
    rep.bind("tcp://127.0.0.1:0");
    expect(await bound).toEqual(["tcp://127.0.0.1:0"]);
    const req = track(new zmq.Request({ linger: 0, receiveTimeout: WAIT_MS }));
    req.connect(rep.last_endpoint!);
    for (let i = 0; i < 5; i++) {
      await req.send(["hello", `${i}`]);
      expect(texts(await req.receive())).toEqual(["hello:ok", `${i}:ok`]);
    }
  });

  it("v5 rep connects to a libzmq req; a reply sent later (not from the handler) still goes, then the next request", async () => {
    const req = track(new zmq.Request({ linger: 0, receiveTimeout: WAIT_MS }));
    await req.bind("tcp://127.0.0.1:*");
    const rep = v5socket("rep");
    rep.on("message", (msg: Buffer) => {
      setTimeout(() => rep.send(`${msg.toString()}:later`), 10);
    });
    rep.connect(req.lastEndpoint!);
    for (let i = 0; i < 3; i++) {
      await req.send(`r${i}`);
      expect(texts(await req.receive())).toEqual([`r${i}:later`]);
    }
  });

  it("a v5 req burst against zeromq's own v5-compat rep (v5 programs on both ends)", async () => {
    const rep = libzmqV5("rep");
    answerFromHandler(rep);
    const endpoint = await bindV5(rep, "tcp://127.0.0.1:*");
    const req = v5socket("req");
    req.connect(endpoint);
    const replies = nextMessages(req, 10);
    for (let i = 0; i < 10; i++) req.send("hello");
    expect((await replies).map(texts)).toEqual(Array.from({ length: 10 }, () => ["hello:ok"]));
  });

  it("zeromq's v5-compat req against a v5 rep", async () => {
    const rep = v5socket("rep");
    answerFromHandler(rep);
    const endpoint = await bindV5(rep, "tcp://127.0.0.1:0");
    const req = libzmqV5("req");
    req.connect(endpoint);
    const replies = nextMessages(req, 1);
    req.send("world");
    expect((await replies).map(texts)).toEqual([["world:ok"]]);
  });

  it("a v5 req whose request timed out (ZMQ_SNDTIMEO, no peer) may send again, and gets that reply", async () => {
    const req = v5socket("req");
    req.setsockopt(v5.ZMQ_SNDTIMEO, 20);
    const failed = await callbackResult((cb) => req.send("lost", 0, cb), "the timed-out send's callback");
    expect(failed).toMatchObject({ code: "EAGAIN" });
    const rep = track(new zmq.Reply({ linger: 0 }));
    await rep.bind("tcp://127.0.0.1:*");
    req.connect(rep.lastEndpoint!);
    const reply = nextMessages(req, 1);
    req.send("again");
    expect(await serveReplies(rep, 1)).toEqual([["again"]]);
    expect((await reply).map(texts)).toEqual([["again:ok"]]);
  });

  it("several v5 req/rep pairs at once, over inproc (zeromq's 'should support multiple')", async () => {
    const rounds = Array.from({ length: 5 }, async (_, i) => {
      const rep = v5socket("rep");
      answerFromHandler(rep);
      const endpoint = await bindV5(rep, `inproc://v5-req-rep-${i}`);
      const req = v5socket("req");
      req.connect(endpoint);
      const reply = nextMessages(req, 1);
      req.send(`n${i}`);
      return texts((await reply)[0]!);
    });
    expect(await Promise.all(rounds)).toEqual(Array.from({ length: 5 }, (_, i) => [`n${i}:ok`]));
  });
});
