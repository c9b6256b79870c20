/**
 * Runs one of programs/*.ts in a child process (node with tsx's loader) and follows it by events only: the
 * lines it prints, and its 'exit'. Every wait is bounded, so a child that hangs fails its test clearly; a
 * child still running when its test ends is killed.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterEach } from "vitest";

const root = path.resolve(import.meta.dirname, "..", "..");

/** How long any one wait on a child may take before the test fails (a loaded 2-core machine included). */
export const WAIT = 10_000;

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Program {
  readonly child: ChildProcess;
  /** Everything printed so far. */
  stdout(): string;
  stderr(): string;
  /** Whether the process has exited. */
  readonly running: boolean;
  /** Waits (bounded) for a line of stdout (or of stderr, with `stream`) matching `pattern`. */
  line(pattern: RegExp, stream?: "stdout" | "stderr"): Promise<RegExpMatchArray>;
  /** Waits (bounded) for the process to exit. */
  exit(timeoutMs?: number): Promise<Exit>;
  /**
   * Whether the process is still running after `ms`: only for showing that it stays alive, since its exit
   * would come at once. Resolves early (false) if it exits meanwhile.
   */
  stillRunningAfter(ms: number): Promise<boolean>;
}

const started: ChildProcess[] = [];

afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

/** Starts `programs/<name>` with `args`. */
export function runProgram(name: string, ...args: string[]): Program {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "programs", name), ...args], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
  });
  started.push(child);
  const out = { stdout: "", stderr: "" };
  let exit: Exit | undefined;
  // 'close' comes after 'exit', once the child's output has all arrived.
  const closed = new Promise<Exit>((resolve) => {
    child.once("close", (code: number | null, signal: NodeJS.Signals | null) => {
      exit = { code, signal };
      resolve(exit);
    });
  });
  child.stdout.on("data", (chunk: Buffer) => (out.stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (out.stderr += chunk.toString()));
  const describe = (): string => `${name} ${args.join(" ")}\n--- stdout:\n${out.stdout}--- stderr:\n${out.stderr}`;

  /** Resolves as `promise` does, or rejects after `ms` with `what` and the child's output. */
  const bounded = async <T>(promise: Promise<T>, ms: number, what: string): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        reject(new Error(`${what} within ${ms} ms\n${describe()}`));
      }, ms);
    });
    try {
      return await Promise.race([promise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    child,
    stdout: () => out.stdout,
    stderr: () => out.stderr,
    get running() {
      return exit === undefined && child.exitCode === null && child.signalCode === null;
    },
    line(pattern, stream = "stdout") {
      const find = (): RegExpMatchArray | undefined => {
        for (const text of out[stream].split("\n")) {
          const match = pattern.exec(text);
          if (match !== null) return match;
        }
        return undefined;
      };
      const source = child[stream];
      let onData: (() => void) | undefined;
      const found = new Promise<RegExpMatchArray>((resolve, reject) => {
        onData = (): void => {
          // Our first 'data' listener has appended the chunk already.
          const match = find();
          if (match !== undefined) resolve(match);
        };
        onData();
        source.on("data", onData);
        void closed.then(() => {
          const match = find();
          if (match !== undefined) resolve(match);
          else reject(new Error(`${name} exited without printing ${String(pattern)}\n${describe()}`));
        });
      });
      return bounded(found, WAIT, `${name} did not print ${String(pattern)}`).finally(() => source.off("data", onData!));
    },
    exit(timeoutMs = WAIT) {
      return bounded(closed, timeoutMs, `${name} did not exit`);
    },
    async stillRunningAfter(ms) {
      let timer: NodeJS.Timeout | undefined;
      const waited = new Promise<boolean>((resolve) => (timer = setTimeout(resolve, ms, true)));
      try {
        return await Promise.race([waited, closed.then(() => false)]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
