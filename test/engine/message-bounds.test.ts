/**
 * Every per-peer buffer has a bound (issue 18 item 1): a multipart message is bounded in frames and, with
 * maxMessageSize, in octets all frames together; a frame header declaring more than a Buffer can hold is
 * refused at once; handshake frames are bounded before the peer has authenticated. Each violation ends
 * only that connection, with EMSGSIZE; a good peer goes on. Peers are hand-written raw tcp peers.
 */
import { describe, expect, it } from "vitest";
import * as zmq from "zeromq";
import { Pull, type Event } from "../../src/index.js";
import { MAX_MESSAGE_FRAMES } from "../../src/engine/protocol/message-assembly.js";
import { HANDSHAKE_FRAME_LIMIT } from "../../src/engine/wire/stream-wire.js";
import { socketTracker } from "../helpers/socket-tracker.js";
import { within } from "../helpers/wait.js";
import { frameBytes, greetingBytes, messageBytes } from "../helpers/wire.js";
import { useRawPeers } from "../spec/raw-peer.js";

const track = socketTracker();
const raw = useRawPeers();

const MORE = 0x01;
const COMMAND = 0x04;

function next(pull: Pull, types: Event["type"][]): Promise<Event> {
  return new Promise((resolve) => {
    const listener = (event: Event): void => {
      for (const type of types) pull.events.off(type, listener);
      resolve(event);
    };
    for (const type of types) pull.events.on(type, listener);
  });
}

async function boundPull(options: { maxMessageSize?: number } = {}): Promise<Pull> {
  const pull = track(new Pull(options));
  await pull.bind("tcp://127.0.0.1:0");
  return pull;
}

/** A long frame header (flags LONG) declaring `size` octets. */
function longHeader(flags: number, size: bigint): Uint8Array {
  const header = Buffer.alloc(9);
  header[0] = flags | 0x02;
  header.writeBigUInt64BE(size, 1);
  return header;
}

describe("bounds on what one peer can make zmtp hold", () => {
  it(`endless empty MORE frames end the connection after ${MAX_MESSAGE_FRAMES} frames, even without maxMessageSize`, async () => {
    const pull = await boundPull();
    const peer = await raw.dial(pull.lastEndpoint!);
    const dropped = next(pull, ["disconnect"]);
    peer.handshake(1, "PUSH");
    const batch = Buffer.concat(Array.from({ length: 4096 }, () => frameBytes(MORE, [])));
    for (let sent = 0; sent <= MAX_MESSAGE_FRAMES; sent += 4096) peer.write(batch);
    expect((await within(dropped, "the disconnect", 5000)).type).toBe("disconnect");
    await peer.until((p) => p.closed, "the connection to close");
  });

  it("maxMessageSize bounds the whole multipart message, not only each frame", async () => {
    const pull = await boundPull({ maxMessageSize: 1000 });
    const good = await raw.dial(pull.lastEndpoint!);
    good.handshake(1, "PUSH");
    good.sendMessage(["a".repeat(400), "b".repeat(400)]);
    expect((await within(pull.receive(), "the 800-octet message")).map((f) => f.length)).toEqual([400, 400]);

    const bad = await raw.dial(pull.lastEndpoint!);
    const dropped = next(pull, ["disconnect"]);
    bad.handshake(1, "PUSH");
    bad.sendMessage(["a".repeat(400), "b".repeat(400), "c".repeat(400)]);
    await within(dropped, "the disconnect");
    await bad.until((p) => p.closed, "the oversized sender's connection to close");
    // The first peer goes on.
    good.sendMessage(["still", "here"]);
    expect((await within(pull.receive(), "the good peer's next message")).map(String)).toEqual(["still", "here"]);
  });

  it("a frame header declaring more than a Buffer can hold is refused at once, with no maxMessageSize", async () => {
    const pull = await boundPull();
    const peer = await raw.dial(pull.lastEndpoint!);
    const dropped = next(pull, ["disconnect"]);
    peer.handshake(1, "PUSH");
    peer.write(longHeader(0, 2n ** 40n));
    peer.write(Buffer.alloc(1024));
    await within(dropped, "the disconnect");
    await peer.until((p) => p.closed, "the connection to close");
  });

  it(`handshake frames above ${HANDSHAKE_FRAME_LIMIT} octets are refused before the peer is in, whatever maxMessageSize allows`, async () => {
    const pull = await boundPull();
    const peer = await raw.dial(pull.lastEndpoint!);
    const failed = next(pull, ["handshake:error:protocol", "handshake:error:other", "handshake"]);
    peer.write(greetingBytes({ minor: 1 }));
    peer.write(longHeader(COMMAND, BigInt(HANDSHAKE_FRAME_LIMIT + 1)));
    const event = await within(failed, "the handshake to fail");
    expect(event.type).toBe("handshake:error:other");
    expect((event as { error?: { code?: string } }).error?.code).toBe("EMSGSIZE");
    await peer.until((p) => p.closed, "the connection to close");
  });

  it("after the handshake, frames up to maxMessageSize pass again (a 1 MiB message from libzmq)", async () => {
    const pull = await boundPull({ maxMessageSize: 2 * 1024 * 1024 });
    const push = new zmq.Push({ linger: 0 });
    try {
      push.connect(pull.lastEndpoint!);
      await push.send([Buffer.alloc(1024 * 1024, 7), Buffer.alloc(100 * 1024, 8)]);
      expect((await within(pull.receive(), "the large message")).map((f) => f.length)).toEqual([1024 * 1024, 100 * 1024]);
    } finally {
      push.close();
    }
  });

  it("the multipart bound holds for a message sent in one write too (messageBytes)", async () => {
    const pull = await boundPull({ maxMessageSize: 10 });
    const peer = await raw.dial(pull.lastEndpoint!);
    const dropped = next(pull, ["disconnect"]);
    peer.handshake(1, "PUSH");
    peer.write(messageBytes(["123456", "789012"]));
    await within(dropped, "the disconnect");
  });
});
