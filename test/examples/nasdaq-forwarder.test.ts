import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as zmq from "zeromq";
import { messageText } from "../helpers/text.js";
import { delay, waitUntil, within } from "../helpers/wait.js";

const root = path.resolve(import.meta.dirname, "..", "..");
const tsx = path.join(root, "node_modules", ".bin", "tsx");
const WAIT = 10_000;

interface Forwarder {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the example with its endpoints pointing at loopback publishers and an ipc feed. */
function startForwarder(env: Record<string, string>): Forwarder {
  const child = spawn(tsx, [path.join(root, "examples", "nasdaq-forwarder.ts")], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => {
      resolve({ code, signal });
    });
  });
  return { child, output: () => out, exited };
}

/** Waits (bounded) until the forwarder prints `pattern`; fails with its output if it exits or times out first. */
async function waitForOutput(forwarder: Forwarder, pattern: RegExp): Promise<void> {
  const printed = (): boolean => pattern.test(forwarder.output());
  await waitUntil(() => printed() || forwarder.child.exitCode !== null, String(pattern), WAIT).catch(() => undefined);
  if (!printed()) throw new Error(`forwarder did not print ${String(pattern)}; output so far:\n${forwarder.output()}`);
}

/** Two libzmq publishers on loopback ephemeral ports, an ipc path for the feed, and cleanup for all. */
async function setup(): Promise<{
  publishers: zmq.Publisher[];
  env: Record<string, string>;
  feed: string;
  cleanup: () => void;
}> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zmtp-nasdaq-"));
  const publishers = [new zmq.Publisher({ linger: 0 }), new zmq.Publisher({ linger: 0 })];
  for (const p of publishers) await p.bind("tcp://127.0.0.1:*");
  const feed = `ipc://${path.join(dir, "nasdaq-feed")}`;
  return {
    publishers,
    feed,
    env: {
      NASDAQ_PUBLISHER_1: publishers[0]!.lastEndpoint!,
      NASDAQ_PUBLISHER_2: publishers[1]!.lastEndpoint!,
      NASDAQ_FEED: feed,
    },
    cleanup: () => {
      for (const p of publishers) p.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function kill(forwarder: Forwarder | undefined): void {
  if (forwarder !== undefined && forwarder.child.exitCode === null && forwarder.child.signalCode === null) {
    forwarder.child.kill("SIGKILL");
  }
}

describe("examples/nasdaq-forwarder.ts", () => {
  const title = "republishes exactly the NASDAQ messages of both publishers, and stops cleanly on SIGTERM";
  it(title, { timeout: 60_000 }, async () => {
    const { publishers, env, feed, cleanup } = await setup();
    let forwarder: Forwarder | undefined;
    const feedSub = new zmq.Subscriber({ receiveTimeout: WAIT, linger: 0 });
    try {
      forwarder = startForwarder(env);
      await waitForOutput(forwarder, /forwarding NASDAQ from .* to ipc:\/\//);
      feedSub.subscribe();
      feedSub.connect(feed);

      // Warm-up: both publishers send until the feed is seen to carry NASDAQ traffic from each of them.
      const seen = new Set<string>();
      let warming = true;
      const watching = (async () => {
        while (seen.size < 2) {
          const m = messageText(await feedSub.receive());
          if (m.startsWith("NASDAQ:warm ")) seen.add(m.slice("NASDAQ:warm ".length));
        }
      })().finally(() => (warming = false));
      watching.catch(() => undefined);
      for (let i = 0; i < 500 && warming; i++) {
        for (const [n, p] of publishers.entries()) {
          await p.send(`NASDAQ:warm p${n}`);
          await p.send(`NYSE:warm p${n}`);
        }
        await delay(20);
      }
      await watching;

      // A known batch from each, NASDAQ and other topics mixed, then an end marker from each.
      const N = 100;
      for (let i = 0; i < N; i++) {
        for (const [n, p] of publishers.entries()) {
          await p.send(`NASDAQ:p${n} ${i}`);
          await p.send(`NYSE:p${n} ${i}`);
          await p.send(["NASDA", `p${n} ${i}`]);
          if (i % 10 === 0) await p.send([`NASDAQ:p${n} multi ${i}`, "price", "volume"]);
        }
      }
      for (const [n, p] of publishers.entries()) await p.send(`NASDAQ:p${n} end`);

      const got: string[][] = [[], []];
      while (!got.every((g) => g.at(-1) === "end")) {
        const m = messageText(await feedSub.receive());
        if (m.startsWith("NASDAQ:warm ")) continue;
        const match = /^NASDAQ:p(\d) (.*)$/s.exec(m);
        expect(match, `unexpected message on the feed: ${JSON.stringify(m)}`).not.toBeNull();
        got[Number(match![1])]!.push(match![2]!);
      }
      const expected: string[] = [];
      for (let i = 0; i < N; i++) {
        expected.push(String(i));
        if (i % 10 === 0) expected.push(`multi ${i}|price|volume`);
      }
      expected.push("end");
      expect(got[0]).toEqual(expected);
      expect(got[1]).toEqual(expected);

      forwarder.child.kill("SIGTERM");
      const { code } = await within(forwarder.exited, "exit after SIGTERM", WAIT);
      expect(code, forwarder.output()).toBe(0);
      expect(forwarder.output()).toMatch(/SIGTERM: stopping/);
      expect(forwarder.output()).toMatch(/forwarded \d+ messages/);
    } finally {
      kill(forwarder);
      feedSub.close();
      cleanup();
    }
  });

  it("stops by itself after MESSAGE_LIMIT messages", { timeout: 60_000 }, async () => {
    const { publishers, env, cleanup } = await setup();
    let forwarder: Forwarder | undefined;
    try {
      forwarder = startForwarder({ ...env, MESSAGE_LIMIT: "5" });
      await waitForOutput(forwarder, /forwarding NASDAQ/);
      let exited = false;
      forwarder.exited.then(() => (exited = true));
      for (let i = 0; i < 500 && !exited; i++) {
        for (const p of publishers) await p.send(`NASDAQ ${i}`);
        await delay(20);
      }
      const { code } = await within(forwarder.exited, "exit after MESSAGE_LIMIT", WAIT);
      expect(code, forwarder.output()).toBe(0);
      expect(forwarder.output()).toContain("forwarded 5 messages");
    } finally {
      kill(forwarder);
      cleanup();
    }
  });
});
