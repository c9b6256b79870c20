/**
 * The guide's chapter 5 programs (examples/chapter5/), each run as its own process over ipc in a temporary
 * directory: espresso (with a libzmq subscriber joining its proxy), the last value cache between pathopub and
 * pathosub (and a libzmq subscriber), and the Clone models one and two, each side also against a libzmq
 * peer (zeromq.js) reading or writing the key-value frames.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as zmq from "zeromq";
import { countMatches, EXAMPLE_WAIT_MS, exampleRunner, tempDirs } from "../helpers/example-process.js";
import { delay } from "../helpers/wait.js";

const start = exampleRunner();
const tempDir = tempDirs();
const TIMEOUT = 60_000;

/** ipc endpoints for `names`, in one fresh temporary directory. */
function ipc<K extends string>(...names: K[]): Record<K, string> {
  const dir = tempDir();
  return Object.fromEntries(names.map((name) => [name, `ipc://${path.join(dir, name.toLowerCase())}`])) as Record<K, string>;
}

/** A key-value message's frames as kvsimple puts them on the wire: key, 8-byte sequence, body. */
function kvFrames(sequence: number, key: string, body: string): Buffer[] {
  const sequenceFrame = Buffer.alloc(8);
  sequenceFrame.writeBigInt64BE(BigInt(sequence));
  return [Buffer.from(key), sequenceFrame, Buffer.from(body)];
}

/** Checks a clone update's frames: a key 0-9999, an 8-byte sequence, a body 0-999999; returns the sequence. */
function checkUpdate(frames: Buffer[]): number {
  expect(frames).toHaveLength(3);
  const [key, sequence, body] = frames;
  expect(Number(String(key))).toBeLessThan(10000);
  expect(String(key)).toMatch(/^\d+$/);
  expect(String(body)).toMatch(/^\d{1,6}$/);
  expect(sequence).toHaveLength(8);
  return Number(sequence!.readBigInt64BE());
}

describe("examples/chapter5", () => {
  it("espresso's listener prints what its proxy forwards, also for a libzmq subscriber", { timeout: TIMEOUT }, async () => {
    const endpoints = ipc("PUBLISHER_ENDPOINT", "PROXY_ENDPOINT");
    const espresso = start("chapter5/espresso.ts", { env: { ...endpoints, INTERVAL_MS: "20" } });
    // The subscriber takes five messages and leaves: its two unsubscriptions come through.
    await espresso.waitFor(/^\[002\] 004[12]$/gm, 2);

    const libzmq = new zmq.Subscriber({ linger: 0, receiveTimeout: EXAMPLE_WAIT_MS });
    try {
      libzmq.connect(endpoints.PROXY_ENDPOINT);
      libzmq.subscribe("C");
      expect(String((await libzmq.receive())[0])).toMatch(/^C-\d{5}$/);
    } finally {
      libzmq.close();
    }
    await espresso.waitFor("[002] 0043\n");
    expect((await espresso.interrupt()).code, espresso.output).toBe(0);

    // Subscriptions and unsubscriptions, in order; a message the publisher sent before an unsubscription
    // reached it may still pass (and be printed) after it.
    const lines = espresso.output.trimEnd().split("\n");
    expect(lines.pop()).toBe(" interrupted");
    const subscriptions = lines.filter((line) => line.startsWith("[002] "));
    expect(subscriptions.slice(0, 2)).toEqual(["[002] 0141", "[002] 0142"]);
    expect([...subscriptions.slice(2, 4)].sort()).toEqual(["[002] 0041", "[002] 0042"]);
    expect(subscriptions.slice(4)).toEqual(["[002] 0143", "[002] 0043"]);
    for (const line of lines.filter((line) => !line.startsWith("[002] "))) expect(line).toMatch(/^\[007\] [ABC]-\d{5}$/);
    const firstLeave = lines.findIndex((line) => line.startsWith("[002] 004"));
    expect(lines.slice(2, firstLeave).every((line) => /^\[007\] [AB]-/.test(line))).toBe(true);
    expect(firstLeave).toBeGreaterThanOrEqual(2 + 5); //  The subscriber's five messages came first
    expect(lines.slice(0, lines.indexOf("[002] 0143")).some((line) => line.includes(" C-"))).toBe(false);
    expect(lines.slice(lines.indexOf("[002] 0143")).some((line) => line.includes(" C-"))).toBe(true);
  });

  it("lvcache gives pathosub, and a libzmq subscriber, the last value of their topic at once", { timeout: TIMEOUT }, async () => {
    const endpoints = ipc("PUBLISHER_ENDPOINT", "PROXY_ENDPOINT");
    const cache = start("chapter5/lvcache.ts", { env: endpoints });
    const libzmq = new zmq.Subscriber({ linger: 0, receiveTimeout: EXAMPLE_WAIT_MS });
    try {
      libzmq.connect(endpoints.PROXY_ENDPOINT);
      libzmq.subscribe("999");
      // pathopub waits a second for subscribers (lvcache, here) before its thousand topics; 999 is the last.
      const publisher = start("chapter5/pathopub.ts", { args: [endpoints.PUBLISHER_ENDPOINT] });
      expect((await libzmq.receive()).map(String)).toEqual(["999", "Save Roger"]);
      libzmq.close();

      // A subscriber that comes now gets its topic's last value from the cache; pathopub sends it no more
      // for a long while (one random topic a second).
      const subscriber = start("chapter5/pathosub.ts", { args: [endpoints.PROXY_ENDPOINT] });
      await subscriber.waitFor("Save Roger\n");
      await cache.waitFor(/^Sending cached topic \d{3}$/gm, 2);
      for (const program of [subscriber, publisher, cache]) expect((await program.interrupt()).code, program.output).toBe(0);
      expect(subscriber.output).toMatch(/^Save Roger\n(Off with his head!\n)*$/);
      expect(cache.output).toMatch(/^Sending cached topic 999\n(Sending cached topic \d{3}\n)+$/);
      expect(publisher.output).toBe("");
    } finally {
      libzmq.close();
    }
  });

  it("clonesrv1 publishes numbered key-value updates, as a libzmq subscriber reads them", { timeout: TIMEOUT }, async () => {
    const { PUBLISHER_ENDPOINT } = ipc("PUBLISHER_ENDPOINT");
    const server = start("chapter5/clonesrv1.ts", { env: { PUBLISHER_ENDPOINT } });
    const libzmq = new zmq.Subscriber({ linger: 0, receiveTimeout: EXAMPLE_WAIT_MS });
    try {
      libzmq.subscribe();
      libzmq.connect(PUBLISHER_ENDPOINT);
      // The server runs flat out: a slow subscriber's queue overflows and drops updates, so the sequence
      // numbers increase, with gaps.
      let last = 0;
      for (let i = 0; i < 200; i++) {
        const sequence = checkUpdate(await libzmq.receive());
        expect(sequence).toBeGreaterThan(last);
        last = sequence;
      }
      expect((await server.interrupt()).code, server.output).toBe(0);
      const out = /^ Interrupted\n(\d+) messages out\n$/.exec(server.output);
      expect(out, server.output).not.toBeNull();
      expect(Number(out![1])).toBeGreaterThanOrEqual(last);
    } finally {
      libzmq.close();
    }
  });

  it("clonecli1 takes a libzmq publisher's key-value updates until interrupted", { timeout: TIMEOUT }, async () => {
    const { PUBLISHER_ENDPOINT } = ipc("PUBLISHER_ENDPOINT");
    const publisher = new zmq.XPublisher({ linger: 0, receiveTimeout: EXAMPLE_WAIT_MS });
    try {
      await publisher.bind(PUBLISHER_ENDPOINT);
      const client = start("chapter5/clonecli1.ts", { env: { PUBLISHER_ENDPOINT } });
      // Its subscription (to everything) shows it is connected, and listening (its signal handler is set).
      expect((await publisher.receive()).map((frame) => frame.toString("hex"))).toEqual(["01"]);
      const sent = 200;
      for (let sequence = 1; sequence <= sent; sequence++) {
        await publisher.send(kvFrames(sequence, String(sequence % 10000), "42"));
        if (sequence % 20 === 0) await delay(2); // let the client read as it goes
      }
      expect((await client.interrupt()).code, client.output).toBe(0);
      const received = /^ Interrupted\n(\d+) messages in\n$/.exec(client.output);
      expect(received, client.output).not.toBeNull();
      expect(Number(received![1])).toBeGreaterThan(0);
      expect(Number(received![1])).toBeLessThanOrEqual(sent);
    } finally {
      publisher.close();
    }
  });

  it("clonecli2 loads clonesrv2's snapshot, as a libzmq client can, then follows its updates", { timeout: TIMEOUT }, async () => {
    const endpoints = ipc("SNAPSHOT_ENDPOINT", "PUBLISHER_ENDPOINT");
    const server = start("chapter5/clonesrv2.ts", { env: endpoints });
    const client = start("chapter5/clonecli2.ts", { env: endpoints });
    await client.waitFor(/^Received snapshot=\d+$/m);
    const snapshotAt = /^Received snapshot=(\d+)$/m.exec(client.output)![1];
    await server.waitFor(`Sending state snapshot=${snapshotAt}\n`);

    // A libzmq DEALER asks too: each key-value pair once, then KTHXBAI with the sequence number.
    const libzmq = new zmq.Dealer({ linger: 0, receiveTimeout: EXAMPLE_WAIT_MS });
    try {
      libzmq.connect(endpoints.SNAPSHOT_ENDPOINT);
      await libzmq.send("ICANHAZ?");
      const keys = new Set<string>();
      let highest = 0;
      for (;;) {
        const frames = await libzmq.receive();
        if (String(frames[0]) === "KTHXBAI") {
          expect(String(frames[2])).toBe("");
          expect(Number(frames[1]!.readBigInt64BE())).toBeGreaterThanOrEqual(highest);
          break;
        }
        const sequence = checkUpdate(frames);
        expect(keys.has(String(frames[0]))).toBe(false);
        keys.add(String(frames[0]));
        highest = Math.max(highest, sequence);
      }
      expect(keys.size).toBeGreaterThan(0);
    } finally {
      libzmq.close();
    }
    await server.waitFor(/^Sending state snapshot=\d+$/gm, 2);

    for (const program of [client, server]) expect((await program.interrupt()).code, program.output).toBe(0);
    expect(client.output).toBe(`Received snapshot=${snapshotAt}\n`);
    expect(countMatches(server.output, /^Sending state snapshot=\d+$/gm)).toBe(2);
    expect(server.output).toMatch(/^(Sending state snapshot=\d+\n){2} Interrupted\n\d+ messages out\n$/);
  });
});
