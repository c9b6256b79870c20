/**
 * The subscription flood of issue 18: one peer sends 100,000 SUBSCRIBE commands of random 255-byte topics
 * to a Publisher. With a trie node per byte that cost ~55 KB a subscription (1.5 GB after 25,000, then a
 * heap-limit abort); libzmq 4.3.5 takes 12.7 KB. The bound asserted here is loose on purpose (the compact
 * trie measures about 0.5 KB): it is about memory, not time, and fails only on a regression of kind.
 */
import { randomFillSync } from "node:crypto";
import v8 from "node:v8";
import vm from "node:vm";
import { afterEach, describe, expect, it } from "vitest";
import { Publisher } from "../../src/index.js";
import { bindLoopback } from "../helpers/loopback.js";
import { RawSubscriber } from "./raw-subscriber.js";

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

/** Heap and array-buffer bytes in use after a full collection (the trie's labels live in an ArrayBuffer). */
function bytesInUse(): number {
  gc();
  gc();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

function* randomTopics(count: number, length: number, marker: string): Generator<Uint8Array> {
  const block = Buffer.allocUnsafe(length * 1024);
  for (let i = 0; i < count; i++) {
    if (i % 1024 === 0) randomFillSync(block);
    const topic = block.subarray((i % 1024) * length, ((i % 1024) + 1) * length);
    // Never starting like the marker, so that no random topic matches it.
    if (topic[0] === marker.charCodeAt(0)) topic[0] ^= 0x80;
    yield topic;
  }
}

/** Publishes `text` until the raw subscriber has it: then every command it sent before has been applied. */
async function publishUntilReceived(pub: Publisher, peer: RawSubscriber, text: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!peer.has(text)) {
    if (Date.now() > deadline) throw new Error(`"${text}" never reached the subscriber`);
    await pub.send(text);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const open: { close(): unknown }[] = [];
afterEach(() => {
  for (const item of open.splice(0)) item.close();
});

describe("a Publisher under a subscription flood (issue 18)", () => {
  it("holds 100,000 random 255-byte subscriptions from one peer in well under libzmq's 12.7 KB each", async () => {
    const pub = new Publisher({ linger: 0 });
    open.push(pub);
    const endpoint = await bindLoopback(pub);
    const before = bytesInUse();
    const peer = await RawSubscriber.connect(endpoint);
    open.push(peer);
    const count = 100_000;
    await peer.send(randomTopics(count, 255, "!"));
    await peer.send([Buffer.from("!sync")]);
    await publishUntilReceived(pub, peer, "!sync");
    const perSubscription = (bytesInUse() - before) / count;
    expect(perSubscription).toBeLessThan(2048);
  }, 120_000);

  it("with maxSubscriptionsPerPeer, holds no more than the cap whatever the peer sends", async () => {
    const pub = new Publisher({ linger: 0, maxSubscriptionsPerPeer: 100 });
    open.push(pub);
    const endpoint = await bindLoopback(pub);
    const before = bytesInUse();
    const peer = await RawSubscriber.connect(endpoint);
    open.push(peer);
    await peer.send([Buffer.from("!sync")]);
    await peer.send(randomTopics(100_000, 255, "!"));
    await peer.send([Buffer.from("!sync")], true);
    await peer.send([Buffer.from("!again")]);
    // Only once the CANCEL made room is "!again" admitted: every SUBSCRIBE before it has been handled.
    await publishUntilReceived(pub, peer, "!again");
    expect(bytesInUse() - before).toBeLessThan(4 << 20);
  }, 120_000);
});
