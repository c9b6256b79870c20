/**
 * Issue #13, defect 2: a ROUTER must never hand the user a message without a routing id. When a peer
 * announces an identity that another connected peer already holds, libzmq (without ZMQ_ROUTER_HANDOVER)
 * refuses the newcomer: its messages are not delivered. zmtp does so when the duplicate arrives on a new
 * pipe, but a reconnecting dialer keeps its pipe and re-registers it on the new handshake; a duplicate there
 * left the pipe without a routing id, and its messages reached the user as `[undefined, …]`.
 *
 * Scenario: a zmtp Router connects to two endpoints. At endpoint 2 a libzmq Dealer holds the id "x". At
 * endpoint 1 a raw peer first says it is "a" (or gives no id), then goes away; the router reconnects to
 * endpoint 1, where an impostor now claims "x" and sends a message. Asserted: every message the router
 * yields starts with a Buffer id, the impostor never speaks as "x", and the legitimate "x" still works both
 * ways. Nothing is asserted about how the impostor is refused (connection closed, or its messages dropped).
 */
import { describe, expect, it } from "vitest";
import * as zmq from "zeromq";
import { Router } from "../../src/index.js";
import { messageBytes } from "../helpers/wire.js";
import { socketTracker } from "../helpers/socket-tracker.js";
import { settle, within } from "../helpers/wait.js";
import { useRawPeers } from "../spec/raw-peer.js";

const { listen } = useRawPeers();
const track = socketTracker();

/** A message as text; a first frame that is not a Buffer shows as `<undefined>` (or its type). */
function describeMessage(message: readonly unknown[]): string {
  return message.map((f) => (Buffer.isBuffer(f) ? f.toString("latin1") : `<${typeof f}>`)).join("|");
}

describe("ROUTER: a reconnect that brings a duplicate routing id", () => {
  it.each([
    ["announced the id \"a\"", "a"],
    ["announced no id (generated)", null],
  ] as const)("the impostor is refused; no [undefined, …] message; the real \"x\" still works (peer 1 first %s)", async (_label, firstId) => {
    const good = new zmq.Dealer({ routingId: "x", linger: 0 });
    try {
      await good.bind("tcp://127.0.0.1:*");
      const server1 = await listen();

      const router = track(new Router({ reconnectInterval: 20, linger: 0, receiveTimeout: 3000 }));
      const received: unknown[][] = [];
      const next = async (): Promise<string> => {
        const message = await router.receive();
        received.push(message);
        return describeMessage(message);
      };

      // Endpoint 2: the legitimate "x" is known to the router.
      router.connect(good.lastEndpoint!);
      await good.send("hello from x");
      expect(await next()).toBe("x|hello from x");

      // Endpoint 1: the first peer, known as "a" (or by a generated id).
      router.connect(server1.endpoint);
      const first = await within(server1.accepted(), "the router to connect to endpoint 1");
      first.handshake(1, "DEALER", firstId === null ? [] : [["Identity", firstId]]);
      first.sendMessage(["hello from peer 1"]);
      const greeting = await next();
      expect(greeting.endsWith("|hello from peer 1")).toBe(true);
      if (firstId !== null) expect(greeting).toBe("a|hello from peer 1");

      // Peer 1 goes away; the router reconnects to endpoint 1, where an impostor claims "x".
      first.socket.destroy();
      const impostor = await within(server1.accepted(), "the router to reconnect to endpoint 1", 3000);
      impostor.handshake(1, "DEALER", [["Identity", "x"]]);
      await new Promise<void>((resolve, reject) => {
        impostor.socket.write(messageBytes(["from the impostor"]), (err) => {
          if (err) reject(err);
          else resolve();
        });
      });

      // The real "x" sends a marker after the impostor's message has gone out: everything received up to
      // the marker, and whatever else is ready by then, is checked.
      await good.send("marker");
      while ((await next()) !== "x|marker") {
        // Keep reading up to the marker (an impostor message, if any, is recorded on the way).
      }
      await settle();
      while (router.readable) await next();

      // The legitimate "x" still works both ways, and what is sent to "x" reaches it, not the impostor.
      await router.send(["x", "ping"]);
      const [ping] = await within(good.receive(), "the real x to receive ping", 3000);
      expect(ping!.toString()).toBe("ping");
      await good.send("pong");
      expect(await next()).toBe("x|pong");
      expect(impostor.messages).not.toContain("ping");

      const seen = received.map(describeMessage);
      expect(
        received.filter((m) => !Buffer.isBuffer(m[0])).map(describeMessage),
        `messages whose routing id is not a Buffer (all received: ${JSON.stringify(seen)})`,
      ).toEqual([]);
      expect(seen, "the impostor must not speak as \"x\"").not.toContain("x|from the impostor");
    } finally {
      good.close();
    }
  });
});
