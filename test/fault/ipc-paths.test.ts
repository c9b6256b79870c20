/**
 * Red team, ipc: bind paths in a directory that does not exist, at the longest legal length, over a
 * regular file, over a live and a stale socket; garbage over a Unix socket. Every failure is a typed
 * ZmqError, nothing the user did not ask for is deleted, and the socket stays usable.
 */
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Pull, Push, ZmqError } from "../../src/index.js";
import { socketTracker } from "../helpers/socket-tracker.js";
import { within } from "../helpers/wait.js";
import { attacksFor } from "./attacks.js";
import { hangsUpWithin, useCrashGuard } from "./fault-kit.js";

const track = socketTracker();
useCrashGuard();

let dir = "";
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "zmtp-fault-"));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

async function bindError(pull: Pull, endpoint: string): Promise<ZmqError> {
  const err = await pull.bind(endpoint).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ZmqError);
  return err as ZmqError;
}

async function stillWorks(pull: Pull): Promise<void> {
  await pull.bind(`ipc://${dir}/ok.sock`);
  const push = track(new Push());
  push.connect(pull.lastEndpoint!);
  await push.send("alive");
  expect(String((await within(pull.receive(), "message over ipc"))[0])).toBe("alive");
}

describe("ipc bind paths", () => {
  it("a directory that does not exist: a typed error naming the endpoint, nothing created", async () => {
    const pull = track(new Pull());
    const endpoint = `ipc://${dir}/missing/deeper/socket`;
    const err = await bindError(pull, endpoint);
    expect(["EINVAL", "ENOENT"]).toContain(err.code);
    expect(err.message).toContain(endpoint);
    expect(fs.existsSync(path.join(dir, "missing"))).toBe(false);
    await stillWorks(pull);
  });

  it("the longest path a Unix socket holds (107 octets) binds, serves and is removed on unbind", async () => {
    const pull = track(new Pull());
    const name = path.join(dir, "s".repeat(107 - dir.length - 1));
    expect(Buffer.byteLength(name)).toBe(107);
    await pull.bind(`ipc://${name}`);
    expect(fs.statSync(name).isSocket()).toBe(true);
    const push = track(new Push());
    push.connect(`ipc://${name}`);
    await push.send("long");
    expect(String((await within(pull.receive(), "message"))[0])).toBe("long");
    await pull.unbind(`ipc://${name}`);
    expect(fs.existsSync(name)).toBe(false);
  });

  it("a regular file at the path: EADDRINUSE, and the file is left alone", async () => {
    const file = path.join(dir, "precious.txt");
    fs.writeFileSync(file, "do not delete");
    const pull = track(new Pull());
    expect((await bindError(pull, `ipc://${file}`)).code).toBe("EADDRINUSE");
    expect(fs.readFileSync(file, "utf8")).toBe("do not delete");
    const sub = path.join(dir, "a-directory");
    fs.mkdirSync(sub);
    expect((await bindError(pull, `ipc://${sub}`)).code).toBe("EADDRINUSE");
    expect(fs.statSync(sub).isDirectory()).toBe(true);
    await stillWorks(pull);
  });

  it("a live socket at the path: EADDRINUSE and the owner keeps serving; a stale one is replaced", async () => {
    const owner = track(new Pull());
    const live = `ipc://${dir}/live.sock`;
    await owner.bind(live);
    const intruder = track(new Pull());
    expect((await bindError(intruder, live)).code).toBe("EADDRINUSE");
    const push = track(new Push());
    push.connect(live);
    await push.send("still mine");
    expect(String((await within(owner.receive(), "owner message"))[0])).toBe("still mine");

    // A stale socket file: bound by a server that is gone without unlinking it.
    const stale = path.join(dir, "stale.sock");
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(stale, resolve));
    const copy = `${stale}.keep`;
    fs.linkSync(stale, copy);
    await new Promise((resolve) => server.close(resolve));
    fs.renameSync(copy, stale);
    expect(fs.statSync(stale).isSocket()).toBe(true);
    await intruder.bind(`ipc://${stale}`);
  });

  it("garbage over ipc: violations hang up, the good peer goes on", async () => {
    const pull = track(new Pull());
    const endpoint = `ipc://${dir}/target.sock`;
    await pull.bind(endpoint);
    const push = track(new Push());
    push.connect(endpoint);
    const attacks = attacksFor("PUSH", 0x1bc).filter((a) => a.mustHangUp);
    for (const [i, attack] of attacks.entries()) {
      const socket = net.connect({ path: `${dir}/target.sock` });
      const chunks: Buffer[] = [];
      socket.on("data", (c: Buffer) => chunks.push(c));
      socket.on("error", () => {});
      const hungUp = new Promise<void>((resolve) => socket.once("close", () => { resolve(); }).once("end", () => { resolve(); }));
      let hung = false;
      void hungUp.then(() => (hung = true));
      await new Promise<void>((resolve) => socket.once("connect", resolve));
      for (const chunk of attack.chunks) socket.write(chunk);
      const ok = await hangsUpWithin({ socket, received: () => Buffer.concat(chunks), hungUp, isHungUp: () => hung }, 2000);
      socket.destroy();
      expect(ok, attack.name).toBe(true);
      await push.send(`good-${i}`);
      // Legal messages an attacker sent before its violation are delivered; skip them.
      let got: string;
      do got = String((await within(pull.receive(), "good message"))[0]);
      while (!got.startsWith("good-"));
      expect(got).toBe(`good-${i}`);
    }
  });
});
