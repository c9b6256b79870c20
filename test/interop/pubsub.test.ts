/**
 * PUB/SUB against libzmq 4.3 (the zeromq devDependency): PUB–SUB, XPUB–SUB, PUB–XSUB and XPUB–XSUB, with zmtp
 * on either end, each end binding in turn, over tcp and ipc. Subscriptions propagate asynchronously, so
 * each case first sends until a sync message arrives, then checks an exact batch ended by a marker.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import * as zmq from "zeromq";
import * as zmtp from "../../src/index.js";
import { collectUntil, describeSub, subMessage, untilFirst, type Receiver } from "../sockets/pubsub-helpers.js";
import { messageText } from "../helpers/text.js";
import { delay } from "../helpers/wait.js";
import { capturePipes } from "../helpers/capture-pipes.js";

type Impl = "zmtp" | "libzmq";
type PubKind = "PUB" | "XPUB";
type SubKind = "SUB" | "XSUB";
type Transport = "tcp" | "ipc";
type Frames = string | Buffer | (string | Buffer)[];

const WAIT = 5000;

/** One end of a PUB/SUB link, whichever implementation and type. */
interface End extends Receiver {
  readonly impl: Impl;
  readonly label: string;
  bind(endpoint: string): Promise<void>;
  connect(endpoint: string): void;
  readonly lastEndpoint: string;
  send(message: Frames): Promise<void>;
  /** SUB: subscribe(); XSUB: send `\x01topic`. */
  subscribe(topic: string): Promise<void>;
  unsubscribe(topic: string): Promise<void>;
  close(): Promise<void>;
}

interface AnySocket {
  bind(endpoint: string): Promise<void>;
  connect(endpoint: string): void;
  readonly lastEndpoint: string | null;
  linger: number;
  readonly closed: boolean;
}

const open: End[] = [];
afterEach(async () => {
  const ends = open.splice(0);
  for (const end of ends) if (end.impl === "libzmq") await end.close();
  await Promise.all(ends.filter((e) => e.impl === "zmtp").map((e) => e.close()));
});

let ipcDir: string | undefined;
let ipcCounter = 0;
afterAll(() => {
  if (ipcDir !== undefined) fs.rmSync(ipcDir, { recursive: true, force: true });
});

function bindAddress(transport: Transport, impl: Impl): string {
  if (transport === "ipc") {
    ipcDir ??= fs.mkdtempSync(path.join(os.tmpdir(), "zmtp-pubsub-"));
    return `ipc://${path.join(ipcDir, `${process.pid}-${++ipcCounter}.sock`)}`;
  }
  return impl === "zmtp" ? "tcp://127.0.0.1:0" : "tcp://127.0.0.1:*";
}

function makeEnd(impl: Impl, kind: PubKind | SubKind, options: Record<string, unknown> = {}): End {
  const receives = kind !== "PUB";
  const base: Record<string, unknown> = receives ? { receiveTimeout: WAIT, ...options } : { ...options };
  let sock: AnySocket;
  let send: (m: Frames) => Promise<void>;
  let receive: () => Promise<Buffer[]>;
  let subscribe: (topic: string) => Promise<void>;
  let unsubscribe: (topic: string) => Promise<void>;
  let close: () => Promise<void>;
  const notSupported = (): Promise<never> => Promise.reject(new Error(`${impl} ${kind} does not do that`));
  if (impl === "zmtp") {
    const s =
      kind === "PUB"
        ? new zmtp.Publisher(base)
        : kind === "XPUB"
          ? new zmtp.XPublisher(base)
          : kind === "SUB"
            ? new zmtp.Subscriber(base)
            : new zmtp.XSubscriber(base);
    sock = s;
    send = (m) => (s as unknown as zmtp.Writable).send(m);
    receive = () => (s as unknown as zmtp.Readable).receive();
    close = async () => {
      if (s.closed) return;
      s.linger = 0;
      await s.closeAndWait();
    };
    if (s instanceof zmtp.Subscriber) {
      subscribe = async (t) => {
        s.subscribe(t);
      };
      unsubscribe = async (t) => {
        s.unsubscribe(t);
      };
    } else {
      subscribe = (t) => s.send(subMessage(true, t));
      unsubscribe = (t) => s.send(subMessage(false, t));
    }
  } else {
    const s =
      kind === "PUB"
        ? new zmq.Publisher(base)
        : kind === "XPUB"
          ? new zmq.XPublisher(base)
          : kind === "SUB"
            ? new zmq.Subscriber(base)
            : new zmq.XSubscriber(base);
    sock = s;
    send = s instanceof zmq.Subscriber ? notSupported : (m) => s.send(m);
    receive = s instanceof zmq.Publisher ? notSupported : () => s.receive();
    close = async () => {
      if (s.closed) return;
      s.linger = 0;
      s.close();
    };
    if (s instanceof zmq.Subscriber) {
      subscribe = async (t) => {
        s.subscribe(t);
      };
      unsubscribe = async (t) => {
        s.unsubscribe(t);
      };
    } else if (s instanceof zmq.XSubscriber) {
      subscribe = (t) => s.send(subMessage(true, t));
      unsubscribe = (t) => s.send(subMessage(false, t));
    } else {
      subscribe = notSupported;
      unsubscribe = notSupported;
    }
  }
  const end: End = {
    impl,
    label: `${impl} ${kind}`,
    bind: (e) => sock.bind(e),
    connect: (e) => {
      sock.connect(e);
    },
    get lastEndpoint() {
      return sock.lastEndpoint ?? "";
    },
    send,
    receive,
    subscribe,
    unsubscribe,
    close,
  };
  open.push(end);
  return end;
}

async function link(binder: End, connecter: End, transport: Transport): Promise<void> {
  await binder.bind(bindAddress(transport, binder.impl));
  const endpoint = binder.lastEndpoint;
  expect(endpoint).toMatch(transport === "tcp" ? /^tcp:\/\/127\.0\.0\.1:[1-9]\d*$/ : /^ipc:\/\//);
  connecter.connect(endpoint);
}

/** Sends `[topic + "sync"]` until the subscriber receives one. */
async function sync(publisher: End, subscriber: End, topic: string): Promise<void> {
  await untilFirst(
    subscriber,
    () => publisher.send(`${topic}sync`),
    (m) => messageText(m) === `${topic}sync`,
  );
}

interface Case {
  pub: PubKind;
  sub: SubKind;
  zmtpEnd: "pub" | "sub";
  binder: "pub" | "sub";
  transport: Transport;
}

function cases(): Case[] {
  const out: Case[] = [];
  for (const transport of ["tcp", "ipc"] as const) {
    for (const pub of ["PUB", "XPUB"] as const) {
      for (const sub of ["SUB", "XSUB"] as const) {
        for (const zmtpEnd of ["pub", "sub"] as const) {
          for (const binder of ["pub", "sub"] as const) out.push({ pub, sub, zmtpEnd, binder, transport });
        }
      }
    }
  }
  return out;
}

function caseName(c: Case): string {
  const end = (side: "pub" | "sub"): string => {
    const impl = c.zmtpEnd === side ? "zmtp" : "libzmq";
    const role = c.binder === side ? "bind" : "connect";
    return `${impl} ${side === "pub" ? c.pub : c.sub} (${role})`;
  };
  return `${end("pub")} -> ${end("sub")} over ${c.transport}`;
}

/*
 * libzmq 4.3 quirk (shared/conformance.md): a libzmq SUB/XSUB that binds forwards its subscriptions to an
 * XPUB/PUB that connects to it only once the application calls into the SUB (libzmq attaches the accepted
 * pipe, and replays the subscriptions, when the socket processes its commands: on a receive, not before).
 * A SUB nobody reads never subscribes. These cases work because the subscriber is always being read
 * (`sync` keeps a receive pending while the publisher sends); nothing here relies on a SUB left alone.
 */

describe("PUB/SUB interop with libzmq", () => {
  describe.each(cases().map((c) => [caseName(c), c] as const))("%s", (_name, c) => {
    it("filters by prefix, delivers multipart whole, and honours unsubscribe", async () => {
      const publisher = makeEnd(c.zmtpEnd === "pub" ? "zmtp" : "libzmq", c.pub);
      const subscriber = makeEnd(c.zmtpEnd === "sub" ? "zmtp" : "libzmq", c.sub);
      await subscriber.subscribe("A");
      await subscriber.subscribe("C");
      if (c.binder === "pub") await link(publisher, subscriber, c.transport);
      else await link(subscriber, publisher, c.transport);
      await sync(publisher, subscriber, "A");
      await sync(publisher, subscriber, "C");
      for (const m of ["A1", "B1", ["A2", "x"], "C1", "", "a3", ["B", "A"]]) await publisher.send(m);
      await publisher.send("Aend");
      expect(await collectUntil(subscriber, "Aend")).toEqual(["A1", "A2|x", "C1", "Aend"]);

      if (c.pub === "XPUB") {
        // The XPUB application saw each subscription once.
        const subs = [describeSub(await publisher.receive()), describeSub(await publisher.receive())].sort();
        expect(subs).toEqual(["+A", "+C"]);
      }
      if (c.pub === "XPUB" && c.sub === "XSUB") {
        await subscriber.send(["up", "stream"]);
        expect(messageText(await publisher.receive())).toBe("up|stream");
      }

      await subscriber.unsubscribe("A");
      if (c.pub === "XPUB") {
        expect(describeSub(await publisher.receive())).toBe("-A");
      }
      if (c.sub === "XSUB") {
        // XSUB does not filter: once the cancel is in force at the publisher, no "A" comes before the fence.
        let clean = false;
        for (let i = 0; i < 250 && !clean; i++) {
          await publisher.send("Aprobe");
          await publisher.send(`Cfence${i}`);
          clean = (await collectUntil(subscriber, `Cfence${i}`)).length === 1;
          if (!clean) await delay(10);
        }
        expect(clean).toBe(true);
      }
      await publisher.send("A-after");
      await publisher.send("Cend");
      expect(await collectUntil(subscriber, "Cend")).toEqual(["Cend"]);
    });
  });
});

describe("many subscribers against libzmq", () => {
  const TOPICS = 500;
  const topic = (t: number): string => `topic-${String(t).padStart(3, "0")}:`;

  async function fanOut(pubImpl: Impl, subImpl: Impl): Promise<void> {
    const publisher = makeEnd(pubImpl, "PUB");
    await publisher.bind(bindAddress("tcp", pubImpl));
    const subs = Array.from({ length: 20 }, (_, i) => {
      const s = makeEnd(subImpl, "SUB");
      const mine = Array.from({ length: 50 }, (_, j) => (i * 25 + j * 7) % TOPICS);
      return { s, mine: new Set(mine), i };
    });
    for (const { s, mine, i } of subs) {
      for (const t of mine) await s.subscribe(topic(t));
      await s.subscribe(`sync-${i}`);
      await s.subscribe("end");
      s.connect(publisher.lastEndpoint);
    }
    const synced = new Set<number>();
    const syncing = Promise.all(
      subs.map(async ({ s, i }) => {
        while (messageText(await s.receive()) !== `sync-${i}`);
        synced.add(i);
      }),
    );
    for (let attempt = 0; attempt < 250 && synced.size < subs.length; attempt++) {
      for (const { i } of subs) if (!synced.has(i)) await publisher.send(`sync-${i}`);
      await delay(20);
    }
    await syncing;
    for (let t = 0; t < TOPICS; t++) await publisher.send([topic(t), `body ${t}`]);
    await publisher.send("end");
    for (const { s, mine } of subs) {
      const got = await collectUntil(s, "end", (m) => m.startsWith("sync-"));
      const expected = [...Array(TOPICS).keys()].filter((t) => mine.has(t)).map((t) => `${topic(t)}|body ${t}`);
      expect(got).toEqual([...expected, "end"]);
    }
  }

  it("zmtp PUB, 20 libzmq SUBs × 50 topics: each receives exactly its topics", { timeout: 30_000 }, async () => {
    await fanOut("zmtp", "libzmq");
  });

  it("libzmq PUB, 20 zmtp SUBs × 50 topics: each receives exactly its topics", { timeout: 30_000 }, async () => {
    await fanOut("libzmq", "zmtp");
  });
});

describe("a libzmq subscriber that never reads", () => {
  describe.each(["tcp", "ipc"] as const)("over %s", (transport) => {
    it("a zmtp PUB never blocks and its queue for that subscriber stays within the mark", async () => {
      const hwm = 10;
      const publisher = new zmtp.Publisher({ sendHighWaterMark: hwm, sendTimeout: 0, linger: 0 });
      const pipes = capturePipes(publisher);
      const subscriber = new zmq.Subscriber({ receiveTimeout: WAIT, receiveHighWaterMark: hwm, linger: 0 });
      try {
        await publisher.bind(bindAddress(transport, "zmtp"));
        subscriber.subscribe("");
        subscriber.connect(publisher.lastEndpoint!);
        await untilFirst(subscriber, () => publisher.send("sync"));
        // From here on nobody reads the libzmq SUB: its queue, then the kernel's buffers, fill up.
        const payload = Buffer.alloc(1024, 0x70);
        let max = 0;
        for (let i = 0; i < 50_000; i++) {
          await publisher.send(payload); // sendTimeout 0: a PUB that blocked would throw EAGAIN here
          max = Math.max(max, pipes[0]!.writtenSize);
          if (i % 500 === 0) await new Promise(setImmediate);
        }
        expect(pipes).toHaveLength(1);
        expect(max).toBeLessThanOrEqual(hwm);
        // The subscriber did push back (50 MB do not fit in its queue and the kernel's buffers): what did
        // not fit was dropped at the mark, not queued.
        expect(max).toBe(hwm);
        expect(publisher.writable).toBe(true);
      } finally {
        subscriber.close();
        await publisher.closeAndWait();
      }
    });
  });
});
