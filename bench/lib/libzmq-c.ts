/**
 * libzmq from C: builds bench/c/zmq-bench.c with gcc against the system's libzmq (Debian's libzmq3-dev) and
 * runs it as a child. When the headers are missing and we are root, installs the package with apt
 * (non-interactive: CI=true, DEBIAN_FRONTEND=noninteractive, no stdin); when that cannot be done, says why
 * and the bench goes on without the C column. The binary is built once per source version, in the system's
 * temporary directory (never in the repository).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseResult, type Job, type Result } from "./job.js";

const SOURCE = fileURLToPath(new URL("../c/zmq-bench.c", import.meta.url));

export type CProgram = { binary: string } | { skipped: string };

function compile(binary: string): string | undefined {
  const gcc = spawnSync("gcc", ["-O2", "-o", binary, SOURCE, "-lzmq", "-lpthread"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (gcc.error !== undefined) return `gcc could not be run (${gcc.error.message})`;
  if (gcc.status !== 0) return gcc.stderr.trim().split("\n").slice(0, 3).join(" / ");
  return undefined;
}

function aptInstall(): string | undefined {
  if (process.platform !== "linux" || !fs.existsSync("/usr/bin/apt-get")) return "no apt-get here";
  if (process.getuid?.() !== 0) return "not root, so libzmq3-dev cannot be installed (sudo apt-get install libzmq3-dev)";
  const env = { ...process.env, CI: "true", DEBIAN_FRONTEND: "noninteractive" };
  const apt = (args: string[]): boolean =>
    spawnSync("apt-get", args, { env, stdio: ["ignore", "ignore", "pipe"], timeout: 300_000 }).status === 0;
  console.error("bench: installing libzmq3-dev with apt-get (for the libzmq-from-C column)…");
  if (apt(["install", "-y", "--no-install-recommends", "libzmq3-dev"])) return undefined;
  if (apt(["update"]) && apt(["install", "-y", "--no-install-recommends", "libzmq3-dev"])) return undefined;
  return "apt-get install libzmq3-dev failed";
}

/** Builds the C program (installing libzmq3-dev first if needed), or says why the C column is skipped. */
export function prepareC(): CProgram {
  if (process.env.BENCH_C === "0") return { skipped: "BENCH_C=0" };
  const hash = createHash("sha256").update(fs.readFileSync(SOURCE)).digest("hex").slice(0, 12);
  const dir = path.join(os.tmpdir(), `zmtp-bench-c-${hash}`);
  const binary = path.join(dir, "zmq-bench");
  if (fs.existsSync(binary)) return { binary };
  fs.mkdirSync(dir, { recursive: true });
  let failure = compile(binary);
  if (failure !== undefined && /zmq\.h|-lzmq/.test(failure)) {
    const installFailure = aptInstall();
    if (installFailure !== undefined) return { skipped: `libzmq headers missing and ${installFailure}` };
    failure = compile(binary);
  }
  if (failure !== undefined) return { skipped: `the C program did not build: ${failure}` };
  return { binary };
}

export function runC(binary: string, job: Job): Result {
  const args =
    job.kind === "throughput"
      ? ["thr", job.transport, job.size, job.warmupMessages, job.warmupSeconds, job.seconds, job.pullBinds ? 1 : 0]
      : ["rt", job.size, job.warmupTrips, job.trips];
  const out = execFileSync(binary, args.map(String), { encoding: "utf8", timeout: 120_000 });
  return parseResult(out, "libzmq-c");
}
