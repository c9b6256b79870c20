import { describe, expect, it } from "vitest";
import { Dealer, Reply, Request, Router } from "../../src/index.js";
import { socketTracker } from "../helpers/socket-tracker.js";
import { waitUntil } from "../helpers/wait.js";
import { bindLoopback } from "../helpers/loopback.js";
import { frameTexts } from "../helpers/text.js";
import { capturePipes } from "../helpers/capture-pipes.js";

const track = socketTracker();

async function pair(options: ConstructorParameters<typeof Request>[0] = {}): Promise<{ req: Request; rep: Reply }> {
  const rep = track(new Reply());
  const req = track(new Request(options));
  req.connect(await bindLoopback(rep));
  return { req, rep };
}

describe("REQ", () => {
  it("completes request/reply rounds with a REP", async () => {
    const { req, rep } = await pair();
    for (let i = 0; i < 5; i++) {
      await req.send(["hello", String(i)]);
      expect(frameTexts(await rep.receive())).toEqual(["hello", String(i)]);
      await rep.send(["world", String(i)]);
      expect(frameTexts(await req.receive())).toEqual(["world", String(i)]);
    }
  });

  it("receive before any send fails with EFSM", async () => {
    const req = track(new Request());
    await expect(req.receive()).rejects.toMatchObject({ code: "EFSM" });
  });

  it("a second send before the reply fails with EFSM", async () => {
    const { req, rep } = await pair();
    await req.send("first");
    await expect(req.send("second")).rejects.toMatchObject({ code: "EFSM" });
    // The state machine is intact: the first round still completes.
    expect(frameTexts(await rep.receive())).toEqual(["first"]);
    await rep.send("answer");
    expect(frameTexts(await req.receive())).toEqual(["answer"]);
    // And after the reply, receiving again needs a new request.
    await expect(req.receive()).rejects.toMatchObject({ code: "EFSM" });
  });

  it("a second receive while one is pending fails with EFSM", async () => {
    const { req, rep } = await pair();
    await req.send("q");
    const reply = req.receive();
    await expect(req.receive()).rejects.toMatchObject({ code: "EFSM" });
    await rep.receive();
    await rep.send("a");
    expect(frameTexts(await reply)).toEqual(["a"]);
  });

  it("sends the empty delimiter and drops replies without it", async () => {
    const router = track(new Router());
    const req = track(new Request());
    req.connect(await bindLoopback(router));
    await req.send("body");
    const [id, delimiter, body, ...rest] = await router.receive();
    expect(delimiter!.length).toBe(0);
    expect(body!.toString()).toBe("body");
    expect(rest).toEqual([]);
    await router.send([id!, "no-delimiter"]);
    await router.send([id!, "", "good"]);
    expect(frameTexts(await req.receive())).toEqual(["good"]);
  });

  it("drops a reply from a peer other than the one it asked (RFC 28)", async () => {
    const req = track(new Request({ routingId: "req", receiveTimeout: 2000 }));
    const pipes = capturePipes(req);
    const routers = [track(new Router({ receiveTimeout: 2000 })), track(new Router({ receiveTimeout: 2000 }))];
    for (const r of routers) req.connect(await bindLoopback(r));

    /** One full round; returns the router that got the request (round-robin alternates them). */
    const round = async (body: string): Promise<Router> => {
      await req.send(body);
      await waitUntil(() => routers.some((r) => r.readable), `request ${body} at a router`);
      const asked = routers.find((r) => r.readable)!;
      const [id, delimiter, got] = await asked.receive();
      expect([id!.toString(), delimiter!.length, got!.toString()]).toEqual(["req", 0, body]);
      await asked.send(["req", "", `re: ${body}`]);
      expect(frameTexts(await req.receive())).toEqual([`re: ${body}`]);
      return asked;
    };
    // Two rounds: both connections are up and each router has served one request.
    const first = await round("one");
    const second = await round("two");
    expect(second).not.toBe(first);

    await req.send("three");
    await waitUntil(() => routers.some((r) => r.readable), "request three at a router");
    const asked = routers.find((r) => r.readable)!;
    const other = routers.find((r) => r !== asked)!;
    // The router that was not asked answers first, with a well-formed reply; it reaches the REQ's queue.
    await other.send(["req", "", "impostor"]);
    await waitUntil(() => pipes.some((p) => p.readableSize > 0), "the impostor reply at the REQ");
    const [id] = await asked.receive();
    await asked.send([id!, "", "genuine"]);
    expect(frameTexts(await req.receive())).toEqual(["genuine"]);
    // Nothing else is pending for the REQ: the impostor reply was dropped, not kept for later.
    expect(pipes.every((p) => p.readableSize === 0)).toBe(true);
  });

  it("readable is false until a request is out, even with a stray message queued", async () => {
    const router = track(new Router({ mandatory: true }));
    const req = track(new Request({ routingId: "req" }));
    req.connect(await bindLoopback(router));
    await req.send("first");
    await router.receive();
    await router.send(["req", "", "reply"]);
    expect(frameTexts(await req.receive())).toEqual(["reply"]);
    await router.send(["req", "", "unasked"]);
    // Bounded: returns early if readable (wrongly) turns true, else after 100 ms.
    await waitUntil(() => req.readable, "readable", 100).catch(() => undefined);
    expect(req.readable).toBe(false);
    await expect(req.receive()).rejects.toMatchObject({ code: "EFSM" });
  });

  it("with relaxed, a new request may be sent before the reply", async () => {
    const { req, rep } = await pair({ relaxed: true });
    expect(req.relaxed).toBe(true);
    await req.send("r1");
    await req.send("r2");
    expect(frameTexts(await rep.receive())).toEqual(["r1"]);
    await rep.send("a1");
    expect(frameTexts(await rep.receive())).toEqual(["r2"]);
    await rep.send("a2");
    const reply = frameTexts(await req.receive());
    expect(["a1", "a2"]).toContain(reply[0]);
  });

  it("with relaxed and correlate, only the reply to the latest request is delivered", async () => {
    const { req, rep } = await pair({ relaxed: true, correlate: true });
    await req.send("r1");
    await req.send("r2");
    expect(frameTexts(await rep.receive())).toEqual(["r1"]);
    await rep.send("a1");
    expect(frameTexts(await rep.receive())).toEqual(["r2"]);
    await rep.send("a2");
    expect(frameTexts(await req.receive())).toEqual(["a2"]);
    // A further round works normally.
    await req.send("r3");
    expect(frameTexts(await rep.receive())).toEqual(["r3"]);
    await rep.send("a3");
    expect(frameTexts(await req.receive())).toEqual(["a3"]);
  });

  it("with correlate, requests carry a 4-byte id and replies with another id are dropped", async () => {
    const router = track(new Router());
    const req = track(new Request({ correlate: true }));
    req.connect(await bindLoopback(router));
    await req.send("body");
    const [peer, requestId, delimiter, body] = await router.receive();
    expect(requestId!.length).toBe(4);
    expect(delimiter!.length).toBe(0);
    expect(body!.toString()).toBe("body");
    const wrong = Buffer.alloc(4);
    wrong.writeUInt32BE((requestId!.readUInt32BE(0) + 1) >>> 0);
    await router.send([peer!, wrong, "", "stale"]);
    await router.send([peer!, requestId!, "", "fresh"]);
    expect(frameTexts(await req.receive())).toEqual(["fresh"]);
  });

  it("without relaxed, correlate still enforces alternation", async () => {
    const { req } = await pair({ correlate: true });
    await req.send("q");
    await expect(req.send("q2")).rejects.toMatchObject({ code: "EFSM" });
  });
});

describe("REP", () => {
  it("send before receive fails with EFSM", async () => {
    const rep = track(new Reply());
    await expect(rep.send("nothing asked")).rejects.toMatchObject({ code: "EFSM" });
  });

  it("a second receive before replying fails with EFSM", async () => {
    const { req, rep } = await pair();
    await req.send("q");
    expect(frameTexts(await rep.receive())).toEqual(["q"]);
    await expect(rep.receive()).rejects.toMatchObject({ code: "EFSM" });
    await rep.send("a");
    expect(frameTexts(await req.receive())).toEqual(["a"]);
  });

  it("routes each reply to its requester with several concurrent REQ clients", async () => {
    const rep = track(new Reply());
    const endpoint = await bindLoopback(rep);
    const clients = Array.from({ length: 4 }, () => track(new Request()));
    for (const c of clients) c.connect(endpoint);
    const replies = clients.map(async (c, i) => {
      await c.send(`client-${i}`);
      return frameTexts(await c.receive());
    });
    for (let i = 0; i < clients.length; i++) {
      const [body] = frameTexts(await rep.receive());
      await rep.send(`reply-to-${body!}`);
    }
    const got = await Promise.all(replies);
    expect(got).toEqual(clients.map((_, i) => [`reply-to-client-${i}`]));
  });

  it("keeps answering the right client over many interleaved rounds", async () => {
    const rep = track(new Reply());
    const endpoint = await bindLoopback(rep);
    const clients = Array.from({ length: 3 }, () => track(new Request()));
    for (const c of clients) c.connect(endpoint);
    const rounds = 10;
    const work = clients.map(async (c, i) => {
      for (let r = 0; r < rounds; r++) {
        await c.send([String(i), String(r)]);
        expect(frameTexts(await c.receive())).toEqual([`${i}:${r}`]);
      }
    });
    for (let n = 0; n < clients.length * rounds; n++) {
      const [i, r] = frameTexts(await rep.receive());
      await rep.send(`${i!}:${r!}`);
    }
    await Promise.all(work);
  });

  it("readable is false while a reply is owed, even with the next request queued", async () => {
    const rep = track(new Reply());
    const dealer = track(new Dealer());
    dealer.connect(await bindLoopback(rep));
    await dealer.send(["", "q1"]);
    await dealer.send(["", "q2"]);
    expect(frameTexts(await rep.receive())).toEqual(["q1"]);
    // Bounded: returns early if readable (wrongly) turns true, else after 100 ms.
    await waitUntil(() => rep.readable, "readable", 100).catch(() => undefined);
    expect(rep.readable).toBe(false);
    await rep.send("a1");
    await waitUntil(() => rep.readable, "q2 readable");
    expect(frameTexts(await rep.receive())).toEqual(["q2"]);
  });

  it("puts the whole envelope back on the reply (DEALER peer)", async () => {
    const rep = track(new Reply());
    const dealer = track(new Dealer());
    dealer.connect(await bindLoopback(rep));
    // A request that went through two hops: REP sees only the body.
    await dealer.send(["hop2", "hop1", "", "body"]);
    expect(frameTexts(await rep.receive())).toEqual(["body"]);
    await rep.send(["answer", "2"]);
    expect(frameTexts(await dealer.receive())).toEqual(["hop2", "hop1", "", "answer", "2"]);
  });

  it("only the first empty frame is the delimiter: empty frames in the body stay in the body", async () => {
    const rep = track(new Reply());
    const dealer = track(new Dealer());
    dealer.connect(await bindLoopback(rep));
    await dealer.send(["hop", "", "body", "", "", "tail"]);
    expect(frameTexts(await rep.receive())).toEqual(["body", "", "", "tail"]);
    await rep.send(["", "answer", ""]);
    expect(frameTexts(await dealer.receive())).toEqual(["hop", "", "", "answer", ""]);
  });

  it("drops a request without an empty delimiter", async () => {
    const rep = track(new Reply());
    const dealer = track(new Dealer());
    dealer.connect(await bindLoopback(rep));
    await dealer.send(["no", "delimiter"]);
    await dealer.send(["", "ok"]);
    expect(frameTexts(await rep.receive())).toEqual(["ok"]);
    await rep.send("fine");
    expect(frameTexts(await dealer.receive())).toEqual(["", "fine"]);
  });
});
