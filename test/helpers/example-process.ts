/**
 * Runs the programs under `examples/` as a user would, each in its own Node.js process, and waits on what
 * they print. The TypeScript is loaded through tsx's loader (`node --import tsx/loader`), not the `tsx`
 * command: that keeps one process per example, so a signal reaches the program itself (the `tsx` command
 * relays signals to a second process and falls back to SIGKILL when the relay is slow, as it can be on a
 * loaded machine) and a kill leaves no orphan behind.
 *
 * Waits are event-driven (on the process's output and exit) and bounded: a program that never prints what
 * is expected fails the test with everything it did print.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach } from "vitest";

const root = path.resolve(import.meta.dirname, "..", "..");
const examplesDir = path.join(root, "examples");
const tsxLoader = pathToFileURL(path.join(root, "node_modules", "tsx", "dist", "loader.mjs")).href;

/** Generous bound on each wait: the machine running the suite may be loaded. */
export const EXAMPLE_WAIT_MS = 15_000;

export interface ExampleOptions {
  /** Command-line arguments after the script. */
  args?: readonly string[];
  /** Environment variables added to the test's own. */
  env?: Readonly<Record<string, string>>;
  /** Working directory (relative `ipc://` paths land there); default: the repository root. */
  cwd?: string;
}

export interface ExampleExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** One running example: its output so far, its exit, and ways to wait on both. */
export class ExampleProcess {
  /** `examples/`-relative script path, for messages. */
  readonly name: string;
  /** Settles when the process has exited. */
  readonly exited: Promise<ExampleExit>;
  private readonly child: ChildProcessWithoutNullStreams;
  private text = "";
  private exit: ExampleExit | undefined;

  constructor(script: string, options: ExampleOptions = {}) {
    this.name = script;
    this.child = spawn(process.execPath, ["--import", tsxLoader, path.join(examplesDir, script), ...(options.args ?? [])], {
      cwd: options.cwd ?? root,
      env: { ...process.env, ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    const append = (chunk: Buffer): void => {
      this.text += chunk.toString();
    };
    this.child.stdout.on("data", append);
    this.child.stderr.on("data", append);
    // A program that exits without reading its stdin must not turn a later write into an error.
    this.child.stdin.on("error", () => undefined);
    this.exited = new Promise((resolve) => {
      this.child.once("close", (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      });
    });
  }

  /** stdout and stderr so far, interleaved as they arrived. */
  get output(): string {
    return this.text;
  }

  /** Whether the process is still running. */
  get running(): boolean {
    return this.exit === undefined;
  }

  /** Writes to the program's stdin (e.g. "\n" for "Press Enter"). */
  write(text: string): void {
    this.child.stdin.write(text);
  }

  /**
   * Resolves once the output matches `pattern` (a string or RegExp; with the `g` flag, once it matches at
   * least `count` times). Rejects, quoting the output, if the process exits first or `timeoutMs` passes.
   */
  async waitFor(pattern: string | RegExp, count = 1, timeoutMs = EXAMPLE_WAIT_MS): Promise<void> {
    const matched = (): boolean => countMatches(this.text, pattern) >= count;
    if (matched()) return;
    await new Promise<void>((resolve, reject) => {
      const done = (error?: Error): void => {
        clearTimeout(timer);
        this.child.stdout.off("data", check);
        this.child.stderr.off("data", check);
        this.child.off("close", closed);
        if (error === undefined) resolve();
        else reject(error);
      };
      const fail = (why: string): Error =>
        new Error(`${this.name}: ${why} before printing ${String(pattern)}${count > 1 ? ` ×${count}` : ""}; output:\n${this.text}`);
      // The data listeners added in the constructor run first, so `text` already has the new chunk.
      const check = (): void => {
        if (matched()) done();
      };
      const closed = (): void => {
        done(matched() ? undefined : fail("exited"));
      };
      const timer = setTimeout(() => {
        done(fail(`timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.child.stdout.on("data", check);
      this.child.stderr.on("data", check);
      this.child.once("close", closed);
      if (this.exit !== undefined) closed();
    });
  }

  /**
   * Waits (bounded) for one more match of `pattern` than the output has now (a string, or a RegExp with the
   * `g` flag): the next time a line that may have been printed before is printed again.
   */
  async waitForNext(pattern: string | RegExp, timeoutMs = EXAMPLE_WAIT_MS): Promise<void> {
    await this.waitFor(pattern, countMatches(this.text, pattern) + 1, timeoutMs);
  }

  /** Waits (bounded) for the process to exit by itself; rejects with its output if it does not. */
  async finished(timeoutMs = EXAMPLE_WAIT_MS): Promise<ExampleExit> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        reject(new Error(`${this.name}: still running after ${timeoutMs} ms; output:\n${this.text}`));
      }, timeoutMs);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Sends `signal` (SIGINT by default, as Ctrl-C does) and waits (bounded) for the exit. Send it only once
   * the program's output shows that it runs: during start-up it has no handler yet, and the signal kills it.
   */
  async interrupt(signal: NodeJS.Signals = "SIGINT", timeoutMs = EXAMPLE_WAIT_MS): Promise<ExampleExit> {
    if (this.running) this.child.kill(signal);
    return this.finished(timeoutMs);
  }

  /** SIGKILL if still running (cleanup). */
  kill(): void {
    if (this.running) this.child.kill("SIGKILL");
  }
}

/** How many times `pattern` occurs in `text` (a RegExp without the `g` flag counts at most once). */
export function countMatches(text: string, pattern: string | RegExp): number {
  if (typeof pattern === "string") return text.split(pattern).length - 1;
  if (!pattern.global) return pattern.test(text) ? 1 : 0;
  return text.match(pattern)?.length ?? 0;
}

/**
 * Returns a `start(script, options)` that runs an example and, after each test, kills whatever it started
 * that is still running, so that a failed test leaves no process behind.
 */
export function exampleRunner(): (script: string, options?: ExampleOptions) => ExampleProcess {
  const started: ExampleProcess[] = [];
  afterEach(async () => {
    const running = started.splice(0).filter((p) => p.running);
    for (const p of running) p.kill();
    await Promise.all(running.map((p) => p.exited));
  });
  return (script, options) => {
    const example = new ExampleProcess(script, options);
    started.push(example);
    return example;
  };
}

/**
 * A fresh temporary directory for one test's ipc endpoints (and a program's relative `ipc://` paths, run
 * with it as `cwd`), removed after the test.
 */
export function tempDirs(prefix = "zmtp-example-"): () => string {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
}
