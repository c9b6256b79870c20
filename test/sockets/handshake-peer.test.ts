/**
 * The `handshake` event's `peer` (zmtp's addition): who the peer is — its socket type and metadata as it
 * announced them, and what the authenticator (ZAP) said of it — on both sides of a connection, against
 * libzmq peers.
 */
import { describe, expect, it } from "vitest";
import * as zmq from "zeromq";
import { Dealer, Router, type Event, type Socket } from "../../src/index.js";
import { socketTracker } from "../helpers/socket-tracker.js";
import { within } from "../helpers/wait.js";

const track = socketTracker();

function nextHandshake(socket: Socket): Promise<Event> {
  return new Promise((resolve) => {
    const listener = (event: Event): void => {
      socket.events.off("handshake", listener);
      resolve(event);
    };
    socket.events.on("handshake", listener);
  });
}

describe("handshake event: peer", () => {
  it("a bound zmtp ROUTER learns a libzmq DEALER's socket type and identity", async () => {
    const router = track(new Router());
    await router.bind("tcp://127.0.0.1:0");
    const handshake = nextHandshake(router);
    const dealer = new zmq.Dealer({ routingId: "dealer-7", linger: 0 });
    try {
      dealer.connect(router.lastEndpoint!);
      const { peer } = await within(handshake, "handshake");
      expect(peer?.socketType).toBe("DEALER");
      expect(peer?.properties["identity"]?.toString()).toBe("dealer-7");
      expect(peer?.userId).toBeUndefined();
    } finally {
      dealer.close();
    }
  });

  it("a connecting zmtp DEALER learns a libzmq ROUTER's socket type", async () => {
    const router = new zmq.Router({ linger: 0 });
    try {
      await router.bind("tcp://127.0.0.1:*");
      const dealer = track(new Dealer());
      const handshake = nextHandshake(dealer);
      dealer.connect(router.lastEndpoint!);
      expect((await within(handshake, "handshake")).peer?.socketType).toBe("ROUTER");
    } finally {
      router.close();
    }
  });

  it("carries the User-Id and metadata the authenticator gave an accepted peer", async () => {
    const router = track(
      new Router({
        zapDomain: "test",
        authenticator: () => ({ allow: true, userId: "alice", metadata: { Team: "blue" } }),
      }),
    );
    await router.bind("tcp://127.0.0.1:0");
    const handshake = nextHandshake(router);
    const dealer = new zmq.Dealer({ linger: 0 });
    try {
      dealer.connect(router.lastEndpoint!);
      const { peer } = await within(handshake, "handshake");
      expect(peer?.userId).toBe("alice");
      expect(peer?.properties["team"]?.toString()).toBe("blue");
      expect(peer?.socketType).toBe("DEALER");
    } finally {
      dealer.close();
    }
  });
});
