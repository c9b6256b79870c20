/**
 * close() with messages still queued (issue #14, "Process lifetime"): under linger the process stays until
 * they are delivered or linger runs out, and a close that lingers long says so once, naming `linger`. The
 * peer is absent at close (an ipc path nobody listens on yet); the child prints how long it lived after
 * close().
 */
import { describe, expect, it } from "vitest";
import { Pull } from "../../src/index.js";
import { messageText } from "../helpers/text.js";
import { socketTracker } from "../helpers/socket-tracker.js";
import { runProgram } from "./child.js";
import { ipcEndpoint } from "./ipc-dir.js";

const track = socketTracker();

/** The child's own measure, from close() to its exit. */
function livedAfterClose(stdout: string): number {
  const match = /^exit (\d+) ms after close$/m.exec(stdout);
  if (match === null) throw new Error(`no exit line in:\n${stdout}`);
  return Number(match[1]);
}

const warnings = (stderr: string): number => stderr.split("[ZMTP_LINGER]").length - 1;

describe("close() with messages queued", () => {
  it("default linger (-1), peer absent: stays, warns once naming linger, and exits once the peer has them all", async () => {
    const endpoint = ipcEndpoint();
    const program = runProgram("close-lingering.ts", endpoint, "3");
    await program.line(/^closed with 3 queued, linger -1$/);
    // The warning comes after a grace period of about a second: the process is still there to print it.
    const [warning] = await program.line(/\[ZMTP_LINGER\].*/, "stderr");
    expect(program.running).toBe(true);
    expect(warning).toContain("3 queued message(s)");
    expect(warning).toContain(endpoint);
    expect(warning).toMatch(/`linger` \(now -1 ms/);
    expect(warning).toContain("socket.linger");

    const pull = track(new Pull({ linger: 0 }));
    await pull.bind(endpoint);
    const got: string[] = [];
    for (let i = 0; i < 3; i++) got.push(messageText(await pull.receive()));
    expect(got).toEqual(["message 1", "message 2", "message 3"]);
    expect(await program.exit()).toEqual({ code: 0, signal: null });
    expect(warnings(program.stderr())).toBe(1);
  });

  it("linger 500, peer absent: exits after about 500 ms, without a warning", async () => {
    const program = runProgram("close-lingering.ts", ipcEndpoint(), "3", "500");
    expect(await program.exit()).toEqual({ code: 0, signal: null });
    const lived = livedAfterClose(program.stdout());
    expect(lived).toBeGreaterThanOrEqual(450);
    expect(lived).toBeLessThan(2500);
    // A linger shorter than the warning's grace period ends the wait by itself: nothing to say.
    expect(warnings(program.stderr())).toBe(0);
  });

  it("nothing queued (default linger -1), peer absent: exits at once, without a warning", async () => {
    const program = runProgram("close-lingering.ts", ipcEndpoint(), "0");
    expect(await program.exit()).toEqual({ code: 0, signal: null });
    expect(livedAfterClose(program.stdout())).toBeLessThan(400);
    expect(program.stderr()).toBe("");
  });
});
