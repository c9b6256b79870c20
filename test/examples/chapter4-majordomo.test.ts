/**
 * The guide's chapter 4 Majordomo programs (examples/chapter4/): mdbroker with mdworker, mdclient,
 * mdclient2 and mmiecho; the broker between libzmq (zeromq.js) clients and workers speaking MDP/0.1 (RFC 7)
 * by hand; mdclient and mdworker through a libzmq broker; and Titanic (RFC 9) with a worker that starts
 * late. Each program runs as its own process, over ipc in a temporary directory.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as zmq from "zeromq";
import { EXAMPLE_WAIT_MS, exampleRunner, tempDirs } from "../helpers/example-process.js";

const start = exampleRunner();
const tempDir = tempDirs();
const TIMEOUT = 60_000;

// MDP/0.1's frames (RFC 7)
const CLIENT = "MDPC01";
const WORKER = "MDPW01";
const [READY, REQUEST, REPLY, HEARTBEAT, DISCONNECT] = ["\u0001", "\u0002", "\u0003", "\u0004", "\u0005"];

/** The broker's endpoint in a fresh temporary directory. */
function brokerEndpoint(): string {
  return `ipc://${path.join(tempDir(), "broker")}`;
}

describe("examples/chapter4: Majordomo and Titanic", () => {
  it("mdbroker routes mdclient's and mdclient2's requests to mdworker; mmiecho sees the service come", { timeout: TIMEOUT }, async () => {
    const env = { BROKER_ENDPOINT: brokerEndpoint(), HEARTBEAT_MS: "200" };
    const broker = start("chapter4/mdbroker.ts", { env });
    await broker.waitFor("I: MDP broker/0.2.0 is active at ");

    const lookup = start("chapter4/mmiecho.ts", { env });
    expect((await lookup.finished()).code, lookup.output).toBe(0);
    expect(lookup.output).toBe("Lookup echo service: 404\n");

    // Requests wait in the broker until a worker for their service is ready.
    const client = start("chapter4/mdclient.ts", { env: { ...env, REQUESTS: "1000" } });
    const worker = start("chapter4/mdworker.ts", { env: { ...env, RECONNECT_MS: "200" } });
    expect((await client.finished()).code, client.output).toBe(0);
    expect(client.output).toBe("1000 requests/replies processed\n");

    const asyncClient = start("chapter4/mdclient2.ts", { env: { ...env, REQUESTS: "300" } });
    const lookupAgain = start("chapter4/mmiecho.ts", { env });
    expect((await asyncClient.finished()).code, asyncClient.output).toBe(0);
    expect(asyncClient.output).toBe("300 replies received\n");
    expect((await lookupAgain.finished()).code, lookupAgain.output).toBe(0);
    expect(lookupAgain.output).toBe("Lookup echo service: 200\n");

    expect((await worker.interrupt()).code, worker.output).toBe(0);
    expect(worker.output).toBe("W: interrupt received, killing worker...\n");
    expect((await broker.interrupt()).code, broker.output).toBe(0);
    expect(broker.output).toMatch(/^\d\d-\d\d-\d\d \d\d:\d\d:\d\d I: MDP broker\/0\.2\.0 is active at ipc:\/\/.*\nW: interrupt received, shutting down\.\.\.\n$/);
  });

  it("mdbroker serves a libzmq client and a libzmq worker, heartbeats the worker and applies MDP's rules", { timeout: TIMEOUT }, async () => {
    const endpoint = brokerEndpoint();
    const broker = start("chapter4/mdbroker.ts", { args: ["-v"], env: { BROKER_ENDPOINT: endpoint, HEARTBEAT_MS: "500" } });
    await broker.waitFor("I: MDP broker/0.2.0 is active at ");
    const worker = new zmq.Dealer({ linger: 0, receiveTimeout: EXAMPLE_WAIT_MS });
    const client = new zmq.Request({ linger: 0, receiveTimeout: EXAMPLE_WAIT_MS });
    try {
      worker.connect(endpoint);
      client.connect(endpoint);
      await worker.send(["", WORKER, READY, "echo"]);

      /** The worker's next message from the broker other than a HEARTBEAT (each answered, to stay alive). */
      const nextCommand = async (): Promise<Buffer[]> => {
        for (;;) {
          const message = await worker.receive();
          if (String(message[2]) !== HEARTBEAT) return message;
          expect(message.map(String)).toEqual(["", WORKER, HEARTBEAT]);
          await worker.send(["", WORKER, HEARTBEAT]);
        }
      };

      await client.send([CLIENT, "echo", "Hello", "world"]);
      const request = await nextCommand();
      expect(request.slice(0, 3).map(String)).toEqual(["", WORKER, REQUEST]);
      // The client's address (binary: libzmq's generated routing id) is routed back as it came.
      const [clientAddress, ...rest] = request.slice(3);
      expect(rest.map(String)).toEqual(["", "Hello", "world"]);
      await worker.send(["", WORKER, REPLY, clientAddress!, "", "Hello", "world"]);
      expect((await client.receive()).map(String)).toEqual([CLIENT, "echo", "Hello", "world"]);

      // MMI (RFC 8): the service has a worker; other mmi.* requests are not implemented.
      await client.send([CLIENT, "mmi.service", "echo"]);
      expect((await client.receive()).map(String)).toEqual([CLIENT, "mmi.service", "200"]);
      await client.send([CLIENT, "mmi.nonesuch", "echo"]);
      expect((await client.receive()).map(String)).toEqual([CLIENT, "mmi.nonesuch", "501"]);

      // An idle worker is heartbeaten; a second READY breaks the protocol, and the broker disconnects it.
      expect((await worker.receive()).map(String)).toEqual(["", WORKER, HEARTBEAT]);
      await worker.send(["", WORKER, READY, "echo"]);
      expect((await nextCommand()).map(String)).toEqual(["", WORKER, DISCONNECT]);
      await client.send([CLIENT, "mmi.service", "echo"]);
      expect((await client.receive()).map(String)).toEqual([CLIENT, "mmi.service", "404"]);

      expect((await broker.interrupt()).code, broker.output).toBe(0);
      // -v traces: a registration, a service, each command sent to the worker, and message dumps.
      for (const trace of ["I: registering new worker: ", "I: added service: echo", "I: sending REQUEST to worker", "I: sending DISCONNECT to worker", "[006] MDPW01"]) {
        expect(broker.output).toContain(trace);
      }
    } finally {
      worker.close();
      client.close();
    }
  });

  it("mdclient and mdworker talk MDP through a libzmq broker", { timeout: TIMEOUT }, async () => {
    const router = new zmq.Router({ linger: 0, receiveTimeout: EXAMPLE_WAIT_MS });
    try {
      const endpoint = brokerEndpoint();
      await router.bind(endpoint);
      const worker = start("chapter4/mdworker.ts", { env: { BROKER_ENDPOINT: endpoint } });
      const [workerAddress, ...ready] = await router.receive();
      expect(ready.map(String)).toEqual(["", WORKER, READY, "echo"]);

      // A one-worker broker: requests to the worker, replies to their client.
      const client = start("chapter4/mdclient.ts", { env: { BROKER_ENDPOINT: endpoint, REQUESTS: "5" } });
      for (let replies = 0; replies < 5; ) {
        const [from, empty, header, ...rest] = await router.receive();
        expect(String(empty)).toBe("");
        if (String(header) === CLIENT) {
          const [service, ...body] = rest;
          expect([String(service), ...body.map(String)]).toEqual(["echo", "Hello world"]);
          await router.send([workerAddress!, "", WORKER, REQUEST, from!, "", ...body]);
        } else if (String(rest[0]) === REPLY) {
          const [, clientAddress, delimiter, ...body] = rest;
          expect([String(delimiter), ...body.map(String)]).toEqual(["", "Hello world"]);
          await router.send([clientAddress!, "", CLIENT, "echo", ...body]);
          replies++;
        } else {
          expect(rest.map(String)).toEqual([HEARTBEAT]);
        }
      }
      expect((await client.finished()).code, client.output).toBe(0);
      expect(client.output).toBe("5 requests/replies processed\n");
      expect((await worker.interrupt()).code, worker.output).toBe(0);
    } finally {
      router.close();
    }
  });

  it("titanic stores ticlient's request until an mdworker starts, then hands over the reply", { timeout: TIMEOUT }, async () => {
    const dir = tempDir();
    const env = { BROKER_ENDPOINT: `ipc://${path.join(dir, "broker")}`, HEARTBEAT_MS: "500" };
    const broker = start("chapter4/mdbroker.ts", { env });
    const titanic = start("chapter4/titanic.ts", { cwd: dir, env: { ...env, INTERVAL_MS: "100" } });
    const client = start("chapter4/ticlient.ts", { env: { ...env, RETRY_MS: "200" } });
    await client.waitFor("I: no reply yet, trying again...\n");
    const worker = start("chapter4/mdworker.ts", { env });

    expect((await client.finished()).code, client.output).toBe(0);
    const done = /^I: request UUID \[032\] ([0-9A-F]{32})\n(I: no reply yet, trying again\.\.\.\n)+Reply: Hello world\n$/.exec(client.output);
    expect(done, client.output).not.toBeNull();
    // The queue entry is marked done, and titanic.close removed the stored request and reply.
    expect(fs.readFileSync(path.join(dir, ".titanic", "queue"), "latin1")).toBe(`+${done![1]}\n`);
    expect(fs.readdirSync(path.join(dir, ".titanic"))).toEqual(["queue"]);

    for (const program of [titanic, worker, broker]) expect((await program.interrupt()).code, program.output).toBe(0);
    expect(titanic.output).toBe("W: interrupt received, killing worker...\n".repeat(3));
  });
});
