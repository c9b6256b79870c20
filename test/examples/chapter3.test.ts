/**
 * The guide's chapter 3 programs (examples/chapter3/), each run as its own process. Most are whole
 * simulations in one program (clients, brokers and workers as async tasks), run short through their knobs;
 * peering1 runs as two brokers, with a libzmq subscriber listening to one of them.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as zmq from "zeromq";
import { EXAMPLE_WAIT_MS, exampleRunner, tempDirs } from "../helpers/example-process.js";

const start = exampleRunner();
const tempDir = tempDirs();
const TIMEOUT = 60_000;

/** The output's lines, sorted, with how many times each occurs. */
function lineCounts(output: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const line of output.trimEnd().split("\n")) counts[line] = (counts[line] ?? 0) + 1;
  return counts;
}

describe("examples/chapter3", () => {
  it("identity shows a generated 5-byte routing id, then the REQ's own", { timeout: TIMEOUT }, async () => {
    const identity = start("chapter3/identity.ts");
    expect((await identity.finished()).code, identity.output).toBe(0);
    const lines = identity.output.trimEnd().split("\n");
    expect(lines).toHaveLength(8);
    expect(lines[0]).toBe("-".repeat(40));
    // libzmq's generated id: a zero byte, then a 32-bit counter (binary, so dumped as hex).
    expect(lines[1]).toMatch(/^\[005\] 00[0-9A-F]{8}$/);
    expect(lines.slice(2)).toEqual([
      "[000] ",
      "[039] ROUTER uses a generated 5 byte identity",
      "-".repeat(40),
      "[005] PEER2",
      "[000] ",
      "[040] ROUTER socket uses REQ's socket identity",
    ]);
  });

  it.each(["rtreq", "rtdealer"])("%s keeps ten workers busy, then fires them all", { timeout: TIMEOUT }, async (name) => {
    const broker = start(`chapter3/${name}.ts`, {
      env: { BROKER_ENDPOINT: `ipc://${path.join(tempDir(), "broker")}`, RUN_MS: "500" },
    });
    expect((await broker.finished()).code, broker.output).toBe(0);
    const lines = broker.output.trimEnd().split("\n");
    expect(lines).toHaveLength(10);
    const totals = lines.map((line) => Number(/^Completed: (\d+) tasks$/.exec(line)?.[1] ?? NaN));
    for (const total of totals) expect(total, broker.output).toBeGreaterThanOrEqual(0);
    expect(totals.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });

  it.each(["lbbroker", "lbbroker2"])(
    "%s routes each of ten clients' requests to a worker and the reply back, over ipc in its directory",
    { timeout: TIMEOUT },
    async (name) => {
      const dir = tempDir();
      const broker = start(`chapter3/${name}.ts`, { cwd: dir });
      expect((await broker.finished()).code, broker.output).toBe(0);
      expect(lineCounts(broker.output)).toEqual({ "Client: OK": 10, "Worker: HELLO": 10 });
      // The guide's relative endpoints, ipc://frontend.ipc and ipc://backend.ipc, were made there and removed.
      expect(fs.readdirSync(dir)).toEqual([]);
    },
  );

  it("lbbroker3's reactor serves its ever-asking clients until SIGINT", { timeout: TIMEOUT }, async () => {
    const dir = tempDir();
    const broker = start("chapter3/lbbroker3.ts", { cwd: dir, env: { INTERVAL_MS: "20" } });
    // Each client asks again after each reply: more than ten replies means clients were served repeatedly.
    await broker.waitFor("Client: OK\n", 30);
    expect((await broker.interrupt()).code, broker.output).toBe(0);
    const counts = lineCounts(broker.output);
    expect(Object.keys(counts).sort()).toEqual(["Client: OK", "Worker: HELLO"]);
    // Every reply a client printed was a request a worker printed (a worker may have printed one more,
    // whose reply the interrupt cut short).
    expect(counts["Worker: HELLO"]! - counts["Client: OK"]!).toBeGreaterThanOrEqual(0);
    expect(counts["Worker: HELLO"]! - counts["Client: OK"]!).toBeLessThanOrEqual(10);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("asyncsrv's clients get their replies, in the background, until it stops", { timeout: TIMEOUT }, async () => {
    const server = start("chapter3/asyncsrv.ts", {
      env: { SERVER_ENDPOINT: `ipc://${path.join(tempDir(), "server")}`, RUN_MS: "3000" },
    });
    expect((await server.finished()).code, server.output).toBe(0);
    const lines = server.output.trimEnd().split("\n");
    expect(lines.length, server.output).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/^[0-9A-F]{4}-[0-9A-F]{4}\[0(09|10)\] request #\d+$/);
  });

  it("peering1 brokers announce their state to each other, as libzmq subscribers see it too", { timeout: TIMEOUT }, async () => {
    const dir = tempDir();
    const options = { cwd: dir, env: { INTERVAL_MS: "100" } };
    const dc1 = start("chapter3/peering1.ts", { ...options, args: ["DC1", "DC2"] });
    const dc2 = start("chapter3/peering1.ts", { ...options, args: ["DC2", "DC1"] });
    const watcher = new zmq.Subscriber({ linger: 0, receiveTimeout: EXAMPLE_WAIT_MS });
    try {
      watcher.subscribe();
      for (const name of ["DC1", "DC2"]) watcher.connect(`ipc://${path.join(dir, `${name}-state.ipc`)}`);
      const [name, free] = (await watcher.receive()).map(String);
      expect(name).toMatch(/^DC[12]$/);
      expect(free).toMatch(/^\d$/);

      // As in the guide, a broker sends its state only after a heartbeat with no news from its peers, so
      // one that keeps hearing from the other may stay silent: at least one of the two is heard.
      await Promise.any([dc1.waitFor(/^DC2 - \d workers free$/m), dc2.waitFor(/^DC1 - \d workers free$/m)]);
      expect((await dc1.interrupt()).code, dc1.output).toBe(0);
      expect((await dc2.interrupt()).code, dc2.output).toBe(0);
      expect(dc1.output).toMatch(/^I: preparing broker at DC1\.\.\.\nI: connecting to state backend at 'DC2'\n(DC2 - \d workers free\n)*$/);
      expect(dc2.output).toMatch(/^I: preparing broker at DC2\.\.\.\nI: connecting to state backend at 'DC1'\n(DC1 - \d workers free\n)*$/);
    } finally {
      watcher.close();
    }
  });

  it("peering2 brokers serve their clients locally and through their peers, a libzmq broker among them", { timeout: TIMEOUT }, async () => {
    const dir = tempDir();
    const options = { cwd: dir, env: { INTERVAL_MS: "20" } };
    // DC3 is played by libzmq: a cloud frontend DC1 lends requests to, and a cloud backend that lends one to DC1.
    const dc3Frontend = new zmq.Router({ routingId: "DC3", linger: 0 });
    const dc3Backend = new zmq.Router({ routingId: "DC3", linger: 0, receiveTimeout: EXAMPLE_WAIT_MS });
    try {
      await dc3Frontend.bind(`ipc://${path.join(dir, "DC3-cloud.ipc")}`);
      const dc1 = start("chapter3/peering2.ts", { ...options, args: ["DC1", "DC2", "DC3"] });
      const dc2 = start("chapter3/peering2.ts", { ...options, args: ["DC2", "DC1"] });
      for (const dc of [dc1, dc2]) await dc.waitFor("Press Enter when all brokers are started: ");
      for (const dc of [dc1, dc2]) dc.write("\n");

      // A request DC1 sends to the cloud comes as [DC1, client id, "", HELLO]; the reply goes back the same way.
      let lent = 0;
      const serving = (async () => {
        for await (const [from, clientId, empty, body] of dc3Frontend) {
          expect([String(from), String(empty), String(body)]).toEqual(["DC1", "", "HELLO"]);
          lent++;
          await dc3Frontend.send([from!, clientId!, "", "OK from DC3"]);
        }
      })().catch(() => undefined); // ends when closed
      await dc1.waitFor("Client: OK from DC3\n");
      expect(lent).toBeGreaterThan(0);

      // A request lent to DC1 is done by one of its workers and comes back to the lender.
      const connected = new Promise<void>((resolve) => {
        dc3Backend.events.on("handshake", () => {
          resolve();
        });
      });
      dc3Backend.connect(`ipc://${path.join(dir, "DC1-cloud.ipc")}`);
      await connected;
      await dc3Backend.send(["DC1", "remote-client", "", "HELLO"]);
      expect((await dc3Backend.receive()).map(String)).toEqual(["DC1", "remote-client", "", "OK"]);

      await dc2.waitFor("Client: OK\n", 5);
      for (const dc of [dc1, dc2]) {
        expect((await dc.interrupt()).code, dc.output).toBe(0);
        expect(dc.output).toContain("Worker: HELLO\n");
      }
      dc3Frontend.close();
      await serving;
    } finally {
      dc3Frontend.close();
      dc3Backend.close();
    }
  });

  it("peering1 without arguments prints its syntax", { timeout: TIMEOUT }, async () => {
    const usage = start("chapter3/peering1.ts");
    expect((await usage.finished()).code).toBe(0);
    expect(usage.output).toBe("syntax: peering1 me {you}...\n");
  });
});
