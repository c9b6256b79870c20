/**
 * The guide's chapter 2 programs (examples/chapter2/), each run as its own process with the programs it
 * pairs with; where a peer is played by libzmq (zeromq.js), the test checks what it receives as well.
 * msgqueue.ts has its own file (msgqueue.test.ts).
 */
import net from "node:net";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as zmq from "zeromq";
import { countMatches, EXAMPLE_WAIT_MS, exampleRunner, tempDirs } from "../helpers/example-process.js";
import { delay, within } from "../helpers/wait.js";

const start = exampleRunner();
const tempDir = tempDirs();
const TIMEOUT = 60_000;

/** ipc endpoints for `names`, in one fresh temporary directory. */
function ipc<K extends string>(...names: K[]): Record<K, string> {
  const dir = tempDir();
  return Object.fromEntries(names.map((name) => [name, `ipc://${path.join(dir, name.toLowerCase())}`])) as Record<K, string>;
}

/**
 * `count` loopback tcp endpoints on distinct ports that were free a moment ago, for a program that binds
 * ports it does not print. (The kernel hands out ephemeral ports at random, so another process taking one
 * meanwhile is unlikely.)
 */
async function freeTcpEndpoints(count: number): Promise<string[]> {
  const probes = Array.from({ length: count }, () => net.createServer());
  await Promise.all(probes.map((probe) => new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve))));
  const ports = probes.map((probe) => (probe.address() as net.AddressInfo).port);
  await Promise.all(probes.map((probe) => new Promise((resolve) => probe.close(resolve))));
  return ports.map((port) => `tcp://127.0.0.1:${port}`);
}

/** Resolves once a zeromq.js socket has completed `count` handshakes (its peers are connected and ready). */
function handshakes(socket: zmq.Socket, count: number): Promise<void> {
  let seen = 0;
  return within(
    new Promise<void>((resolve) => {
      socket.events.on("handshake", () => {
        if (++seen === count) resolve();
      });
    }),
    `${count} handshake(s)`,
    EXAMPLE_WAIT_MS,
  );
}

/** The workloads a task worker printed as progress ("12.7.93."), in order. */
function progress(output: string): number[] {
  return [...output.matchAll(/(\d+)\./g)].map((m) => Number(m[1]));
}

describe("examples/chapter2", () => {
  it.each(["msreader", "mspoller"])(
    "%s reads tasks from a libzmq ventilator and zipcode 10001 from a libzmq weather server",
    { timeout: TIMEOUT },
    async (name) => {
      const ventilator = new zmq.Push({ linger: 0 });
      const weather = new zmq.Publisher({ linger: 0 });
      try {
        await ventilator.bind("tcp://127.0.0.1:*");
        await weather.bind("tcp://127.0.0.1:*");
        const reader = start(`chapter2/${name}.ts`, {
          env: { VENTILATOR_ENDPOINT: ventilator.lastEndpoint!, WEATHER_ENDPOINT: weather.lastEndpoint! },
        });
        for (const task of ["17", "4", "99"]) await ventilator.send(task);
        await reader.waitFor(/^Task: /gm, 3);
        // A subscriber joins when it joins: publish until the reader shows it has subscribed.
        while (!reader.output.includes("Weather update: 10001 ")) {
          if (!reader.running) break;
          await weather.send("10002 -1 1");
          await weather.send("10001 72 40");
          await delay(5);
        }
        await reader.waitFor("Weather update: 10001 72 40\n");
        expect((await reader.interrupt()).code, reader.output).toBe(0);

        const lines = reader.output.trimEnd().split("\n");
        expect(lines.filter((l) => l.startsWith("Task: "))).toEqual(["Task: 17", "Task: 4", "Task: 99"]);
        expect(lines.filter((l) => !l.startsWith("Task: ") && l !== "Weather update: 10001 72 40")).toEqual([]);
      } finally {
        ventilator.close();
        weather.close();
      }
    },
  );

  it("rrbroker passes rrclient's requests to rrworker and a libzmq worker, and the replies back", { timeout: TIMEOUT }, async () => {
    const env = { ...ipc("FRONTEND_ENDPOINT", "BACKEND_ENDPOINT"), WORK_MS: "50" };
    const broker = start("chapter2/rrbroker.ts", { env });
    const worker = start("chapter2/rrworker.ts", { env });
    const client = start("chapter2/rrclient.ts", { env });
    const libzmqWorker = new zmq.Reply({ linger: 0 });
    try {
      // The libzmq worker joins once rrworker has served (so is running), while rrclient still asks: the
      // broker's DEALER then deals the remaining requests to both.
      await worker.waitFor("Received request: [Hello]\n");
      libzmqWorker.connect(env.BACKEND_ENDPOINT);
      const serving = (async () => {
        for await (const [request] of libzmqWorker) await libzmqWorker.send(`World from libzmq (${String(request)})`);
      })().catch(() => undefined); // ends when closed

      expect((await client.finished()).code, client.output).toBe(0);
      const lines = client.output.trimEnd().split("\n");
      expect(lines).toHaveLength(10);
      lines.forEach((line, i) => {
        expect(line).toMatch(new RegExp(`^Received reply ${i} \\[World( from libzmq \\(Hello\\))?\\]$`));
      });
      // What rrworker served it printed; the libzmq worker served the rest.
      const servedByUs = countMatches(client.output, /\[World\]$/gm);
      await worker.waitFor(/^Received request: \[Hello\]$/gm, servedByUs);
      expect(countMatches(worker.output, /^Received request: \[Hello\]$/gm)).toBe(servedByUs);

      expect((await worker.interrupt()).code, worker.output).toBe(0);
      expect((await broker.interrupt()).code, broker.output).toBe(0);
      libzmqWorker.close();
      await serving;
    } finally {
      libzmqWorker.close();
    }
  });

  it("wuproxy forwards a libzmq publisher's updates to wuclient, and wuclient's subscription upstream", { timeout: TIMEOUT }, async () => {
    const upstream = new zmq.XPublisher({ linger: 0, receiveTimeout: EXAMPLE_WAIT_MS });
    try {
      await upstream.bind("tcp://127.0.0.1:*");
      const { PROXY_ENDPOINT } = ipc("PROXY_ENDPOINT");
      const proxy = start("chapter2/wuproxy.ts", { env: { WEATHER_ENDPOINT: upstream.lastEndpoint!, PROXY_ENDPOINT } });
      const client = start("chapter1/wuclient.ts", { env: { WEATHER_ENDPOINT: PROXY_ENDPOINT } });

      // The subscription wuclient made reaches the weather server through the proxy (RFC 29 XSUB/XPUB).
      expect((await upstream.receive()).map(String)).toEqual(["\u000110001 "]);
      while (client.running) {
        for (const update of ["10001 72 40", "10002 -999 0", "100010 -999 0"]) await upstream.send(update);
        await delay(1);
      }
      expect((await client.finished()).code, client.output).toBe(0);
      expect(client.output).toContain("Average temperature for zipcode '10001 ' was 72F\n");
      expect((await proxy.interrupt()).code, proxy.output).toBe(0);
    } finally {
      upstream.close();
    }
  });

  it("tasksink2 collects taskwork2's results and KILLs both workers, fed by a libzmq ventilator", { timeout: TIMEOUT }, async () => {
    const ventilator = new zmq.Push({ linger: 0 });
    const batchStart = new zmq.Push({ linger: 0 });
    const controlWatch = new zmq.Subscriber({ linger: 0, receiveTimeout: EXAMPLE_WAIT_MS });
    try {
      await ventilator.bind("tcp://127.0.0.1:*");
      const env = { VENTILATOR_ENDPOINT: ventilator.lastEndpoint!, ...ipc("SINK_ENDPOINT", "CONTROLLER_ENDPOINT"), TASKS: "10" };
      const sink = start("chapter2/tasksink2.ts", { env });
      // The workers start once the sink is up, so that its KILL finds their subscriptions in place.
      controlWatch.subscribe();
      const sinkUp = handshakes(controlWatch, 1);
      controlWatch.connect(env.CONTROLLER_ENDPOINT);
      await sinkUp;
      const workersUp = handshakes(ventilator, 2);
      const workers = [start("chapter2/taskwork2.ts", { env }), start("chapter2/taskwork2.ts", { env })];
      await workersUp;

      batchStart.connect(env.SINK_ENDPOINT);
      await batchStart.send("0");
      const workloads = [3, 14, 15, 9, 2, 6, 5, 35, 8, 9];
      for (const w of workloads) await ventilator.send(String(w));

      expect((await sink.finished()).code, sink.output).toBe(0);
      expect(sink.output).toMatch(/^:\.{9}Total elapsed time: \d+ msec\n$/);
      expect((await controlWatch.receive()).map(String)).toEqual(["KILL"]);
      // KILL ends each worker by itself.
      for (const worker of workers) expect((await worker.finished()).code, worker.output).toBe(0);
      const done = workers.flatMap((w) => progress(w.output));
      expect(done.sort((a, b) => a - b)).toEqual([...workloads].sort((a, b) => a - b));
    } finally {
      ventilator.close();
      batchStart.close();
      controlWatch.close();
    }
  });

  it("interrupt echoes a libzmq client's requests, then cleans up on SIGINT", { timeout: TIMEOUT }, async () => {
    const { SERVER_ENDPOINT } = ipc("SERVER_ENDPOINT");
    const server = start("chapter2/interrupt.ts", { env: { SERVER_ENDPOINT } });
    const client = new zmq.Request({ linger: 0, receiveTimeout: EXAMPLE_WAIT_MS });
    try {
      client.connect(SERVER_ENDPOINT);
      for (const request of ["Hello", "again"]) {
        await client.send(request);
        expect((await client.receive()).map(String)).toEqual([request]);
      }
      await server.waitFor("W: recv\n", 2);
      // SIGINT while the server waits in receive().
      expect((await server.interrupt("SIGINT")).code, server.output).toBe(0);
      expect(server.output).toBe("W: recv\nW: recv\nW: interrupt received, killing server...\nW: cleaning up\n");
    } finally {
      client.close();
    }
  });

  it("mtserver serves five libzmq clients at once, one per worker", { timeout: TIMEOUT }, async () => {
    const { SERVER_ENDPOINT } = ipc("SERVER_ENDPOINT");
    const server = start("chapter2/mtserver.ts", { env: { SERVER_ENDPOINT, WORK_MS: "1000" } });
    const clients = Array.from({ length: 5 }, () => new zmq.Request({ linger: 0, receiveTimeout: EXAMPLE_WAIT_MS }));
    try {
      let replies = 0;
      const replied = clients.map(async (client, i) => {
        client.connect(SERVER_ENDPOINT);
        await client.send(`Hello ${i}`);
        const reply = (await client.receive()).map(String);
        replies++;
        return reply;
      });
      // All five requests are being worked on before any is answered: five workers, in parallel.
      await server.waitFor(/^Received request: \[Hello \d\]$/gm, 5);
      expect(replies).toBe(0);
      expect(await Promise.all(replied)).toEqual(Array.from({ length: 5 }, () => ["World"]));
      for (let i = 0; i < 5; i++) expect(server.output).toContain(`Received request: [Hello ${i}]\n`);
      expect((await server.interrupt()).code, server.output).toBe(0);
    } finally {
      for (const c of clients) c.close();
    }
  });

  it("mtrelay passes the signal from step 1 to step 3", { timeout: TIMEOUT }, async () => {
    const relay = start("chapter2/mtrelay.ts");
    expect((await relay.finished()).code, relay.output).toBe(0);
    expect(relay.output).toBe("Step 1 ready, signaling step 2\nStep 2 ready, signaling step 3\nTest successful!\n");
  });

  it("syncpub waits for its syncsub subscribers, and each gets every update", { timeout: TIMEOUT }, async () => {
    // Over tcp: over ipc, a subscriber still reading when the publisher closes may lose the tail of the
    // updates (libzmq's own syncpub and syncsub do over ipc: the peer's hang-up is seen before the data).
    const [publisherEndpoint, syncEndpoint] = await freeTcpEndpoints(2);
    const env = { PUBLISHER_ENDPOINT: publisherEndpoint!, SYNC_ENDPOINT: syncEndpoint!, SUBSCRIBERS: "2", UPDATES: "20000" };
    const publisher = start("chapter2/syncpub.ts", { env });
    const subscribers = [start("chapter2/syncsub.ts", { env }), start("chapter2/syncsub.ts", { env })];
    for (const s of subscribers) {
      expect((await s.finished()).code, s.output).toBe(0);
      expect(s.output).toBe("Received 20000 updates\n");
    }
    expect((await publisher.finished()).code, publisher.output).toBe(0);
    expect(publisher.output).toBe("Waiting for subscribers\nBroadcasting messages\n");
  });

  it("psenvsub gets psenvpub's B messages only; a libzmq subscriber gets the A envelope", { timeout: TIMEOUT }, async () => {
    const env = { ...ipc("PUBLISHER_ENDPOINT"), INTERVAL_MS: "20" };
    const publisher = start("chapter2/psenvpub.ts", { env });
    const subscriber = start("chapter2/psenvsub.ts", { env });
    const libzmqSubscriber = new zmq.Subscriber({ linger: 0, receiveTimeout: EXAMPLE_WAIT_MS });
    try {
      libzmqSubscriber.connect(env.PUBLISHER_ENDPOINT);
      libzmqSubscriber.subscribe("A");
      for (let i = 0; i < 3; i++) {
        expect((await libzmqSubscriber.receive()).map(String)).toEqual(["A", "We don't want to see this"]);
      }
      await subscriber.waitFor("[B] We would like to see this\n", 3);
      expect((await subscriber.interrupt()).code, subscriber.output).toBe(0);
      expect((await publisher.interrupt()).code, publisher.output).toBe(0);
      expect(subscriber.output).toMatch(/^(\[B\] We would like to see this\n)+$/);
    } finally {
      libzmqSubscriber.close();
    }
  });
});
