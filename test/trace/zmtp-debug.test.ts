/**
 * ZMTP_DEBUG=1: a program that sets nothing else prints each connection's greetings, READY commands and
 * frames on stderr, labelled with the endpoint and the direction; without it, nothing.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "..", "..");
const tsx = path.join(root, "node_modules", ".bin", "tsx");
const program = path.join(import.meta.dirname, "traced-program.ts");

async function traced(transport: string, debug: string | undefined): Promise<{ stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (debug === undefined) delete env.ZMTP_DEBUG;
  else env.ZMTP_DEBUG = debug;
  return run(tsx, [program, transport], { cwd: root, env, timeout: 30_000 });
}

/** Lines of the tracer's format, for one origin (connect or accept). */
function linesOf(stderr: string, origin: "connect" | "accept"): string[] {
  return stderr.split("\n").filter((line) => line.startsWith("zmtp #") && line.includes(` ${origin} `));
}

describe("ZMTP_DEBUG=1 prints every connection's greeting, handshake and frames to stderr", () => {
  it.each(["tcp", "ipc"])("over %s: both sides' greetings, READY with its metadata, each frame with flags, size and preview", async (transport) => {
    const { stdout, stderr } = await traced(transport, "1");
    expect(stdout).toBe("received 68656c6c6f 000102ff\n");
    const dialed = linesOf(stderr, "connect");
    const accepted = linesOf(stderr, "accept");
    const endpoint = transport === "tcp" ? String.raw`tcp://127\.0\.0\.1:\d+( \(peer 127\.0\.0\.1:\d+\))?` : String.raw`ipc://\S+trace\.sock`;
    const line = (origin: string, arrow: string, rest: string): RegExp => new RegExp(String.raw`^zmtp #\d+ ${origin} ${endpoint} ${arrow} ${rest}$`);
    for (const [lines, origin] of [[dialed, "connect"], [accepted, "accept"]] as const) {
      expect(lines, stderr).toContainEqual(expect.stringMatching(line(origin, ">", "greeting ZMTP 3.1 NULL client")));
      expect(lines, stderr).toContainEqual(expect.stringMatching(line(origin, "<", "greeting ZMTP 3.1 NULL client")));
    }
    expect(dialed, stderr).toContainEqual(expect.stringMatching(line("connect", ">", 'READY socket-type="PUSH"')));
    expect(dialed, stderr).toContainEqual(expect.stringMatching(line("connect", "<", 'READY socket-type="PULL"')));
    expect(accepted, stderr).toContainEqual(expect.stringMatching(line("accept", "<", 'READY socket-type="PUSH"')));
    expect(dialed, stderr).toContainEqual(expect.stringMatching(line("connect", ">", 'frame MORE 5 B "hello"')));
    expect(dialed, stderr).toContainEqual(expect.stringMatching(line("connect", ">", "frame 4 B 00 01 02 ff")));
    expect(accepted, stderr).toContainEqual(expect.stringMatching(line("accept", "<", 'frame MORE 5 B "hello"')));
    expect(accepted, stderr).toContainEqual(expect.stringMatching(line("accept", "<", "frame 4 B 00 01 02 ff")));
    expect(dialed.some((l) => / closed: /.test(l)), stderr).toBe(true);
    // An accepted tcp connection names its peer (a dialed one's peer is its endpoint).
    if (transport === "tcp") expect(accepted.every((l) => / \(peer 127\.0\.0\.1:\d+\) /.test(l)), stderr).toBe(true);
    // In the order they happened: the greeting before READY, READY before the first frame.
    const order = ["> greeting", "> READY", '> frame MORE 5 B "hello"'].map((part) => dialed.findIndex((l) => l.includes(part)));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  }, 60_000);

  it.each([[undefined], ["0"]])("ZMTP_DEBUG=%s: nothing is printed", async (debug) => {
    const { stdout, stderr } = await traced("tcp", debug);
    expect(stdout).toBe("received 68656c6c6f 000102ff\n");
    expect(stderr).not.toMatch(/zmtp #/);
  }, 60_000);
});
