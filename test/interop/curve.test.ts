/**
 * CURVE (RFC 26) against libzmq 4.3.5 (zeromq.js v6 built with CURVE): REQ/REP, DEALER/ROUTER and PUB/SUB
 * with zmtp as the CURVE server and as the client, each side binding in turn; multipart and 1 MiB messages;
 * subscriptions that travel boxed; heartbeats (PING/PONG boxed) both ways.
 */
import { describe, expect, it } from "vitest";
import * as zmq from "zeromq";
import * as zmtp from "../../src/index.js";
import { frameTexts } from "../helpers/text.js";
import { within } from "../helpers/wait.js";
import { firstEvent, publishUntilReceived, useCurveSockets, WAIT_MS, type AnySocket, type Curve, type Impl, type Kind } from "./curve-kit.js";

const socket = useCurveSockets();
const other = (impl: Impl): Impl => (impl === "zmtp" ? "libzmq" : "zmtp");

/** Two sockets under CURVE: `a` of kind `kinds[0]`, `b` of `kinds[1]`, one of them the CURVE server, one binding. */
async function curvePair(
  kinds: [Kind, Kind],
  aImpl: Impl,
  serverIs: "a" | "b",
  binder: "a" | "b",
  options: Record<string, unknown> = {},
): Promise<{ a: AnySocket; b: AnySocket }> {
  const server = zmq.curveKeyPair();
  const client = zmtp.curveKeyPair();
  const roles: Record<"a" | "b", Curve> =
    serverIs === "a"
      ? { a: { server }, b: { client, serverKey: server.publicKey } }
      : { a: { client, serverKey: server.publicKey }, b: { server } };
  const a = socket(aImpl, kinds[0], roles.a, options);
  const b = socket(other(aImpl), kinds[1], roles.b, options);
  const [bound, connecting] = binder === "a" ? [a, b] : [b, a];
  await bound.bind("tcp://127.0.0.1:*");
  connecting.connect(bound.lastEndpoint!);
  return { a, b };
}

const big = (seed: number): Buffer => Buffer.alloc(1 << 20, seed);

function label(aImpl: Impl, kinds: [Kind, Kind], serverIs: "a" | "b", binder: "a" | "b"): string {
  const name = (side: "a" | "b"): string => `${side === "a" ? aImpl : other(aImpl)} ${kinds[side === "a" ? 0 : 1]}`;
  return `${name("a")} ↔ ${name("b")}: CURVE server ${name(serverIs)}, ${name(binder)} binds`;
}

describe("CURVE interop with libzmq 4.3.5", () => {
  it("libzmq here has CURVE; zmtp's curveKeyPair gives Z85 keys libzmq takes", () => {
    expect(zmq.capability.curve).toBe(true);
    const keys = zmtp.curveKeyPair();
    expect(keys.publicKey).toMatch(/^[0-9a-zA-Z.\-:+=^!/*?&<>()[\]{}@%$#]{40}$/);
    expect(keys.secretKey.length).toBe(40);
    const probe = new zmq.Dealer({ curveServerKey: keys.publicKey, curvePublicKey: keys.publicKey, curveSecretKey: keys.secretKey });
    probe.close();
  });

  for (const aImpl of ["zmtp", "libzmq"] as const) {
    for (const binder of ["a", "b"] as const) {
      it(`REQ/REP — ${label(aImpl, ["REP", "REQ"], "a", binder)}: multipart both ways`, async () => {
        const { a: rep, b: req } = await curvePair(["REP", "REQ"], aImpl, "a", binder);
        for (let round = 0; round < 3; round++) {
          await req.send(["question", String(round)]);
          expect(frameTexts(await within(rep.receive(), "the request", WAIT_MS))).toEqual(["question", String(round)]);
          await rep.send(["answer", String(round), ""]);
          expect(frameTexts(await within(req.receive(), "the reply", WAIT_MS))).toEqual(["answer", String(round), ""]);
        }
      });
    }
  }

  for (const aImpl of ["zmtp", "libzmq"] as const) {
    for (const serverIs of ["a", "b"] as const) {
      for (const binder of ["a", "b"] as const) {
        it(`DEALER/ROUTER — ${label(aImpl, ["ROUTER", "DEALER"], serverIs, binder)}: multipart and 1 MiB both ways`, async () => {
          const { a: router, b: dealer } = await curvePair(["ROUTER", "DEALER"], aImpl, serverIs, binder);
          await dealer.send(["hello", big(1), "end"]);
          const [id, ...request] = await within(router.receive(), "the dealer's message", WAIT_MS);
          expect(request.map((f) => f.length)).toEqual([5, 1 << 20, 3]);
          expect(request[1]!.equals(big(1))).toBe(true);
          await router.send([id!, big(2), "world"]);
          const reply = await within(dealer.receive(), "the router's message", WAIT_MS);
          expect(reply[0]!.equals(big(2))).toBe(true);
          expect(String(reply[1])).toBe("world");
        });
      }
    }
  }

  for (const aImpl of ["zmtp", "libzmq"] as const) {
    for (const binder of ["a", "b"] as const) {
      it(`PUB/SUB — ${label(aImpl, ["PUB", "SUB"], "a", binder)}: SUBSCRIBE and CANCEL reach through CURVE and filter`, async () => {
        const { a: pub, b: sub } = await curvePair(["PUB", "SUB"], aImpl, "a", binder);
        /** After the sync loop: drain up to a marker, then an exact batch whose `skipped` topic never arrives. */
        const onlyGets = async (topic: string, skipped: string): Promise<void> => {
          expect(frameTexts(await publishUntilReceived(pub, sub, [topic, "sync"]))).toEqual([topic, "sync"]);
          await pub.send([topic, "marker"]);
          for (;;) if (frameTexts(await within(sub.receive(), "the marker", WAIT_MS))[1] === "marker") break;
          await pub.send([skipped, "x"]);
          await pub.send([topic, "end"]);
          expect(frameTexts(await within(sub.receive(), "the batch's end", WAIT_MS))).toEqual([topic, "end"]);
        };
        sub.subscribe("news");
        await onlyGets("news", "sport");
        sub.unsubscribe("news"); // CANCEL, boxed, then SUBSCRIBE: the publisher takes them in order
        sub.subscribe("sport");
        await onlyGets("sport", "news");
      });
    }
  }

  for (const aImpl of ["zmtp", "libzmq"] as const) {
    it(`heartbeats (PING/PONG boxed) both ways keep a quiet ${aImpl} CURVE server ↔ ${other(aImpl)} client link up`, async () => {
      // Timeouts generous for a loaded machine; the quiet time below is still several of them.
      const heartbeat = { heartbeatInterval: 50, heartbeatTimeout: 500 };
      const { a: router, b: dealer } = await curvePair(["ROUTER", "DEALER"], aImpl, "a", "a", heartbeat);
      await dealer.send("up");
      const [id] = await within(router.receive(), "the first message", WAIT_MS);
      // A PING or PONG either side could not open would end the link (ERR_ZMTP_*), and one that went
      // unanswered would time it out: over several heartbeat timeouts, neither side may see a disconnect.
      const dropped = Promise.race([
        firstEvent(router, ["disconnect", "handshake:error:protocol"], 2000),
        firstEvent(dealer, ["disconnect", "handshake:error:protocol"], 2000),
      ]).then(
        (event) => event,
        () => undefined,
      );
      expect(await dropped).toBeUndefined();
      await router.send([id!, "still", "up"]);
      expect(frameTexts(await within(dealer.receive(), "the reply after the quiet time", WAIT_MS))).toEqual(["still", "up"]);
    });
  }
});
