/**
 * The guide's chapter 4 failover programs (examples/chapter4/): Binary Star (bstarsrv -p / -b with
 * bstarcli), checked as the guide demonstrates it, by killing the primary (failover) and then, with the
 * primary restarted, the backup (recovery); and the Freelance models one and two (flserver1 / flclient1,
 * flserver2 / flclient2), with a dead endpoint among the live ones and a libzmq echo server. Each program
 * runs as its own process, over ipc in a temporary directory.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as zmq from "zeromq";
import { exampleRunner, tempDirs, type ExampleProcess } from "../helpers/example-process.js";

const start = exampleRunner();
const tempDir = tempDirs();
const TIMEOUT = 60_000;
const OK = /^I: server replied OK \(\d+\)$/gm;

/** ipc endpoints for `names`, in one fresh temporary directory. */
function ipc<K extends string>(...names: K[]): Record<K, string> {
  const dir = tempDir();
  return Object.fromEntries(names.map((name) => [name, `ipc://${path.join(dir, name.toLowerCase())}`])) as Record<K, string>;
}

/** The sequence numbers the client got back, in order. */
function replies(client: ExampleProcess): number[] {
  return [...client.output.matchAll(/^I: server replied OK \((\d+)\)$/gm)].map((m) => Number(m[1]));
}

describe("examples/chapter4: Binary Star and Freelance", () => {
  it("bstarcli fails over to the backup when the primary dies, and back when the backup dies", { timeout: TIMEOUT }, async () => {
    const endpoints = ipc("PRIMARY_ENDPOINT", "BACKUP_ENDPOINT", "PRIMARY_STATE_ENDPOINT", "BACKUP_STATE_ENDPOINT");
    const env = { ...endpoints, HEARTBEAT_MS: "200" };
    let primary = start("chapter4/bstarsrv.ts", { args: ["-p"], env });
    const backup = start("chapter4/bstarsrv.ts", { args: ["-b"], env });
    await primary.waitFor("I: connected to backup (passive), ready active\n");
    await backup.waitFor("I: connected to primary (active), ready passive\n");
    // The settle delay is longer than two heartbeats: by then the survivor takes its peer for dead.
    const client = start("chapter4/bstarcli.ts", { env: { ...env, REQUEST_TIMEOUT_MS: "1000", SETTLE_MS: "500", INTERVAL_MS: "20" } });
    await client.waitFor(OK, 3);

    // Failover: the primary dies; the client's request (its vote) makes the backup active.
    await primary.interrupt("SIGKILL");
    await client.waitFor("W: no response from server, failing over\n");
    await backup.waitFor("I: failover successful, ready active\n");
    await client.waitForNext(OK);

    // Recovery: the primary comes back passive; then the backup dies, and the client votes the primary in.
    primary = start("chapter4/bstarsrv.ts", { args: ["-p"], env });
    await primary.waitFor("I: connected to backup (active), ready passive\n");
    await backup.interrupt("SIGKILL");
    await client.waitFor("W: no response from server, failing over\n", 2);
    await primary.waitFor("I: failover successful, ready active\n");
    await client.waitForNext(OK);

    expect((await client.interrupt()).code, client.output).toBe(0);
    expect((await primary.interrupt()).code, primary.output).toBe(0);
    expect(primary.output).toBe(
      [
        "I: Primary active, waiting for backup (passive)",
        "I: connected to backup (active), ready passive",
        "I: failover successful, ready active",
        "W: interrupted",
        "",
      ].join("\n"),
    );
    expect(backup.output).toBe(
      ["I: Backup passive, waiting for primary (active)", "I: connected to primary (active), ready passive", "I: failover successful, ready active", ""].join(
        "\n",
      ),
    );
    // Every request was answered once, in order; the client went primary, backup, primary.
    expect(replies(client)).toEqual(Array.from({ length: replies(client).length }, (_, i) => i + 1));
    const servers = [...client.output.matchAll(/^I: connecting to server at (.*)\.\.\.$/gm)].map((m) => m[1]);
    expect(servers.slice(0, 3)).toEqual([endpoints.PRIMARY_ENDPOINT, endpoints.BACKUP_ENDPOINT, endpoints.PRIMARY_ENDPOINT]);
  });

  it("bstarsrv without -p or -b prints its usage", { timeout: TIMEOUT }, async () => {
    const usage = start("chapter4/bstarsrv.ts");
    expect((await usage.finished()).code).toBe(0);
    expect(usage.output).toBe("Usage: bstarsrv { -p | -b }\n");
  });

  it("flclient1 tries each server once, or one server three times; flserver1 and a libzmq server echo", { timeout: TIMEOUT }, async () => {
    const endpoints = ipc("LIVE", "DEAD");
    const server = start("chapter4/flserver1.ts", { args: [endpoints.LIVE] });
    await server.waitFor(`I: echo service is ready at ${endpoints.LIVE}\n`);
    const libzmqServer = new zmq.Reply({ linger: 0 });
    try {
      await libzmqServer.bind("tcp://127.0.0.1:*");
      const echoing = (async () => {
        for await (const message of libzmqServer) await libzmqServer.send(message);
      })();
      const env = { REQUEST_TIMEOUT_MS: "300" };
      const several = start("chapter4/flclient1.ts", { args: [endpoints.DEAD, endpoints.LIVE], env });
      const one = start("chapter4/flclient1.ts", { args: [endpoints.DEAD], env });
      const libzmq = start("chapter4/flclient1.ts", { args: [libzmqServer.lastEndpoint!], env });
      for (const client of [several, one, libzmq]) expect((await client.finished()).code, client.output).toBe(0);

      expect(several.output).toBe(
        [`I: trying echo service at ${endpoints.DEAD}...`, `W: no response from ${endpoints.DEAD}`, `I: trying echo service at ${endpoints.LIVE}...`, "Service is running OK", ""].join("\n"),
      );
      expect(one.output).toBe(`I: trying echo service at ${endpoints.DEAD}...\nW: no response from ${endpoints.DEAD}, retrying...\n`.repeat(3));
      expect(libzmq.output).toBe(`I: trying echo service at ${libzmqServer.lastEndpoint!}...\nService is running OK\n`);
      expect((await server.interrupt()).code, server.output).toBe(0);
      expect(server.output).toBe(`I: echo service is ready at ${endpoints.LIVE}\nW: interrupted\n`);
      libzmqServer.close();
      await echoing;
    } finally {
      libzmqServer.close();
    }
  });

  it("flclient2 blasts each request at every flserver2 and takes the first matching reply", { timeout: TIMEOUT }, async () => {
    const endpoints = ipc("FIRST", "SECOND", "DEAD");
    const servers = [start("chapter4/flserver2.ts", { args: [endpoints.FIRST] }), start("chapter4/flserver2.ts", { args: [endpoints.SECOND] })];
    await servers[0]!.waitFor("I: service is ready at ");
    await servers[1]!.waitFor("I: service is ready at ");
    // Two live servers; then one live and one dead, whose copies of the requests just wait in its queue.
    for (const args of [[endpoints.FIRST, endpoints.SECOND], [endpoints.FIRST, endpoints.DEAD]]) {
      const client = start("chapter4/flclient2.ts", { args, env: { REQUESTS: "300" } });
      expect((await client.finished()).code, client.output).toBe(0);
      expect(client.output).toMatch(/^Average round trip cost: \d+ usec\n$/);
    }
    for (const server of servers) expect((await server.interrupt()).code, server.output).toBe(0);
  });
});
