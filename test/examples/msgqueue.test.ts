/**
 * examples/chapter2/msgqueue.ts, the guide's broker, run as a program: libzmq REQ clients and REP workers
 * (zeromq.js) talk through it; SIGINT terminates it cleanly.
 */
import { describe, expect, it } from "vitest";
import * as zmq from "zeromq";
import { EXAMPLE_WAIT_MS, exampleRunner } from "../helpers/example-process.js";
import { within } from "../helpers/wait.js";

const start = exampleRunner();

describe("examples/chapter2/msgqueue.ts", () => {
  it("brokers libzmq clients' requests to libzmq workers and back, and exits 0 on SIGINT", async () => {
    const broker = start("chapter2/msgqueue.ts", {
      env: { FRONTEND_ENDPOINT: "tcp://127.0.0.1:0", BACKEND_ENDPOINT: "tcp://127.0.0.1:0" },
    });
    const clients = [new zmq.Request({ linger: 0 }), new zmq.Request({ linger: 0 })];
    const workers = [new zmq.Reply({ linger: 0 }), new zmq.Reply({ linger: 0 })];
    try {
      await broker.waitFor(/workers: tcp:\S+:\d+/);
      const front = /clients: (tcp:\S+)/.exec(broker.output)?.[1];
      const back = /workers: (tcp:\S+)/.exec(broker.output)?.[1];
      expect([front, back], broker.output).not.toContain(undefined);
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
            const [reply] = await within(c.receive(), `reply to client ${i}`, EXAMPLE_WAIT_MS);
            expect(String(reply)).toMatch(new RegExp(`^client ${i} round ${round} served by worker [01]$`));
          }),
        );
      }
      expect((await broker.interrupt("SIGINT")).code, broker.output).toBe(0);
      expect(broker.output).toContain("terminated: 10 requests in, 10 replies back");
      for (const w of workers) w.close();
      await Promise.all(serving);
    } finally {
      for (const s of [...clients, ...workers]) if (!s.closed) s.close();
    }
  });
});
