/**
 * examples/msgqueue.ts, the guide's broker, run as a program: libzmq REQ clients and REP workers (zeromq.js)
 * talk through it; SIGINT terminates it cleanly.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as zmq from "zeromq";
import { waitUntil, within } from "../helpers/wait.js";

const root = path.resolve(import.meta.dirname, "..", "..");
const tsx = path.join(root, "node_modules", ".bin", "tsx");
const WAIT = 10_000;

describe("examples/msgqueue.ts", () => {
  it("brokers libzmq clients' requests to libzmq workers and back, and exits 0 on SIGINT", async () => {
    const child = spawn(tsx, [path.join(root, "examples", "msgqueue.ts"), "tcp://127.0.0.1:0", "tcp://127.0.0.1:0"], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => {
      child.once("exit", (code) => {
        resolve(code);
      });
    });
    const clients = [new zmq.Request({ linger: 0 }), new zmq.Request({ linger: 0 })];
    const workers = [new zmq.Reply({ linger: 0 }), new zmq.Reply({ linger: 0 })];
    try {
      await waitUntil(() => /workers: tcp:\S+:\d+/.test(out) || child.exitCode !== null, "the broker's endpoints", WAIT);
      const front = /clients: (tcp:\S+)/.exec(out)?.[1];
      const back = /workers: (tcp:\S+)/.exec(out)?.[1];
      expect([front, back], out).not.toContain(undefined);
      for (const w of workers) w.connect(back!);
      for (const c of clients) c.connect(front!);
      const serving = workers.map(async (w, i) => {
        for (;;) {
          let request: Buffer[];
          try {
            request = await w.receive();
          } catch {
            return; // closed
          }
          await w.send(`${String(request[0])} served by worker ${i}`);
        }
      });
      for (let round = 0; round < 5; round++) {
        await Promise.all(
          clients.map(async (c, i) => {
            await c.send(`client ${i} round ${round}`);
            const [reply] = await within(c.receive(), `reply to client ${i}`, WAIT);
            expect(String(reply)).toMatch(new RegExp(`^client ${i} round ${round} served by worker [01]$`));
          }),
        );
      }
      child.kill("SIGINT");
      expect(await within(exited, "the broker to exit", WAIT)).toBe(0);
      expect(out).toContain("terminated: 10 requests in, 10 replies back");
      for (const w of workers) w.close();
      await Promise.all(serving);
    } finally {
      child.kill("SIGKILL");
      for (const s of [...clients, ...workers]) if (!s.closed) s.close();
    }
  });
});
