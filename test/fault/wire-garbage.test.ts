/**
 * Red team, wire side: a bound PULL, ROUTER, SUB and REP on tcp take a seeded corpus of hostile streams
 * (garbage, truncated and wrong greetings, absurd READY metadata, huge size headers, floods of empty frames
 * and tiny commands, ERROR mid-traffic, …) from raw node:net clients, a batch at a time, while a
 * well-behaved peer (zmtp or libzmq) keeps exchanging messages with the same socket. Nothing may reach
 * uncaughtException / unhandledRejection, every protocol violation must cost the attacker its connection,
 * the good peer must never miss or reorder a message, and no attacker's pipe may outlive its connection.
 */
import { describe, expect, it } from "vitest";
import * as zmq from "zeromq";
import { Dealer, Publisher, Pull, Push, Reply, Router, Subscriber, type Readable, type Socket } from "../../src/index.js";
import { capturePipes } from "../helpers/capture-pipes.js";
import { socketTracker } from "../helpers/socket-tracker.js";
import { settle, waitUntil, within } from "../helpers/wait.js";
import { concat, filled } from "../helpers/bytes.js";
import { frameBytes } from "../helpers/wire.js";
import { attacksFor, handshake, longHeader, type Attack } from "./attacks.js";
import { hangsUpWithin, inBatches, startTraffic, useCrashGuard, useRawClients, writeChunks } from "./fault-kit.js";

const track = socketTracker();
const rawClient = useRawClients();
useCrashGuard();

interface Target {
  socket: Socket;
  endpoint: string;
  peerType: string;
  round: (i: number) => Promise<void>;
  /** Reads what attackers left unread, for targets that read only in rounds (the others serve all along). */
  drain?: () => Promise<void>;
  cleanup: () => Promise<void>;
}

/** Receives and drops messages until none comes for a while. */
async function drainUntilQuiet(socket: Readable): Promise<void> {
  const previous = socket.receiveTimeout;
  socket.receiveTimeout = 200;
  try {
    for (;;) await socket.receive();
  } catch (err) {
    expect(err).toMatchObject({ code: "EAGAIN" });
  } finally {
    socket.receiveTimeout = previous;
  }
}

/** Receives until a message whose first frame is `tag` (attackers' messages may come in between). */
async function receiveTagged(socket: Readable, tag: string): Promise<string[]> {
  for (;;) {
    const message = await socket.receive();
    if (message[0]?.toString("latin1") === tag) return message.map((f) => f.toString("latin1"));
  }
}

async function pullTarget(): Promise<Target> {
  const pull = track(new Pull());
  await pull.bind("tcp://127.0.0.1:0");
  const push = new zmq.Push({ linger: 0 });
  push.connect(pull.lastEndpoint!);
  return {
    socket: pull,
    endpoint: pull.lastEndpoint!,
    peerType: "PUSH",
    round: async (i) => {
      await push.send(["good", String(i)]);
      expect(await receiveTagged(pull, "good")).toEqual(["good", String(i)]);
    },
    drain: () => drainUntilQuiet(pull),
    cleanup: async () => {
      push.close();
    },
  };
}

async function routerTarget(): Promise<Target> {
  const router = track(new Router());
  await router.bind("tcp://127.0.0.1:0");
  const serving = (async () => {
    for await (const [id, kind, body] of router) {
      if (kind?.toString() === "ping" && id !== undefined && body !== undefined) await router.send([id, "pong", body]);
    }
  })();
  const dealer = track(new Dealer({ routingId: "good-dealer" }));
  dealer.connect(router.lastEndpoint!);
  return {
    socket: router,
    endpoint: router.lastEndpoint!,
    peerType: "DEALER",
    round: async (i) => {
      await dealer.send(["ping", String(i)]);
      expect((await dealer.receive()).map(String)).toEqual(["pong", String(i)]);
    },
    cleanup: async () => {
      await router.closeAndWait();
      await serving;
    },
  };
}

async function subTarget(): Promise<Target> {
  const sub = track(new Subscriber());
  sub.subscribe("good");
  await sub.bind("tcp://127.0.0.1:0");
  const pub = track(new Publisher());
  pub.connect(sub.lastEndpoint!);
  // The publisher drops until the subscription has reached it: warm up until one message gets through.
  sub.receiveTimeout = 50;
  for (let got = false; !got; ) {
    await pub.send(["good", "warm"]);
    got = await sub.receive().then(
      () => true,
      () => false,
    );
  }
  sub.receiveTimeout = -1;
  return {
    socket: sub,
    endpoint: sub.lastEndpoint!,
    peerType: "PUB",
    round: async (i) => {
      await pub.send(["good", String(i)]);
      let got: string[];
      do got = await receiveTagged(sub, "good");
      while (got[1] === "warm");
      expect(got).toEqual(["good", String(i)]);
    },
    drain: () => drainUntilQuiet(sub),
    cleanup: async () => {},
  };
}

async function repTarget(): Promise<Target> {
  const rep = track(new Reply());
  await rep.bind("tcp://127.0.0.1:0");
  const serving = (async () => {
    for await (const message of rep) await rep.send(message.length === 0 ? ["(empty request)"] : message);
  })();
  const req = new zmq.Request({ linger: 0 });
  req.connect(rep.lastEndpoint!);
  return {
    socket: rep,
    endpoint: rep.lastEndpoint!,
    peerType: "REQ",
    round: async (i) => {
      await req.send(["q", String(i)]);
      expect((await req.receive()).map(String)).toEqual(["q", String(i)]);
    },
    cleanup: async () => {
      req.close();
      await rep.closeAndWait();
      await serving;
    },
  };
}

/** Runs one attack; returns its name if the zmtp side should have hung up and did not. */
async function runAttack(endpoint: string, attack: Attack): Promise<string | undefined> {
  const client = await rawClient(endpoint);
  await writeChunks(client.socket, attack.chunks);
  if (attack.mustHangUp) {
    const hung = await hangsUpWithin(client, 2000);
    client.socket.destroy();
    return hung ? undefined : attack.name;
  }
  await hangsUpWithin(client, 20);
  client.socket.destroy();
  return undefined;
}

const TARGETS: [string, () => Promise<Target>, number][] = [
  ["PULL (good peer: libzmq PUSH)", pullTarget, 0x5eed01],
  ["ROUTER (good peer: zmtp DEALER)", routerTarget, 0x5eed02],
  ["SUB (good peer: zmtp PUB)", subTarget, 0x5eed03],
  ["REP (good peer: libzmq REQ)", repTarget, 0x5eed04],
];

describe("a bound socket under a corpus of hostile tcp peers", () => {
  for (const [label, make, seed] of TARGETS) {
    it(`${label}: survives, hangs up on every violation, the good peer never misses a beat`, async () => {
      const target = await make();
      await within(target.round(-1), "first good round");
      // From here on, every pipe attached is an attacker's.
      const pipes = capturePipes(target.socket);
      const traffic = startTraffic(target.round, label);
      const attacks = attacksFor(target.peerType, seed);
      const notHungUp: string[] = [];
      await inBatches(attacks, 8, async (attack) => {
        const missed = await runAttack(target.endpoint, attack);
        if (missed !== undefined) notHungUp.push(missed);
      });
      const { rounds, error } = await traffic.stop();
      expect(error).toBeUndefined();
      expect(rounds).toBeGreaterThan(0);
      expect(notHungUp).toEqual([]);
      for (let i = 0; i < 20; i++) await within(target.round(100_000 + i), "good round after the attacks");
      // Every attacker is gone: none of their pipes may still be attached. A connection paused at its
      // read-ahead (a flood nobody read) notices its peer's end only once read, as in libzmq.
      await target.drain?.();
      await waitUntil(() => pipes.filter((p) => !p.terminated).length === 0, "attackers' pipes to terminate");
      await target.cleanup();
      await settle();
    });
  }
});

describe("maxMessageSize against a hostile peer", () => {
  it("a frame over the limit, announced short or long, costs only that connection", async () => {
    const pull = track(new Pull({ maxMessageSize: 100 }));
    await pull.bind("tcp://127.0.0.1:0");
    const push = track(new Push());
    push.connect(pull.lastEndpoint!);
    const cases = [
      concat([handshake("PUSH"), frameBytes(0x00, filled(101, 1))]),
      concat([handshake("PUSH"), longHeader(0x00, 101n)]),
      concat([handshake("PUSH"), frameBytes(0x01, filled(50, 1)), frameBytes(0x00, filled(200, 1))]),
      concat([handshake("PUSH"), longHeader(0x04, 1000n)]),
    ];
    for (const bytes of cases) {
      const client = await rawClient(pull.lastEndpoint!);
      client.socket.write(bytes);
      expect(await hangsUpWithin(client, 2000)).toBe(true);
      await push.send(["still", "fine"]);
      expect((await within(pull.receive(), "good message")).map(String)).toEqual(["still", "fine"]);
    }
    // At the limit exactly is fine.
    const client = await rawClient(pull.lastEndpoint!);
    client.socket.write(concat([handshake("PUSH"), frameBytes(0x00, filled(100, 0x61))]));
    const message = await within(pull.receive(), "message at the limit");
    expect(message[0]!.length).toBe(100);
    expect(client.isHungUp()).toBe(false);
  });
});
