/**
 * Fuzzing a whole connection through the public API: a peer that greets and handshakes properly (NULL,
 * as a PUSH or a SUB) and then sends any frames (data, commands, reserved flags, sizes up to 2^64 - 1)
 * over tcp to a zmtp PULL or PUB. Whatever it sends, nothing is thrown out of the library (vitest fails a
 * run on any uncaught error), the connection ends when the peer does, and the socket goes on serving a
 * well-behaved peer.
 */
import fc from "fast-check";
import net from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { Publisher, Pull, Push, Subscriber } from "../../src/index.js";
import { fuzzAsync } from "../helpers/fuzz-runs.js";
import { bindLoopback } from "../helpers/loopback.js";
import { within } from "../helpers/wait.js";
import { commandFrame, greetingBytes, readyFrame } from "../helpers/wire.js";
import { concatBytes, frameImageArbitrary } from "./fuzz-kit.js";
import { commandBodyArbitrary } from "./handshake-kit.js";

/** Frames after the handshake: images of any frames, commands (PING, SUBSCRIBE, …) among them. */
const trafficArbitrary = fc.array(
  fc.oneof(
    { weight: 2, arbitrary: frameImageArbitrary },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom("PING", "PONG", "SUBSCRIBE", "CANCEL", "ERROR", "READY"), fc.uint8Array({ maxLength: 40 })).map(([name, data]) => commandFrame(name, data)),
    },
    { weight: 1, arbitrary: commandBodyArbitrary.map((body) => concatBytes([Uint8Array.of(0x04, body.length), body])) },
  ),
  { maxLength: 6 },
);

/** Connects, handshakes as `type`, sends `traffic`, ends; resolves once the connection is closed. */
async function attack(endpoint: string, type: string, traffic: readonly Uint8Array[], split: number): Promise<void> {
  const url = new URL(endpoint);
  const socket = net.connect({ host: url.hostname, port: Number(url.port) });
  socket.on("error", () => undefined);
  // Read (and drop) what zmtp sends: a socket that is never read never sees the end of its input.
  socket.resume();
  const closed = new Promise<void>((resolve) => socket.once("close", () => { resolve(); }));
  const data = concatBytes([greetingBytes({ minor: 1 }), readyFrame([["Socket-Type", type]]), ...traffic]);
  const at = 64 + (split % Math.max(1, data.length - 64));
  socket.write(data.subarray(0, at));
  socket.end(data.subarray(at));
  await within(closed, "the connection to close once the peer ended it", 10_000);
}

const sockets: { close(): void }[] = [];
afterAll(() => {
  for (const s of sockets) s.close();
});

describe("a connection under random traffic after its handshake, fuzzed", () => {
  it("PULL: never throws, and still takes a well-behaved PUSH afterwards", async () => {
    const pull = new Pull({ maxMessageSize: 1 << 20, linger: 0, receiveTimeout: 5000 });
    sockets.push(pull);
    const endpoint = await bindLoopback(pull);
    await fuzzAsync(
      fc.asyncProperty(trafficArbitrary, fc.nat(), async (traffic, split) => {
        await attack(endpoint, "PUSH", traffic, split);
      }),
      0.02,
    );
    // Drain what the random peers delivered, then a real PUSH gets through.
    const push = new Push({ linger: 0 });
    sockets.push(push);
    push.connect(endpoint);
    await push.send("alive");
    for (let message = await pull.receive(); message[0]!.toString() !== "alive"; message = await pull.receive());
  }, 600_000);

  it("PUB: never throws, and still serves a well-behaved SUB afterwards", async () => {
    const pub = new Publisher({ maxMessageSize: 1 << 20, linger: 0, maxSubscriptionsPerPeer: 1000 });
    sockets.push(pub);
    const endpoint = await bindLoopback(pub);
    await fuzzAsync(
      fc.asyncProperty(trafficArbitrary, fc.nat(), async (traffic, split) => {
        await attack(endpoint, "SUB", traffic, split);
      }),
      0.02,
    );
    const sub = new Subscriber({ linger: 0, receiveTimeout: 5000 });
    sockets.push(sub);
    sub.connect(endpoint);
    sub.subscribe("alive");
    let received = false;
    const got = sub.receive().then((m) => (received = m[0]!.toString() === "alive"));
    while (!received) {
      await pub.send("alive");
      await Promise.race([got, new Promise((resolve) => setTimeout(resolve, 10))]);
    }
    expect(received).toBe(true);
  }, 600_000);
});
