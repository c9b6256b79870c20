/**
 * A request that is only an envelope (its delimiter is the last frame, no body) is malformed: REP drops it,
 * as libzmq 4.3's rep_t::xrecv does, and the next receive() gives the next real request. (Handing `[]` to
 * the user would leave an echo server unable even to send it back.)
 */
import { describe, expect, it } from "vitest";
import * as zmq from "zeromq";
import { Reply, Request } from "../../src/index.js";
import { within } from "../helpers/wait.js";

describe("REP and an envelope-only request", () => {
  it("libzmq REP ignores it (reference)", async () => {
    const rep = new zmq.Reply({ linger: 0 });
    await rep.bind("tcp://127.0.0.1:*");
    const dealer = new zmq.Dealer({ linger: 0 });
    dealer.connect(rep.lastEndpoint!);
    await dealer.send([""]);
    await dealer.send(["", "real"]);
    expect((await within(rep.receive(), "libzmq receive")).map(String)).toEqual(["real"]);
    rep.close(); dealer.close();
  });
  it("zmtp REP ignores it too", async () => {
    const rep = new Reply({ linger: 0 });
    await rep.bind("tcp://127.0.0.1:0");
    const dealer = new zmq.Dealer({ linger: 0 });
    dealer.connect(rep.lastEndpoint!);
    await dealer.send([""]);
    await dealer.send(["", "real"]);
    expect((await within(rep.receive(), "zmtp receive")).map(String)).toEqual(["real"]);
    await rep.closeAndWait();
    dealer.close();
  });
});


describe("REQ and a reply that is only the delimiter", () => {
  it("drops it and takes the next well-formed reply", async () => {
    const router = new zmq.Router({ linger: 0 });
    await router.bind("tcp://127.0.0.1:*");
    const req = new Request({ linger: 0, receiveTimeout: 3000 });
    req.connect(router.lastEndpoint!);
    await req.send("question");
    const [id] = await within(router.receive(), "the request at the ROUTER");
    await router.send([id!, ""]);
    await router.send([id!, "", "answer"]);
    expect((await within(req.receive(), "zmtp REQ receive")).map(String)).toEqual(["answer"]);
    await req.closeAndWait();
    router.close();
  });
});
