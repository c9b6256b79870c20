import { describe, expect, it } from "vitest";
import { Dealer, Router } from "../../src/index.js";
import { socketTracker } from "../helpers/socket-tracker.js";
import { waitUntil } from "../helpers/wait.js";
import { bindLoopback } from "../helpers/loopback.js";
import { frameTexts } from "../helpers/text.js";
import { capturePipes } from "../helpers/capture-pipes.js";

const track = socketTracker();

async function dealerFor(endpoint: string, routingId?: string): Promise<Dealer> {
  const dealer = track(new Dealer(routingId === undefined ? {} : { routingId }));
  dealer.connect(endpoint);
  return dealer;
}

describe("ROUTER", () => {
  it("prefixes each message with the sender's announced routing id", async () => {
    const router = track(new Router());
    const dealer = await dealerFor(await bindLoopback(router), "d1");
    await dealer.send(["hello", "world"]);
    expect(frameTexts(await router.receive())).toEqual(["d1", "hello", "world"]);
  });

  it("generates a 5-byte id starting with a zero byte for a peer without one", async () => {
    const router = track(new Router());
    const endpoint = await bindLoopback(router);
    const a = await dealerFor(endpoint);
    const b = await dealerFor(endpoint);
    await a.send("from-a");
    await b.send("from-b");
    const ids = new Map<string, Buffer>();
    for (let i = 0; i < 2; i++) {
      const [id, body] = await router.receive();
      expect(id!.length).toBe(5);
      expect(id![0]).toBe(0);
      ids.set(body!.toString(), id!);
    }
    expect(ids.get("from-a")!.equals(ids.get("from-b")!)).toBe(false);
    // The generated ids route back.
    await router.send([ids.get("from-b")!, "to-b"]);
    await router.send([ids.get("from-a")!, "to-a"]);
    expect(frameTexts(await a.receive())).toEqual(["to-a"]);
    expect(frameTexts(await b.receive())).toEqual(["to-b"]);
  });

  it("routes each reply to the peer named by the first frame", async () => {
    const router = track(new Router());
    const endpoint = await bindLoopback(router);
    const dealers = await Promise.all(["alpha", "beta", "gamma"].map((id) => dealerFor(endpoint, id)));
    for (const d of dealers) await d.send("ping");
    const seen = new Set<string>();
    for (let i = 0; i < dealers.length; i++) seen.add(frameTexts(await router.receive())[0]!);
    expect([...seen].sort()).toEqual(["alpha", "beta", "gamma"]);
    for (const id of ["gamma", "alpha", "beta"]) await router.send([id, "for", id]);
    for (const [i, id] of ["alpha", "beta", "gamma"].entries()) {
      expect(frameTexts(await dealers[i]!.receive())).toEqual(["for", id]);
    }
  });

  it("takes the routing id set as a property before connecting", async () => {
    const router = track(new Router());
    const endpoint = await bindLoopback(router);
    const dealer = track(new Dealer());
    dealer.routingId = "by-property";
    dealer.connect(endpoint);
    await dealer.send("x");
    expect(frameTexts(await router.receive())).toEqual(["by-property", "x"]);
  });

  it("drops messages for unknown routing ids silently", async () => {
    const router = track(new Router());
    const dealer = await dealerFor(await bindLoopback(router), "known");
    await dealer.send("hi");
    await router.receive();
    await expect(router.send(["nobody", "lost"])).resolves.toBeUndefined();
    await router.send(["known", "delivered"]);
    expect(frameTexts(await dealer.receive())).toEqual(["delivered"]);
  });

  it("with mandatory, a message for an unknown routing id fails with EHOSTUNREACH", async () => {
    const router = track(new Router({ mandatory: true }));
    expect(router.mandatory).toBe(true);
    await expect(router.send(["nobody", "x"])).rejects.toMatchObject({ code: "EHOSTUNREACH" });
    const dealer = await dealerFor(await bindLoopback(router), "known");
    await dealer.send("hi");
    await router.receive();
    await expect(router.send(["nobody", "x"])).rejects.toMatchObject({ code: "EHOSTUNREACH" });
    await router.send(["known", "ok"]);
    expect(frameTexts(await dealer.receive())).toEqual(["ok"]);
  });

  it("mandatory can be set as a property", async () => {
    const router = track(new Router());
    await expect(router.send(["nobody", "x"])).resolves.toBeUndefined();
    router.mandatory = true;
    await expect(router.send(["nobody", "x"])).rejects.toMatchObject({ code: "EHOSTUNREACH" });
  });

  it("refuses a second peer announcing an identity already in use", async () => {
    const router = track(new Router());
    const endpoint = await bindLoopback(router);
    const first = await dealerFor(endpoint, "dup");
    await first.send("one");
    expect(frameTexts(await router.receive())).toEqual(["dup", "one"]);

    const second = track(new Dealer({ routingId: "dup", reconnectInterval: 20 }));
    second.connect(endpoint);
    await second.send("two");
    router.receiveTimeout = 300;
    await expect(router.receive()).rejects.toMatchObject({ code: "EAGAIN" });

    // The identity still belongs to the first peer.
    await router.send(["dup", "back"]);
    expect(frameTexts(await first.receive())).toEqual(["back"]);
    second.receiveTimeout = 100;
    await expect(second.receive()).rejects.toMatchObject({ code: "EAGAIN" });
  });

  it("with handover, a new peer takes the identity over", async () => {
    const router = track(new Router({ handover: true }));
    const endpoint = await bindLoopback(router);
    const first = await dealerFor(endpoint, "dup");
    await first.send("one");
    expect(frameTexts(await router.receive())).toEqual(["dup", "one"]);

    const second = await dealerFor(endpoint, "dup");
    await second.send("two");
    expect(frameTexts(await router.receive())).toEqual(["dup", "two"]);

    await router.send(["dup", "back"]);
    expect(frameTexts(await second.receive())).toEqual(["back"]);
    first.receiveTimeout = 100;
    await expect(first.receive()).rejects.toMatchObject({ code: "EAGAIN" });
  });
});

describe("DEALER", () => {
  it("round-robins requests over two ROUTERs and fair-queues their replies", async () => {
    const r1 = track(new Router());
    const r2 = track(new Router());
    const dealer = track(new Dealer({ routingId: "d" }));
    dealer.connect(await bindLoopback(r1));
    dealer.connect(await bindLoopback(r2));
    for (let i = 0; i < 4; i++) await dealer.send(String(i));
    const got1 = [frameTexts(await r1.receive()), frameTexts(await r1.receive())];
    const got2 = [frameTexts(await r2.receive()), frameTexts(await r2.receive())];
    const bodies = [...got1, ...got2].map((m) => m[1]!).sort();
    expect(bodies).toEqual(["0", "1", "2", "3"]);
    expect(Number(got1[0]![1]) % 2).toBe(Number(got1[1]![1]) % 2);
    await r1.send(["d", "from-r1"]);
    await r2.send(["d", "from-r2"]);
    const replies = [frameTexts(await dealer.receive())[0], frameTexts(await dealer.receive())[0]];
    expect(replies.sort()).toEqual(["from-r1", "from-r2"]);
  });

  it("fair-queues: with a backlog from two peers, it takes one message from each in turn", async () => {
    const routers = [track(new Router()), track(new Router())];
    const dealer = track(new Dealer({ routingId: "d", receiveTimeout: 2000 }));
    const pipes = capturePipes(dealer);
    for (const r of routers) dealer.connect(await bindLoopback(r));
    // One message round-robined to each router: both connections are up.
    await dealer.send("hi");
    await dealer.send("hi");
    for (const r of routers) expect(frameTexts(await r.receive())).toEqual(["d", "hi"]);
    // r0 queues its whole batch first, then r1: a FIFO over arrival would give r0's ten first.
    for (const [n, r] of routers.entries()) {
      for (let i = 0; i < 10; i++) await r.send(["d", `r${n}`, String(i)]);
    }
    await waitUntil(() => pipes.length === 2 && pipes.every((p) => p.readableSize === 10), "both backlogs");
    const order: string[] = [];
    for (let i = 0; i < 20; i++) order.push(frameTexts(await dealer.receive()).join(":"));
    for (let i = 1; i < order.length; i++) expect(order[i]!.slice(0, 2)).not.toBe(order[i - 1]!.slice(0, 2));
    for (const n of [0, 1]) {
      expect(order.filter((m) => m.startsWith(`r${n}`))).toEqual(Array.from({ length: 10 }, (_, i) => `r${n}:${i}`));
    }
  });

  it("talks to another DEALER without any envelope", async () => {
    const a = track(new Dealer());
    const b = track(new Dealer());
    b.connect(await bindLoopback(a));
    await b.send(["x", "", "y"]);
    expect(frameTexts(await a.receive())).toEqual(["x", "", "y"]);
    await a.send("back");
    expect(frameTexts(await b.receive())).toEqual(["back"]);
  });
});
