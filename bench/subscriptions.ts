/**
 * Subscriptions (issue 18): what they cost to hold and to match.
 *
 * 1. Memory: 100,000 SUBSCRIBE commands of 255-byte topics, sent by a raw ZMTP 3.1 subscriber to a
 *    Publisher in a child process, zmtp's and zeromq.js's (libzmq 4.3.5); bytes per subscription by RSS
 *    and (zmtp) by JavaScript heap + ArrayBuffers. Random topics, then topics sharing a 200-byte prefix.
 * 2. Matching: ns per message for PipeSubscriptions (PUB side) and SubscriptionTrie (SUB side) against
 *    the trie they replaced (a Map node per byte, bench/subscriptions-baseline.ts), in common cases.
 *
 *   npm run bench:subscriptions                  # both
 *   npx tsx bench/subscriptions.ts memory        # or: match
 *   BENCH_SUBSCRIPTIONS=20000 npm run bench:subscriptions
 */
import { fork } from "node:child_process";
import { randomFillSync } from "node:crypto";
import { fileURLToPath } from "node:url";
import { Pipe } from "../src/pipe/pipe.js";
import { PipeSubscriptions } from "../src/routing/pipe-subscriptions.js";
import { SubscriptionTrie } from "../src/routing/subscription-trie.js";
import { RawSubscriber } from "../test/routing/raw-subscriber.js";
import { MapPipeSubscriptions, MapSubscriptionTrie } from "./subscriptions-baseline.js";
import type { ChildMessage, MemoryReport } from "./subscriptions-publisher.js";

const COUNT = Number(process.env.BENCH_SUBSCRIPTIONS ?? 100_000);
const TOPIC = 255;
const MARKER = "!sync";

/** `count` topics of `length` bytes: random, or random after a `shared`-byte prefix common to all. */
function* topics(count: number, length: number, shared: number): Generator<Uint8Array> {
  const block = Buffer.allocUnsafe(length * 1024);
  for (let i = 0; i < count; i++) {
    if (i % 1024 === 0) {
      randomFillSync(block);
      for (let j = 0; j < 1024; j++) block.fill(0x41, j * length, j * length + shared);
    }
    yield block.subarray((i % 1024) * length, ((i % 1024) + 1) * length);
  }
}

function nextMessage(child: ReturnType<typeof fork>): Promise<ChildMessage> {
  return new Promise((resolve) => child.once("message", (m) => { resolve(m as ChildMessage); }));
}

async function measureMemory(library: "zmtp" | "zeromq.js", shared: number): Promise<string> {
  const script = fileURLToPath(new URL("./subscriptions-publisher.ts", import.meta.url));
  const child = fork(script, [library, MARKER], { execArgv: ["--import", "tsx", "--expose-gc"] });
  try {
    const ready = await nextMessage(child);
    if (!("endpoint" in ready)) throw new Error("unexpected message from the child");
    const start = performance.now();
    const peer = await RawSubscriber.connect(ready.endpoint);
    // Publishing from the start: libzmq applies subscriptions only when the application calls into the
    // socket, and its I/O thread stops reading once 1,000 wait (the receive high-water mark).
    child.send("publish");
    await peer.send(topics(COUNT, TOPIC, shared));
    await peer.send([Buffer.from(MARKER)]);
    await peer.waitFor(MARKER, 600_000);
    const seconds = (performance.now() - start) / 1000;
    const done = nextMessage(child);
    child.send("stop");
    const report = await done;
    peer.close();
    if (!("after" in report)) throw new Error("unexpected message from the child");
    const per = (key: keyof MemoryReport): string => `${((report.after[key] - ready.before[key]) / COUNT).toFixed(0).padStart(6)} B`;
    const js = library === "zmtp" ? per("js") : "     (C++)";
    return `  ${library.padEnd(10)} RSS ${per("rss")}   JS heap+buffers ${js}   applied in ${seconds.toFixed(1)} s`;
  } finally {
    child.kill();
  }
}

async function memory(): Promise<void> {
  for (const [title, shared] of [["random", 0], ["sharing a 200-byte prefix", 200]] as const) {
    console.log(`Bytes per subscription, ${COUNT.toLocaleString("en")} SUBSCRIBEs of ${TOPIC}-byte topics, ${title}:`);
    for (const library of ["zmtp", "zeromq.js"] as const) console.log(await measureMemory(library, shared));
  }
}

/** Best of 3 of ns per call of `fn(i)`, each round ~200 ms. */
function time(fn: (i: number) => void): number {
  for (let i = 0; i < 20_000; i++) fn(i);
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    let calls = 0;
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < 200) {
      for (let i = 0; i < 10_000; i++) fn(calls + i);
      calls += 10_000;
      elapsed = performance.now() - start;
    }
    best = Math.min(best, (elapsed * 1e6) / calls);
  }
  return best;
}

interface MatchCase {
  name: string;
  /** [prefix, subscriber index] pairs. */
  subscriptions: [Uint8Array, number][];
  /** Messages' first frames, matched in turn. */
  messages: Uint8Array[];
}

const text = (s: string): Buffer => Buffer.from(s);

function matchCases(): MatchCase[] {
  const randomTopics = [...topics(10_000, 16, 0)].map((t) => Buffer.from(t));
  const longTopics = [...topics(1_000, 64, 0)].map((t) => Buffer.from(t));
  return [
    { name: "1 topic, message matches", subscriptions: [[text("NASDAQ:"), 0]], messages: [text("NASDAQ:AAPL 187.20")] },
    { name: "1 topic, message does not", subscriptions: [[text("NASDAQ:"), 0]], messages: [text("NYSE:IBM 151.02")] },
    { name: "everything (empty prefix)", subscriptions: [[text(""), 0]], messages: [text("weather 10001 21C")] },
    {
      name: "10 peers x 10 topics, hit",
      subscriptions: Array.from({ length: 100 }, (_, i): [Uint8Array, number] => [text(`sensor.${i % 10}.${Math.floor(i / 10)}`), i % 10]),
      messages: Array.from({ length: 100 }, (_, i) => text(`sensor.${i % 10}.${Math.floor(i / 10)} reading`)),
    },
    {
      name: "10,000 random 16-byte topics, hit",
      subscriptions: randomTopics.map((t): [Uint8Array, number] => [t, 0]),
      messages: randomTopics.slice(0, 1000).map((t) => Buffer.concat([t, text(" payload")])),
    },
    {
      name: "10,000 random 16-byte topics, miss",
      subscriptions: randomTopics.map((t): [Uint8Array, number] => [t, 0]),
      messages: [...topics(1000, 24, 0)].map((t) => Buffer.from(t)),
    },
    {
      name: "1,000 random 64-byte topics, hit",
      subscriptions: longTopics.map((t): [Uint8Array, number] => [t, 0]),
      messages: longTopics.map((t) => Buffer.concat([t, text("!")])),
    },
  ];
}

function match(): void {
  const pipes = Array.from({ length: 10 }, () => Pipe.forSocket(10, 10)[0]);
  let hits = 0;
  const mark = (): void => {
    hits++;
  };
  console.log(`\nMatching, ns per message (best of 3; baseline: a Map node per byte, as before issue 18):`);
  console.log(`  ${"".padEnd(38)}${"PUB now".padStart(9)}${"before".padStart(9)}${"SUB now".padStart(9)}${"before".padStart(9)}`);
  for (const c of matchCases()) {
    const pub = new PipeSubscriptions();
    const oldPub = new MapPipeSubscriptions<Pipe>();
    const sub = new SubscriptionTrie();
    const oldSub = new MapSubscriptionTrie();
    for (const [prefix, peer] of c.subscriptions) {
      pub.add(prefix, pipes[peer]!);
      oldPub.add(prefix, pipes[peer]!);
      sub.add(prefix);
      oldSub.add(prefix);
    }
    const { messages } = c;
    const n = messages.length;
    const figures = [
      time((i) => { pub.match(messages[i % n]!, mark); }),
      time((i) => { oldPub.match(messages[i % n]!, mark); }),
      time((i) => (sub.match(messages[i % n]!) ? hits++ : 0)),
      time((i) => (oldSub.match(messages[i % n]!) ? hits++ : 0)),
    ];
    console.log(`  ${c.name.padEnd(38)}${figures.map((f) => f.toFixed(1).padStart(9)).join("")}`);
  }
  if (hits < 0) console.log(hits);
}

const what = process.argv[2];
if (what === undefined || what === "memory") await memory();
if (what === undefined || what === "match") match();
