import { afterEach, describe, expect, it } from "vitest";
import { Dealer, Router, type Socket } from "../../src/index.js";

const open: Socket[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.closeAndWait()));
});

describe("probeRouter", () => {
  it("a DEALER with probeRouter announces itself to the ROUTER with an empty message", async () => {
    const router = new Router({ receiveTimeout: 5000 });
    open.push(router);
    await router.bind("tcp://127.0.0.1:0");
    const dealer = new Dealer({ probeRouter: true, routingId: "probe" });
    open.push(dealer);
    dealer.connect(router.lastEndpoint!);
    const [id, body] = await router.receive();
    expect(id!.toString()).toBe("probe");
    expect(body!.length).toBe(0);
    // The router can now address the dealer without having heard anything else from it.
    await router.send(["probe", "hi"]);
    const reply = await dealer.receive();
    expect(reply.map(String)).toEqual(["hi"]);
  });

  it("send([]) is refused with EINVAL", async () => {
    const dealer = new Dealer();
    open.push(dealer);
    await expect(dealer.send([])).rejects.toMatchObject({ code: "EINVAL" });
  });
});
