/**
 * The guide's chapter 1 programs (examples/chapter1/), each run as its own process: the servers with their
 * clients, and each pair also against libzmq peers (zeromq.js) in both directions — a libzmq client of our
 * server over ipc, our client of a libzmq server over tcp.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as zmq from "zeromq";
import { countMatches, EXAMPLE_WAIT_MS, exampleRunner, tempDirs } from "../helpers/example-process.js";
import { delay, within } from "../helpers/wait.js";

const start = exampleRunner();
const tempDir = tempDirs();
const TIMEOUT = 60_000;

/** An ipc endpoint in a fresh temporary directory. */
function ipc(name: string): string {
  return `ipc://${path.join(tempDir(), name)}`;
}

/** The workloads a taskwork printed as progress ("12.7.93."), in order. */
function progress(output: string): number[] {
  return [...output.matchAll(/(\d+)\./g)].map((m) => Number(m[1]));
}

describe("examples/chapter1", () => {
  it("version reports the libzmq release zmtp follows", { timeout: TIMEOUT }, async () => {
    const version = start("chapter1/version.ts");
    expect((await version.finished()).code).toBe(0);
    expect(version.output).toBe("Current 0MQ version is 4.3.5\n");
  });

  it("hwserver answers hwclient's ten requests, and a libzmq REQ client's beside them", { timeout: TIMEOUT }, async () => {
    const endpoint = ipc("hello");
    const server = start("chapter1/hwserver.ts", { env: { SERVER_ENDPOINT: endpoint, WORK_MS: "5" } });
    const client = start("chapter1/hwclient.ts", { env: { SERVER_ENDPOINT: endpoint } });
    const libzmqClient = new zmq.Request({ linger: 0, receiveTimeout: EXAMPLE_WAIT_MS });
    try {
      libzmqClient.connect(endpoint);
      for (let i = 0; i < 3; i++) {
        await libzmqClient.send(`Hello from libzmq ${i}`);
        expect((await libzmqClient.receive()).map(String)).toEqual(["World"]);
      }

      expect((await client.finished()).code, client.output).toBe(0);
      const expected = ["Connecting to hello world server..."];
      for (let i = 0; i < 10; i++) expected.push(`Sending Hello ${i}...`, `Received World ${i}`);
      expect(client.output.trimEnd().split("\n")).toEqual(expected);

      await server.waitFor("Received Hello\n", 10);
      for (let i = 0; i < 3; i++) expect(server.output).toContain(`Received Hello from libzmq ${i}\n`);
      expect((await server.interrupt()).code, server.output).toBe(0);
    } finally {
      libzmqClient.close();
    }
  });

  it("hwclient gets its ten replies from a libzmq REP server over tcp", { timeout: TIMEOUT }, async () => {
    const libzmqServer = new zmq.Reply({ linger: 0, receiveTimeout: EXAMPLE_WAIT_MS });
    try {
      await libzmqServer.bind("tcp://127.0.0.1:*");
      const client = start("chapter1/hwclient.ts", { env: { SERVER_ENDPOINT: libzmqServer.lastEndpoint! } });
      for (let i = 0; i < 10; i++) {
        expect((await libzmqServer.receive()).map(String)).toEqual(["Hello"]);
        await libzmqServer.send("World");
      }
      expect((await client.finished()).code, client.output).toBe(0);
      expect(countMatches(client.output, /^Received World \d$/gm)).toBe(10);
    } finally {
      libzmqServer.close();
    }
  });

  it("wuserver's updates reach wuclient and a libzmq subscriber, in the guide's format", { timeout: TIMEOUT }, async () => {
    const endpoint = ipc("weather");
    const server = start("chapter1/wuserver.ts", { env: { WEATHER_ENDPOINT: endpoint } });
    // "10" matches one zipcode in a hundred (10000–10999), so a hundred updates come quickly.
    const client = start("chapter1/wuclient.ts", { args: ["10"], env: { WEATHER_ENDPOINT: endpoint } });
    const libzmqClient = new zmq.Subscriber({ linger: 0, receiveTimeout: EXAMPLE_WAIT_MS });
    try {
      libzmqClient.connect(endpoint);
      libzmqClient.subscribe("1");
      for (let i = 0; i < 100; i++) {
        const [update] = await libzmqClient.receive();
        const match = /^(1\d{4}) (-?\d+) (\d+)$/.exec(String(update));
        expect(match, String(update)).not.toBeNull();
        expect(Number(match![2])).toBeGreaterThanOrEqual(-80);
        expect(Number(match![2])).toBeLessThanOrEqual(134);
        expect(Number(match![3])).toBeGreaterThanOrEqual(10);
        expect(Number(match![3])).toBeLessThanOrEqual(59);
      }

      expect((await client.finished()).code, client.output).toBe(0);
      const average = /^Average temperature for zipcode '10' was (-?\d+)F$/m.exec(client.output);
      expect(average, client.output).not.toBeNull();
      expect(Math.abs(Number(average![1]))).toBeLessThanOrEqual(134);
      expect(client.output).toMatch(/^Collecting updates from weather server\.\.\.\n/);
      expect((await server.interrupt()).code, server.output).toBe(0);
    } finally {
      libzmqClient.close();
    }
  });

  it("wuclient averages only its zipcode's updates from a libzmq publisher over tcp", { timeout: TIMEOUT }, async () => {
    const libzmqServer = new zmq.Publisher({ linger: 0 });
    try {
      await libzmqServer.bind("tcp://127.0.0.1:*");
      const client = start("chapter1/wuclient.ts", { env: { WEATHER_ENDPOINT: libzmqServer.lastEndpoint! } });
      // Updates for the default subscription "10001 " all say 72F; the others, which share a prefix with it
      // but must not match, would drag the average down.
      while (client.running) {
        for (const update of ["10001 72 40", "10002 -999 0", "100010 -999 0", "1000 -999 0"]) await libzmqServer.send(update);
        await delay(1);
      }
      expect((await client.finished()).code, client.output).toBe(0);
      expect(client.output).toContain("Average temperature for zipcode '10001 ' was 72F\n");
    } finally {
      libzmqServer.close();
    }
  });

  it("taskvent, taskwork and tasksink run a batch, with a libzmq worker beside ours", { timeout: TIMEOUT }, async () => {
    const env = { VENTILATOR_ENDPOINT: ipc("ventilator"), SINK_ENDPOINT: ipc("sink"), TASKS: "20" };
    const sink = start("chapter1/tasksink.ts", { env });
    const worker = start("chapter1/taskwork.ts", { env });
    const libzmqIn = new zmq.Pull({ linger: 0 });
    const libzmqOut = new zmq.Push({ linger: 0 });
    const libzmqWorkloads: number[] = [];
    try {
      libzmqIn.connect(env.VENTILATOR_ENDPOINT);
      libzmqOut.connect(env.SINK_ENDPOINT);
      const libzmqWorker = (async () => {
        for await (const [workload] of libzmqIn) {
          libzmqWorkloads.push(Number(String(workload)));
          await delay(Number(String(workload)));
          await libzmqOut.send("");
        }
      })();

      const ventilator = start("chapter1/taskvent.ts", { env });
      await ventilator.waitFor("Press Enter when the workers are ready: ");
      ventilator.write("\n");
      expect((await ventilator.finished()).code, ventilator.output).toBe(0);
      const cost = /Sending tasks to workers\.\.\.\nTotal expected cost: (\d+) msec\n$/.exec(ventilator.output);
      expect(cost, ventilator.output).not.toBeNull();

      expect((await sink.finished()).code, sink.output).toBe(0);
      expect(sink.output).toMatch(/^:\.{9}:\.{9}Total elapsed time: \d+ msec\n$/);

      // Every task was done exactly once, by one worker or the other: their workloads add up to the cost.
      await worker.waitFor(/\d+\./g, 20 - libzmqWorkloads.length);
      const ours = progress(worker.output);
      expect(ours.length + libzmqWorkloads.length).toBe(20);
      expect([...ours, ...libzmqWorkloads].reduce((a, b) => a + b, 0)).toBe(Number(cost![1]));
      for (const w of [...ours, ...libzmqWorkloads]) expect(w >= 1 && w <= 100, String(w)).toBe(true);

      // taskwork's Ctrl-C is checked in the next test: here it may have had no task, so nothing shows that
      // it is running yet (a signal during start-up would kill it before its handler exists).
      libzmqIn.close();
      await within(libzmqWorker, "the libzmq worker to stop", EXAMPLE_WAIT_MS);
    } finally {
      libzmqIn.close();
      libzmqOut.close();
    }
  });

  it("taskwork works between a libzmq ventilator and a libzmq sink over tcp", { timeout: TIMEOUT }, async () => {
    const ventilator = new zmq.Push({ linger: 0 });
    const sink = new zmq.Pull({ linger: 0, receiveTimeout: EXAMPLE_WAIT_MS });
    try {
      await ventilator.bind("tcp://127.0.0.1:*");
      await sink.bind("tcp://127.0.0.1:*");
      const worker = start("chapter1/taskwork.ts", {
        env: { VENTILATOR_ENDPOINT: ventilator.lastEndpoint!, SINK_ENDPOINT: sink.lastEndpoint! },
      });
      const workloads = [5, 1, 20, 3, 8, 13, 2, 1, 30, 4];
      for (const w of workloads) await ventilator.send(String(w));
      for (let i = 0; i < workloads.length; i++) expect((await sink.receive()).map(String)).toEqual([""]);
      await worker.waitFor(/\d+\./g, workloads.length);
      expect(progress(worker.output)).toEqual(workloads);
      expect((await worker.interrupt()).code, worker.output).toBe(0);
    } finally {
      ventilator.close();
      sink.close();
    }
  });
});
