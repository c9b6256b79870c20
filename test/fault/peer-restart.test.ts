/**
 * Issue 18, faults: the peer's process is killed (SIGKILL, no goodbye on the wire) and started again on
 * the same endpoint. A zmtp PUSH connecting to it keeps its pipe across the outage (libzmq semantics: a
 * connecting socket's pipe outlives its connections, ZMQ_IMMEDIATE off), so what is sent while the peer is
 * down queues and arrives, in order, at the restarted peer. The peer is libzmq (zeromq.js) and zmtp, each
 * over tcp and ipc, in a child process (test/lifetime/programs/pull-printer.ts).
 *
 * What PUSH may lose is only what it had already handed to the dead connection; the test waits for the
 * 'disconnect' event before sending the queued batch, so nothing of that batch may go missing.
 */
import { describe, expect, it } from "vitest";
import { Push } from "../../src/index.js";
import { socketTracker } from "../helpers/socket-tracker.js";
import { within } from "../helpers/wait.js";
import { runProgram, type Program } from "../lifetime/child.js";
import { ipcEndpoint } from "../lifetime/ipc-dir.js";
import { useCrashGuard } from "./fault-kit.js";

const track = socketTracker();
useCrashGuard();

/** The texts a pull-printer child printed as `got <text>`, in order. */
function received(program: Program): string[] {
  return [...program.stdout().matchAll(/^got (.*)$/gm)].map((m) => m[1]!);
}

const range = (from: number, to: number): string[] => Array.from({ length: to - from }, (_, i) => `m${from + i}`);

async function sendRange(push: Push, from: number, to: number): Promise<void> {
  for (const text of range(from, to)) await within(push.send(text), `send ${text}`, 5000);
}

describe.each([
  ["libzmq", "tcp"],
  ["libzmq", "ipc"],
  ["zmtp", "tcp"],
  ["zmtp", "ipc"],
] as const)("a %s PULL over %s, SIGKILLed and restarted on the same endpoint", (impl, transport) => {
  it("messages queued on the connecting zmtp PUSH while it was down arrive at the new process, in order", async () => {
    const first = runProgram("pull-printer.ts", impl, transport === "tcp" ? "tcp://127.0.0.1:0" : ipcEndpoint());
    const endpoint = (await first.line(/^bound (.+)$/))[1]!;

    const push = track(new Push({ reconnectInterval: 50 }));
    let disconnects = 0;
    let wakeOnDisconnect: (() => void) | undefined;
    push.events.on("disconnect", () => {
      disconnects++;
      wakeOnDisconnect?.();
    });
    push.connect(endpoint);

    await sendRange(push, 0, 50);
    await first.line(/^got m49$/);
    expect(received(first)).toEqual(range(0, 50));

    const disconnected = new Promise<void>((resolve) => (wakeOnDisconnect = resolve));
    first.child.kill("SIGKILL");
    expect((await first.exit()).signal).toBe("SIGKILL");
    await within(disconnected, "zmtp's disconnect event after the peer was killed", 5000);

    // Nobody listens now: these queue in the pipe (well under the default high-water mark of 1000).
    await sendRange(push, 50, 250);

    const second = runProgram("pull-printer.ts", impl, endpoint);
    await second.line(/^bound /);
    await second.line(/^got m249$/);
    // Then the connection carries on as before.
    await sendRange(push, 250, 300);
    await second.line(/^got m299$/);

    expect(received(second)).toEqual(range(50, 300));
    expect(disconnects).toBe(1);
  });
});
