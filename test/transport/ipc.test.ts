import { spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Pull, Push, ZmqError } from "../../src/index.js";
import { socketTracker } from "../helpers/socket-tracker.js";
import { delay, waitUntil } from "../helpers/wait.js";

const track = socketTracker();
const linux = process.platform === "linux";

let dir = "";
let counter = 0;
beforeAll(async () => {
  dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), "zmtp-ipc-test-"));
});
afterAll(async () => {
  await fs.promises.rm(dir, { recursive: true, force: true });
});

function socketFile(): string {
  return path.join(dir, `s${counter++}.sock`);
}

/** Resolves once `file` is gone (a socket removes its ipc file as it unbinds or closes). */
async function removed(file: string): Promise<void> {
  await waitUntil(() => !fs.existsSync(file), `${file} to be removed`);
}

async function roundTrip(push: Push, pull: Pull, body = "ping"): Promise<void> {
  await push.send(body);
  expect((await pull.receive())[0]!.toString()).toBe(body);
}

/** Leaves a socket file behind with nothing listening on it, as a process killed while bound does. */
function makeStaleSocket(file: string): void {
  const script = `require("net").createServer().listen(${JSON.stringify(file)}, () => process.exit(0));`;
  const result = spawnSync(process.execPath, ["-e", script], { timeout: 5000 });
  expect(result.status).toBe(0);
  expect(fs.lstatSync(file).isSocket()).toBe(true);
}

describe("ipc", () => {
  it("binds and connects over a socket file", async () => {
    const file = socketFile();
    const pull = track(new Pull());
    await pull.bind(`ipc://${file}`);
    expect(pull.lastEndpoint).toBe(`ipc://${file}`);
    expect(fs.lstatSync(file).isSocket()).toBe(true);
    const push = track(new Push());
    push.connect(`ipc://${file}`);
    await roundTrip(push, pull);
    await push.send(["multi", "", "part"]);
    expect((await pull.receive()).map((f) => f.toString())).toEqual(["multi", "", "part"]);
  });

  it("connects before the peer binds", async () => {
    const file = socketFile();
    const push = track(new Push({ reconnectInterval: 20 }));
    push.connect(`ipc://${file}`);
    const sent = push.send("early");
    await delay(50);
    const pull = track(new Pull());
    await pull.bind(`ipc://${file}`);
    await sent;
    expect((await pull.receive())[0]!.toString()).toBe("early");
  });

  it("replaces a stale socket file at bind", async () => {
    const file = socketFile();
    makeStaleSocket(file);
    const pull = track(new Pull());
    await pull.bind(`ipc://${file}`);
    const push = track(new Push());
    push.connect(`ipc://${file}`);
    await roundTrip(push, pull, "after stale");
  });

  it("a live socket file fails with EADDRINUSE", async () => {
    const file = socketFile();
    const first = track(new Pull());
    await first.bind(`ipc://${file}`);
    const second = track(new Pull());
    const err: unknown = await second.bind(`ipc://${file}`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZmqError);
    expect(err).toMatchObject({ code: "EADDRINUSE" });
    // The live one is untouched.
    const push = track(new Push());
    push.connect(`ipc://${file}`);
    await roundTrip(push, first);
  });

  it("a socket file held by a plain server fails with EADDRINUSE", async () => {
    const file = socketFile();
    const server = net.createServer((s) => s.destroy());
    await new Promise<void>((resolve) => server.listen(file, resolve));
    try {
      const pull = track(new Pull());
      await expect(pull.bind(`ipc://${file}`)).rejects.toMatchObject({ code: "EADDRINUSE" });
      expect(fs.existsSync(file)).toBe(true);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("does not replace a file that is not a socket", async () => {
    const file = socketFile();
    fs.writeFileSync(file, "precious");
    const pull = track(new Pull());
    await expect(pull.bind(`ipc://${file}`)).rejects.toMatchObject({ code: "EADDRINUSE" });
    expect(fs.readFileSync(file, "utf8")).toBe("precious");
  });

  it("removes the socket file on unbind", async () => {
    const file = socketFile();
    const pull = track(new Pull());
    await pull.bind(`ipc://${file}`);
    expect(fs.existsSync(file)).toBe(true);
    await pull.unbind(`ipc://${file}`);
    await removed(file);
    await expect(pull.unbind(`ipc://${file}`)).rejects.toBeInstanceOf(ZmqError);
  });

  it("removes the socket file on close", async () => {
    const file = socketFile();
    const pull = track(new Pull());
    await pull.bind(`ipc://${file}`);
    const push = track(new Push());
    push.connect(`ipc://${file}`);
    await roundTrip(push, pull);
    pull.linger = 0;
    pull.close();
    await removed(file);
  });

  it("ipc://* binds a fresh path, reported in lastEndpoint", async () => {
    const a = track(new Pull());
    const b = track(new Pull());
    await a.bind("ipc://*");
    await b.bind("ipc://*");
    const endpointA = a.lastEndpoint!;
    const endpointB = b.lastEndpoint!;
    expect(endpointA).toMatch(/^ipc:\/\/.+/);
    expect(endpointA).not.toBe("ipc://*");
    expect(endpointA).not.toBe(endpointB);
    const fileA = endpointA.slice("ipc://".length);
    expect(fs.lstatSync(fileA).isSocket()).toBe(true);
    const push = track(new Push());
    push.connect(endpointA);
    await roundTrip(push, a, "to a fresh path");
    a.linger = 0;
    await a.closeAndWait();
    await removed(fileA);
  });

  it("relative paths work", async () => {
    // Relative to the working directory: run this one inside the temporary directory.
    const previous = process.cwd();
    const name = `rel-${counter++}.sock`;
    const file = path.join(dir, name);
    process.chdir(dir);
    try {
      const pull = track(new Pull());
      await pull.bind(`ipc://${name}`);
      expect(pull.lastEndpoint).toBe(`ipc://${name}`);
      expect(fs.existsSync(file)).toBe(true);
      const push = track(new Push());
      push.connect(`ipc://${name}`);
      await roundTrip(push, pull, "relative");
      pull.linger = 0;
      push.linger = 0;
      await Promise.all([pull.closeAndWait(), push.closeAndWait()]);
      await removed(file);
    } finally {
      process.chdir(previous);
      fs.rmSync(file, { force: true });
    }
  });

  // Only Linux has the abstract namespace.
  it.skipIf(linux)("abstract names (ipc://@name) are refused off Linux", async () => {
    const pull = track(new Pull());
    await expect(pull.bind(`ipc://@zmtp-abstract-${process.pid}`)).rejects.toBeInstanceOf(ZmqError);
  });

  it.skipIf(!linux)("abstract names (ipc://@name) work on Linux and leave no file", async () => {
    const name = `zmtp-abstract-${process.pid}-${Date.now()}`;
    const pull = track(new Pull());
    await pull.bind(`ipc://@${name}`);
    expect(pull.lastEndpoint).toBe(`ipc://@${name}`);
    expect(fs.existsSync(`@${name}`)).toBe(false);
    const push = track(new Push());
    push.connect(`ipc://@${name}`);
    await roundTrip(push, pull, "abstract");
    // A second bind to the same abstract name is refused.
    const other = track(new Pull());
    await expect(other.bind(`ipc://@${name}`)).rejects.toMatchObject({ code: "EADDRINUSE" });
  });

  it("connect to ipc://* is rejected with EINVAL", () => {
    const push = track(new Push());
    expect(() => {
      push.connect("ipc://*");
    }).toThrow(expect.objectContaining({ code: "EINVAL" }) as Error);
  });
});
