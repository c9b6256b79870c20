/**
 * The packed package on every runtime zmtp supports: Node.js 20 (the one running the tests; `engines` says
 * ≥ 20) and 22, Bun and Deno, each installed from the npm registry: the `node`, `bun` and `deno` packages,
 * which ship their binaries, locked in test/runtimes/toolchain and installed there (npm ci) on first use.
 * They are not devDependencies: a user installing zmtp from git would download them all, and the `node`
 * package's bin would replace the Node.js of every npm script. Each runtime runs
 * smoke.mjs (every socket pattern over tcp, ipc and inproc, through `import "zmtp"`, plus libzmq peers
 * where the runtime loads zeromq.js's native addon) and smoke.cjs (`require("zmtp")`). A failure on any
 * runtime fails the suite.
 */
import { execFile, execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packPackage, ROOT, type PackedPackage } from "../helpers/packed-package.js";

const run = promisify(execFile);
const TOOLCHAIN = path.join(import.meta.dirname, "toolchain");
const bin = (name: string): string => path.join(TOOLCHAIN, "node_modules", ".bin", name);
/** The `node` package's own binary (its .bin entry is the same file). */
const NODE22 = path.join(TOOLCHAIN, "node_modules", "node", "bin", "node");

interface Runtime {
  name: string;
  command: () => string;
  args: readonly string[];
  /**
   * Whether the runtime loads zeromq.js's native addon (libzmq) for the libzmq checks. Bun 1.4 cannot: the
   * addon calls libuv's uv_poll_init_socket, which Bun does not implement, and Bun aborts the whole process
   * (a panic, not an exception), so it is not even tried there.
   */
  libzmq: boolean;
}

const RUNTIMES: readonly Runtime[] = [
  { name: `Node.js ${process.versions.node} (the one running the tests)`, command: () => process.execPath, args: [], libzmq: true },
  { name: "Node.js 22 (npm package node@22)", command: () => NODE22, args: [], libzmq: true },
  { name: "Bun (npm package bun)", command: () => bin("bun"), args: [], libzmq: false },
  { name: "Deno (npm package deno)", command: () => bin("deno"), args: ["run", "-A"], libzmq: true },
];

interface SmokeReport {
  runtime: string;
  version: string;
  results: { name: string; ok: boolean; error?: string }[];
  libzmq: string;
}

let packed: PackedPackage | undefined;
let project = "";

/** Node.js 22, Bun and Deno from the npm registry, installed from test/runtimes/toolchain's lock file unless they are there. */
function installToolchain(): void {
  if ([NODE22, bin("bun"), bin("deno")].every((file) => fs.existsSync(file))) return;
  try {
    execFileSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: TOOLCHAIN, stdio: ["ignore", "pipe", "pipe"], shell: process.platform === "win32" });
  } catch (error) {
    throw new Error(`installing Node.js 22, Bun and Deno from the npm registry (npm ci in ${TOOLCHAIN}) failed: ${String(error)}`);
  }
}

const environment = (runtime: Runtime): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, DENO_NO_UPDATE_CHECK: "1", DENO_NO_PROMPT: "1", NO_COLOR: "1" };
  delete env.ZMTP_DEBUG;
  delete env.NODE_OPTIONS; // vitest's, for the Node.js running it
  if (runtime.libzmq) env.ZMTP_SMOKE_ZEROMQ = pathToFileURL(path.join(ROOT, "node_modules", "zeromq", "lib", "index.js")).href;
  return env;
};

describe("runtimes: the packed package on Node.js 20 and 22, Bun and Deno", () => {
  beforeAll(() => {
    installToolchain();
    packed = packPackage("zmtp-runtimes-");
    project = packed.consumer("project");
    for (const file of ["smoke.mjs", "smoke.cjs"]) fs.copyFileSync(path.join(import.meta.dirname, file), path.join(project, file));
  }, 240_000);
  afterAll(() => {
    packed?.remove();
  });

  describe.each(RUNTIMES)("$name", (runtime) => {
    it(`every pattern over tcp, ipc and inproc through import "zmtp"${runtime.libzmq ? ", and libzmq peers over tcp and ipc" : " (no libzmq peer: zeromq.js's addon aborts Bun 1.4)"}`, async () => {
      const { stdout } = await run(runtime.command(), [...runtime.args, "smoke.mjs"], { cwd: project, env: environment(runtime), timeout: 45_000 }).catch(
        (error: unknown) => {
          const { stdout: out = "", stderr = "" } = error as { stdout?: string; stderr?: string };
          throw new Error(`${runtime.name} failed the smoke suite:\n${out}\n${stderr}`);
        },
      );
      const report = JSON.parse(stdout.trim().split("\n").at(-1)!) as SmokeReport;
      const failed = report.results.filter((r) => !r.ok);
      expect(failed, JSON.stringify(failed, null, 2)).toEqual([]);
      expect(report.results.length).toBe(runtime.libzmq ? 22 : 18);
      expect(report.libzmq).toBe(runtime.libzmq ? "loaded" : "not asked for");
      if (runtime.name.startsWith("Node.js 22")) expect(report.version).toMatch(/^22\./);
    }, 60_000);

    it('the CommonJS build through require("zmtp")', async () => {
      const { stdout } = await run(runtime.command(), [...runtime.args, "smoke.cjs"], { cwd: project, env: environment(runtime), timeout: 30_000 });
      expect(JSON.parse(stdout)).toEqual({ frames: [["required", "tcp"], ["required", "inproc"]] });
    }, 40_000);
  });
});
