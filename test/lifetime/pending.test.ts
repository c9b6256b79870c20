/**
 * What does keep a process alive (issue #14, "Process lifetime"): a call still waiting. A pending receive()
 * or send() holds the process until it is served, and only until then. "Still running" is observed over a
 * short window: a process nothing holds would exit at once, well within it.
 */
import { describe, expect, it } from "vitest";
import { Pull, Push } from "../../src/index.js";
import { socketTracker } from "../helpers/socket-tracker.js";
import { runProgram } from "./child.js";
import { ipcEndpoint } from "./ipc-dir.js";

const track = socketTracker();
/** How long a held process is watched before its call is served. */
const WINDOW = 700;

describe("a pending call keeps the process alive until it is served", () => {
  it("receive() with no peer: stays; served from here over tcp, the process exits", async () => {
    const program = runProgram("pending-receive.ts");
    const [, endpoint] = await program.line(/^bound (\S+)$/);
    expect(await program.stillRunningAfter(WINDOW)).toBe(true);
    const push = track(new Push({ linger: 0 }));
    push.connect(endpoint!);
    await push.send("served");
    expect(await program.exit()).toEqual({ code: 0, signal: null });
    expect(program.stdout()).toContain("got served\n");
  });

  it("send() waiting at the high-water mark: stays; once a peer takes the queue, the send is served and the process exits", async () => {
    const endpoint = ipcEndpoint();
    const program = runProgram("pending-send.ts", endpoint);
    const [, waiting] = await program.line(/^waiting at message (\d+)$/);
    expect(await program.stillRunningAfter(WINDOW)).toBe(true);
    // The child has kept reconnecting (its timers run only because the pending send holds the process).
    const pull = track(new Pull({ linger: 0 }));
    await pull.bind(endpoint);
    expect(String((await pull.receive())[0])).toBe("message 1");
    expect(await program.exit()).toEqual({ code: 0, signal: null });
    expect(program.stdout()).toContain(`sent ${waiting}\n`);
  });
});
