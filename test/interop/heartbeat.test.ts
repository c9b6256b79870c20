/**
 * Heartbeats against libzmq 4.3.5 (zeromq.js v6), each side binding in turn (zmtp issue 15 item 3):
 * - libzmq with heartbeats keeps its connection to an idle zmtp socket (only zmtp's PONGs can keep it);
 * - zmtp with heartbeats keeps its connection to libzmq (libzmq's PONGs);
 * - libzmq drops a zmtp end that stopped reading: the zmtp socket runs in a child process, frozen with
 *   SIGSTOP;
 * - libzmq honours the TTL in zmtp's PINGs: with no heartbeats of its own it drops the frozen zmtp end;
 * - heartbeat timers keep no process alive.
 * The raw wire (PING bytes, ZMTP 3.0 peers, zmtp honouring a peer's TTL) is in test/engine/heartbeat-wire.
 */
import { afterEach, describe, expect, it } from "vitest";
import * as zmq from "zeromq";
import { Pair } from "../../src/index.js";
import { delay, waitUntil } from "../helpers/wait.js";
import { runProgram, type Program } from "../lifetime/child.js";
import { nextEvent, WAIT_MS } from "./helpers.js";

type Binder = "zmtp" | "libzmq";
const BINDERS: readonly Binder[] = ["zmtp", "libzmq"];

const open: { close(): void }[] = [];
afterEach(() => {
  for (const socket of open.splice(0)) socket.close();
});

function zmqPair(options: object): zmq.Pair {
  const pair = new zmq.Pair({ linger: 0, ...options });
  open.push(pair);
  return pair;
}

function zmtpPair(options: object): Pair {
  const pair = new Pair({ linger: 0, ...options });
  open.push(pair);
  return pair;
}

/** Records when each event of `types` came (performance.now()), from a zeromq.js or a zmtp socket. */
function record(events: { on(type: "handshake" | "disconnect", listener: () => void): unknown }): { handshake: number[]; disconnect: number[] } {
  const seen = { handshake: [] as number[], disconnect: [] as number[] };
  events.on("handshake", () => seen.handshake.push(performance.now()));
  events.on("disconnect", () => seen.disconnect.push(performance.now()));
  return seen;
}

/** Binds `binder`'s socket on an ephemeral loopback port and connects the other to it. */
async function link(binder: Binder, zmtpSocket: Pair, zmqSocket: zmq.Pair): Promise<void> {
  if (binder === "zmtp") {
    await zmtpSocket.bind("tcp://127.0.0.1:0");
    zmqSocket.connect(zmtpSocket.lastEndpoint!);
  } else {
    await zmqSocket.bind("tcp://127.0.0.1:*");
    zmtpSocket.connect(zmqSocket.lastEndpoint!);
  }
}

/** One message each way: the connection still carries traffic. */
async function exchange(zmtpSocket: Pair, zmqSocket: zmq.Pair): Promise<void> {
  zmtpSocket.receiveTimeout = WAIT_MS;
  zmqSocket.receiveTimeout = WAIT_MS;
  await zmtpSocket.send("from zmtp");
  expect(String((await zmqSocket.receive())[0])).toBe("from zmtp");
  await zmqSocket.send("from libzmq");
  expect(String((await zmtpSocket.receive())[0])).toBe("from libzmq");
}

describe.each(BINDERS)("heartbeats with libzmq, %s binding", (binder) => {
  // Silence would end either connection 50 + 700 ms after its handshake; both are watched for twice that.
  const interval = 50;
  const timeout = 700;
  const watch = 1600;

  it("libzmq with heartbeats keeps its connection to an idle zmtp socket: zmtp answers every PING", async () => {
    const ours = zmtpPair({});
    const theirs = zmqPair({ heartbeatInterval: interval, heartbeatTimeout: timeout });
    const theirEvents = record(theirs.events);
    const ourEvents = record(ours.events);
    await link(binder, ours, theirs);
    await waitUntil(() => theirEvents.handshake.length > 0 && ourEvents.handshake.length > 0, "both handshakes", WAIT_MS);
    await delay(watch);
    expect(theirEvents.disconnect).toEqual([]);
    expect(ourEvents.disconnect).toEqual([]);
    await exchange(ours, theirs);
  });

  it("zmtp with heartbeats keeps its connection to libzmq: libzmq answers every PING", async () => {
    const ours = zmtpPair({ heartbeatInterval: interval, heartbeatTimeout: timeout, heartbeatTimeToLive: 1000 });
    const theirs = zmqPair({});
    const theirEvents = record(theirs.events);
    const ourEvents = record(ours.events);
    await link(binder, ours, theirs);
    await waitUntil(() => theirEvents.handshake.length > 0 && ourEvents.handshake.length > 0, "both handshakes", WAIT_MS);
    await delay(watch);
    expect(ourEvents.disconnect).toEqual([]);
    expect(theirEvents.disconnect).toEqual([]);
    await exchange(ours, theirs);
  });
});

/** Starts the zmtp end in a child process, linked to `theirs` with `binder` binding; resolves after both handshakes. */
async function childPeer(binder: Binder, theirs: zmq.Pair, options: object, mode: "hold" | "leave" = "hold"): Promise<Program> {
  const theirEvents = record(theirs.events);
  let program: Program;
  if (binder === "zmtp") {
    program = runProgram("heartbeat-peer.ts", "bind", mode, JSON.stringify(options));
    const [, endpoint] = await program.line(/^bound (\S+)$/);
    theirs.connect(endpoint!);
  } else {
    await theirs.bind("tcp://127.0.0.1:*");
    program = runProgram("heartbeat-peer.ts", theirs.lastEndpoint!, mode, JSON.stringify(options));
  }
  await program.line(/^handshake$/);
  await waitUntil(() => theirEvents.handshake.length > 0, "libzmq's handshake", WAIT_MS);
  return program;
}

/** Freezes the child (it reads and writes nothing from now on); thawed in cleanup so that it can be killed cleanly. */
function freeze(program: Program): number {
  program.child.kill("SIGSTOP");
  afterEachThaw.push(program);
  return performance.now();
}

const afterEachThaw: Program[] = [];
afterEach(() => {
  for (const program of afterEachThaw.splice(0)) if (program.running) program.child.kill("SIGCONT");
});

describe.each(BINDERS)("libzmq drops a zmtp end that stopped reading (child process, SIGSTOP), %s binding", (binder) => {
  it("with its own heartbeats: no PONG within heartbeatTimeout after its PING", { timeout: 30_000 }, async () => {
    const timeout = 500;
    const theirs = zmqPair({ heartbeatInterval: 50, heartbeatTimeout: timeout });
    const program = await childPeer(binder, theirs, {});
    // While the child runs it answers, and libzmq keeps it.
    const disconnected = nextEvent(theirs, ["disconnect"], WAIT_MS + 1000);
    const early = await Promise.race([disconnected.then(() => true), delay(2 * timeout).then(() => false)]);
    expect(early).toBe(false);
    const frozenAt = freeze(program);
    await disconnected;
    // libzmq's last PING went out at most one interval before the freeze.
    expect(performance.now() - frozenAt).toBeGreaterThanOrEqual(timeout - 50 - 20);
  });

  it("with no heartbeats of its own, by the TTL in zmtp's PINGs", { timeout: 30_000 }, async () => {
    const ttl = 700;
    const theirs = zmqPair({});
    const program = await childPeer(binder, theirs, { heartbeatInterval: 50, heartbeatTimeToLive: ttl });
    // The child's PINGs (every 50 ms) keep restarting libzmq's TTL timer.
    const disconnected = nextEvent(theirs, ["disconnect"], WAIT_MS + 1000);
    const early = await Promise.race([disconnected.then(() => true), delay(2 * ttl).then(() => false)]);
    expect(early).toBe(false);
    const frozenAt = freeze(program);
    await disconnected;
    // libzmq started its TTL timer at the child's last PING, at most one interval before the freeze.
    expect(performance.now() - frozenAt).toBeGreaterThanOrEqual(ttl - 50 - 20);
  });
});

describe("heartbeat timers keep no process alive", () => {
  it("a zmtp socket pinging and pinged by libzmq, left open, lets its process exit", { timeout: 30_000 }, async () => {
    const theirs = zmqPair({ heartbeatInterval: 20, heartbeatTimeToLive: 1000 });
    const program = await childPeer("libzmq", theirs, { heartbeatInterval: 20, heartbeatTimeout: 1000, heartbeatTimeToLive: 1000 }, "leave");
    expect(await program.exit()).toEqual({ code: 0, signal: null });
  });
});
