/**
 * The guide's chapter 4 pirates (examples/chapter4/): Lazy Pirate (lpclient, lpserver), Simple Pirate
 * (spqueue, spworker) and Paranoid Pirate (ppqueue, ppworker), each run as its own process and checked as the
 * guide demonstrates them, by killing (SIGKILL) and restarting the process it says to kill. The simulated
 * faults are turned off (SIMULATE_FAULTS=0) except where a test waits for one; lpclient and lpserver also
 * run against libzmq peers (zeromq.js).
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as zmq from "zeromq";
import { EXAMPLE_WAIT_MS, exampleRunner, tempDirs, type ExampleProcess } from "../helpers/example-process.js";

const start = exampleRunner();
const tempDir = tempDirs();
const TIMEOUT = 60_000;
const OK = /^I: server replied OK \(\d+\)$/gm;
const NO_RESPONSE = "W: no response from server, retrying...\n";

/** ipc endpoints for `names`, in one fresh temporary directory. */
function ipc<K extends string>(...names: K[]): Record<K, string> {
  const dir = tempDir();
  return Object.fromEntries(names.map((name) => [name, `ipc://${path.join(dir, name.toLowerCase())}`])) as Record<K, string>;
}

/** The sequence numbers a Lazy Pirate client got back, in order. */
function replies(client: ExampleProcess): number[] {
  return [...client.output.matchAll(/^I: server replied OK \((\d+)\)$/gm)].map((m) => Number(m[1]));
}

/** 1, 2, …, n: a Lazy Pirate client sends request n + 1 only once request n has been answered. */
function inOrder(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i + 1);
}

/** Every line is one a Lazy Pirate client prints. */
function expectLazyPirateLines(output: string): void {
  for (const line of output.trimEnd().split("\n")) {
    expect(line).toMatch(
      /^(I: connecting to server\.\.\.|I: server replied OK \(\d+\)|W: no response from server, retrying\.\.\.|I: reconnecting to server\.\.\.|E: server seems to be offline, abandoning)$/,
    );
  }
}

describe("examples/chapter4: Lazy, Simple and Paranoid Pirate", () => {
  it("lpclient rides out lpserver being killed and restarted", { timeout: TIMEOUT }, async () => {
    const { server: endpoint } = ipc("server");
    const serverEnv = { SERVER_ENDPOINT: endpoint, WORK_MS: "10", SIMULATE_FAULTS: "0" };
    let server = start("chapter4/lpserver.ts", { env: serverEnv });
    // The timeout leaves room for a server restart (a new process) within the client's three tries.
    const client = start("chapter4/lpclient.ts", { env: { SERVER_ENDPOINT: endpoint, REQUEST_TIMEOUT_MS: "1500" } });
    await client.waitFor(OK, 3);

    // Kill the server: the client's request goes unanswered; it retries on a new socket.
    await server.interrupt("SIGKILL");
    await client.waitForNext(NO_RESPONSE);
    expect(server.output).toMatch(/^(I: normal request \(\d+\)\n)+$/);

    // Restart it (on the same ipc path): the client carries on where it was.
    server = start("chapter4/lpserver.ts", { env: serverEnv });
    await client.waitForNext(OK);
    await client.waitForNext(OK);
    expect((await client.interrupt()).code, client.output).toBe(0);
    expect((await server.interrupt()).code, server.output).toBe(0);
    expect(client.output.startsWith("I: connecting to server...\n")).toBe(true);
    expect(client.output).toMatch(/W: no response from server, retrying\.\.\.\nI: reconnecting to server\.\.\.\n(.*\n)*I: server replied OK/);
    expect(replies(client)).toEqual(inOrder(replies(client).length));
    expectLazyPirateLines(client.output);
  });

  it("lpclient sends a request a libzmq REP server left unanswered again, on a new socket", { timeout: TIMEOUT }, async () => {
    const server = new zmq.Reply({ linger: 0, receiveTimeout: EXAMPLE_WAIT_MS });
    try {
      await server.bind("tcp://127.0.0.1:*");
      const client = start("chapter4/lpclient.ts", { env: { SERVER_ENDPOINT: server.lastEndpoint!, REQUEST_TIMEOUT_MS: "500" } });
      // Echo requests 1 to 6, but hold the first "4" until the client has given up on it: the reply then goes
      // to the closed socket, and the same request comes again from the new one.
      let held = false;
      for (;;) {
        const [request] = await server.receive();
        if (String(request) === "4" && !held) {
          held = true;
          await client.waitForNext(NO_RESPONSE);
        }
        await server.send(request!);
        if (String(request) === "6") break;
      }
      await client.waitFor("I: server replied OK (6)\n");
      expect((await client.interrupt()).code, client.output).toBe(0);
      expect(replies(client)).toEqual(inOrder(6));
      expect(client.output).toMatch(/I: server replied OK \(3\)\n(.*\n)*W: no response from server, retrying\.\.\.\nI: reconnecting to server\.\.\.\nI: server replied OK \(4\)\n/);
      expectLazyPirateLines(client.output);
    } finally {
      server.close();
    }
  });

  it("lpserver echoes a libzmq Lazy Pirate client's requests until it simulates a crash", { timeout: TIMEOUT }, async () => {
    const { server: endpoint } = ipc("server");
    const server = start("chapter4/lpserver.ts", { env: { SERVER_ENDPOINT: endpoint, WORK_MS: "1" } });
    const client = new zmq.Request({ linger: 0 });
    try {
      client.connect(endpoint);
      let answered = 0;
      // After three requests the server crashes, with a chance of one in three per request: a crash is
      // bound to come (surviving a hundred more has a chance of about 1e-17).
      for (let sequence = 1; sequence <= 100; sequence++) {
        await client.send(String(sequence));
        const reply = await Promise.race([client.receive(), server.exited.then(() => null)]);
        if (reply === null) break;
        expect(reply.map(String)).toEqual([String(sequence)]);
        answered++;
      }
      expect((await server.finished()).code, server.output).toBe(0);
      expect(answered).toBeGreaterThanOrEqual(3);
      expect(server.output).toMatch(/^(I: (normal request \(\d+\)|simulating CPU overload)\n)+I: simulating a crash\n$/);
      expect(server.output.match(/^I: normal request/gm)).toHaveLength(answered);
    } finally {
      client.close();
    }
  });

  it("spqueue and spworkers serve lpclient; a killed worker costs a retry, no workers make it give up", { timeout: TIMEOUT }, async () => {
    const endpoints = ipc("FRONTEND", "BACKEND");
    const queue = start("chapter4/spqueue.ts", { env: { FRONTEND_ENDPOINT: endpoints.FRONTEND, BACKEND_ENDPOINT: endpoints.BACKEND } });
    const workerEnv = { BACKEND_ENDPOINT: endpoints.BACKEND, WORK_MS: "10", SIMULATE_FAULTS: "0" };
    const workers = [start("chapter4/spworker.ts", { env: workerEnv }), start("chapter4/spworker.ts", { env: workerEnv })];
    for (const worker of workers) await worker.waitFor(/^I: \([0-9A-F]{4}-[0-9A-F]{4}\) worker ready$/m);
    const client = start("chapter4/lpclient.ts", { env: { SERVER_ENDPOINT: endpoints.FRONTEND, REQUEST_TIMEOUT_MS: "500" } });

    // The queue deals requests to the least recently used worker: both get some.
    for (const worker of workers) await worker.waitFor("normal reply\n");
    await client.waitFor(OK, 3);

    // The queue still lists a killed worker as ready, and loses the request it gives it: the client retries.
    await workers[0]!.interrupt("SIGKILL");
    await client.waitForNext(NO_RESPONSE);
    await client.waitForNext(OK);

    // With no worker left, the client gives up; the queue never stops.
    await workers[1]!.interrupt("SIGKILL");
    expect((await client.finished()).code, client.output).toBe(0);
    expect(client.output.endsWith("E: server seems to be offline, abandoning\n")).toBe(true);
    expect(replies(client)).toEqual(inOrder(replies(client).length));
    expectLazyPirateLines(client.output);
    for (const worker of workers) expect(worker.output).toMatch(/^I: \((\w{4}-\w{4})\) worker ready\n(I: \(\1\) normal reply\n)+$/);
    expect(queue.running).toBe(true);
    expect((await queue.interrupt()).code, queue.output).toBe(0);
    expect(queue.output).toBe("");
  });

  it("ppqueue and ppworkers serve lpclient; workers and client carry on when the queue is killed and restarted", { timeout: TIMEOUT }, async () => {
    const endpoints = ipc("FRONTEND", "BACKEND");
    const queueEnv = { FRONTEND_ENDPOINT: endpoints.FRONTEND, BACKEND_ENDPOINT: endpoints.BACKEND, HEARTBEAT_MS: "100" };
    let queue = start("chapter4/ppqueue.ts", { env: queueEnv });
    const workerEnv = { BACKEND_ENDPOINT: endpoints.BACKEND, HEARTBEAT_MS: "100", RECONNECT_MS: "50", WORK_MS: "10", SIMULATE_FAULTS: "0" };
    const workers = [start("chapter4/ppworker.ts", { env: workerEnv }), start("chapter4/ppworker.ts", { env: workerEnv })];
    // The client's timeout leaves room for a queue restart (a new process) within its three tries.
    const client = start("chapter4/lpclient.ts", { env: { SERVER_ENDPOINT: endpoints.FRONTEND, REQUEST_TIMEOUT_MS: "2000" } });
    await client.waitFor(OK, 3);
    for (const worker of workers) await worker.waitFor("I: worker heartbeat\n");

    // Kill the queue and start a new one: it does not know the workers, which miss the heartbeats of the
    // old one and reconnect (with back-off); the client's request is lost, and it sends it again.
    const failures = workers.map((worker) => worker.waitForNext("W: heartbeat failure, can't reach queue\n"));
    await queue.interrupt("SIGKILL");
    queue = start("chapter4/ppqueue.ts", { env: queueEnv });
    await Promise.all(failures);
    await client.waitForNext(OK);
    await client.waitForNext(OK);

    // Kill a worker: the queue forgets it after three missed heartbeats; the other one carries on.
    await workers[0]!.interrupt("SIGKILL");
    await client.waitForNext(OK);
    await client.waitForNext(OK);

    expect((await client.interrupt()).code, client.output).toBe(0);
    expect((await workers[1]!.interrupt()).code, workers[1]!.output).toBe(0);
    expect((await queue.interrupt()).code, queue.output).toBe(0);
    expect(replies(client)).toEqual(inOrder(replies(client).length));
    expectLazyPirateLines(client.output);
    expect(client.output).not.toContain("abandoning");
    for (const worker of workers) {
      expect(worker.output).toMatch(/W: heartbeat failure, can't reach queue\nW: reconnecting in \d+ msec\.\.\.\n(.*\n)*I: worker ready\n/);
      for (const line of worker.output.trimEnd().split("\n")) {
        expect(line).toMatch(/^(I: worker ready|I: worker heartbeat|I: normal reply|W: heartbeat failure, can't reach queue|W: reconnecting in \d+ msec\.\.\.)$/);
      }
    }
    expect(workers[1]!.output).toContain("I: normal reply\n");
    expect(queue.output).toBe("");
  });
});
