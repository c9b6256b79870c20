/**
 * An open socket alone never keeps the process alive (issue #14, "Process lifetime"): each program below
 * leaves its sockets open, never calls close(), and must exit on its own once it has nothing to wait for,
 * as a zeromq.js program does. The peers, when there are any, run here and stay open until the child exits.
 */
import net from "node:net";
import { describe, expect, it } from "vitest";
import { Push, Reply, Request, Router } from "../../src/index.js";
import { socketTracker } from "../helpers/socket-tracker.js";
import { runProgram } from "./child.js";
import { ipcEndpoint } from "./ipc-dir.js";

const track = socketTracker();

/** A loopback port that nothing listens on (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("an open socket does not keep the process alive", () => {
  it("idle sockets", async () => {
    const program = runProgram("idle.ts");
    expect(await program.exit()).toEqual({ code: 0, signal: null });
    expect(program.stdout()).toBe("created 3\n");
  });

  it("a bound tcp socket, nothing connected", async () => {
    const program = runProgram("bound-open.ts", "tcp://127.0.0.1:0");
    expect(await program.exit()).toEqual({ code: 0, signal: null });
    expect(program.stdout()).toMatch(/^bound tcp:\/\/127\.0\.0\.1:\d+\n$/);
  });

  for (const transport of ["tcp", "ipc"] as const) {
    it(`a bound ${transport} socket with an accepted connection still open`, async () => {
      const program = runProgram("bound-open.ts", transport === "tcp" ? "tcp://127.0.0.1:0" : ipcEndpoint(), "serve");
      const [, endpoint] = await program.line(/^bound (\S+)$/);
      const req = track(new Request({ linger: 0 }));
      req.connect(endpoint!);
      await req.send("hi");
      expect(String((await req.receive())[0])).toBe("re: hi");
      // Our Request stays connected while the child exits.
      expect(await program.exit()).toEqual({ code: 0, signal: null });
      expect(program.stdout()).toContain("served\n");
    });
  }

  it("a connected socket, its peer present and connected", async () => {
    const router = track(new Router({ linger: 0 }));
    await router.bind("tcp://127.0.0.1:0");
    const program = runProgram("connected-open.ts", router.lastEndpoint!);
    const [id, request] = await router.receive();
    await router.send([id!, `world (${String(request)})`]);
    expect(await program.exit()).toEqual({ code: 0, signal: null });
    expect(program.stdout()).toBe("connected: world (hello)\n");
  });

  it("a connected socket whose peer is absent, reconnecting", async () => {
    const program = runProgram("reconnecting-open.ts", `tcp://127.0.0.1:${await closedPort()}`);
    expect(await program.exit()).toEqual({ code: 0, signal: null });
    expect(program.stdout()).toBe("retrying\n");
  });

  it("for await … break, then nothing", async () => {
    const program = runProgram("for-await-break.ts");
    const [, endpoint] = await program.line(/^bound (\S+)$/);
    const push = track(new Push({ linger: 0 }));
    push.connect(endpoint!);
    await push.send("one");
    await push.send("two");
    expect(await program.exit()).toEqual({ code: 0, signal: null });
    expect(program.stdout()).toContain("got one\n");
    expect(program.stdout()).not.toContain("got two");
  });

  it("the guide's hwclient without close(), served from here: exits after its 10 replies", async () => {
    const rep = track(new Reply({ linger: 0 }));
    await rep.bind("tcp://127.0.0.1:0");
    const program = runProgram("hwclient.ts", rep.lastEndpoint!);
    for (let i = 0; i < 10; i++) {
      const [request] = await rep.receive();
      await rep.send(`World (${String(request)})`);
    }
    expect(await program.exit()).toEqual({ code: 0, signal: null });
    const lines = program.stdout().trim().split("\n");
    expect(lines).toHaveLength(10);
    expect(lines[9]).toBe("Received World (Hello 9)");
  });

  it("the guide's hwclient and a ten-request hwserver in one process, neither closed: exits", async () => {
    const program = runProgram("hwclient.ts");
    expect(await program.exit()).toEqual({ code: 0, signal: null });
    expect(program.stdout().trim().split("\n")).toEqual(Array.from({ length: 10 }, (_, i) => `Received World (Hello ${i})`));
  });
});
