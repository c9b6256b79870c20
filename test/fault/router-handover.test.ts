/**
 * ROUTER handover (libzmq router_t::identify_peer with ZMQ_ROUTER_HANDOVER): when a new peer takes over an
 * identity, the old peer's pipe is terminated and its connection closed, so the old peer learns it lost
 * the id (and reconnects) instead of sending into a pipe nobody reads.
 */
import { describe, expect, it } from "vitest";
import { Router } from "../../src/index.js";
import { settle } from "../helpers/wait.js";
import { handshake } from "./attacks.js";
import { hangsUpWithin, useRawClients } from "./fault-kit.js";

const raw = useRawClients();

describe("ROUTER handover", () => {
  it("closes the connection of the peer whose identity was taken over", async () => {
    const router = new Router({ handover: true, linger: 0 });
    await router.bind("tcp://127.0.0.1:0");
    const old = await raw(router.lastEndpoint!);
    old.socket.write(handshake("DEALER", [["Identity", "X"]]));
    await settle(20);
    const taker = await raw(router.lastEndpoint!);
    taker.socket.write(handshake("DEALER", [["Identity", "X"]]));
    await settle(20);
    expect(await hangsUpWithin(old, 1000)).toBe(true);
    expect(taker.isHungUp()).toBe(false);
    await router.closeAndWait();
  });
});
