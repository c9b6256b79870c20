/**
 * What is published, checked as a registry user would get it (the tarball `npm pack` writes from a fresh
 * copy of the sources): publint in strict mode with nothing to say, not even a suggestion; are-the-types-wrong
 * under its strictest profile (node10, node16 from CJS and from ESM, bundler) for every entry point; a
 * bundler honouring `sideEffects` keeps what the entry installs at load; `engines`, the README's
 * support table and CHANGELOG.md agree with package.json.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import * as esbuild from "esbuild"; // tsup's bundler (tsup depends on it): the same kind a user's build runs
import { publint } from "publint";
import { formatMessage } from "publint/utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packPackage, ROOT, type PackedPackage } from "../helpers/packed-package.js";

const run = promisify(execFile);
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  version: string;
  engines: { node: string };
  exports: Record<string, unknown>;
  sideEffects: unknown;
};

interface AttwReport {
  analysis: { entrypoints: Record<string, unknown>; problems: { kind: string; entrypoint: string; resolutionKind?: string }[] };
}

let packed: PackedPackage | undefined;
const tarball = (): string => packed!.tarball;

describe("package hygiene: the packed tarball", () => {
  beforeAll(() => {
    packed = packPackage("zmtp-hygiene-");
  }, 180_000);
  afterAll(() => {
    packed?.remove();
  });

  it("publint (strict, suggestions included) has nothing to say", async () => {
    const { messages, pkg: linted } = await publint({ pack: { tarball: new Uint8Array(fs.readFileSync(tarball())).buffer }, strict: true, level: "suggestion" });
    expect(messages.map((message) => `${message.type}: ${formatMessage(message, linted, { color: false }) ?? message.code}`)).toEqual([]);
  });

  it("are-the-types-wrong (strict profile: node10, node16 CJS and ESM, bundler) finds no problem in any entry", async () => {
    const attw = path.join(ROOT, "node_modules", ".bin", "attw");
    // attw exits 1 when it finds a problem; the report says which.
    const { stdout } = await run(attw, [tarball(), "--format", "json", "--profile", "strict"], { maxBuffer: 64 * 1024 * 1024 }).catch(
      (error: unknown) => error as { stdout: string },
    );
    const report = JSON.parse(stdout) as AttwReport;
    expect(report.analysis.problems).toEqual([]);
    // Every subpath of the exports map was analysed (a new entry is checked without touching this test).
    const subpaths = Object.keys(pkg.exports).filter((key) => key !== "./package.json");
    expect(Object.keys(report.analysis.entrypoints)).toEqual(expect.arrayContaining(subpaths));
  }, 60_000);

  /**
   * `"sideEffects": false` would be wrong: src/index.ts imports root/context.ts only for its side effect
   * (installing the context every socket is wired by), and esbuild, honouring the flag, drops such an import,
   * in tsup's own build of dist/ as in a user's bundle (every socket then throws "no socket context is
   * installed"). So `sideEffects` names that module and the built files that carry it; everything else may be
   * shaken.
   */
  it("sideEffects names the modules that install the context, and a bundler honouring it keeps the install", async () => {
    expect(pkg.sideEffects).toEqual(expect.arrayContaining(["./src/root/context.ts", "./dist/index.js", "./dist/index.cjs"]));
    const project = packed!.consumer("bundled");
    fs.writeFileSync(
      path.join(project, "app.mjs"),
      `import { Pull, Push } from "zmtp";
       const pull = new Pull({ linger: 0 });
       await pull.bind("inproc://bundled");
       const push = new Push({ linger: 0 });
       push.connect("inproc://bundled");
       await push.send("through a bundle");
       console.log(String(await pull.receive()));
       push.close();
       pull.close();`,
    );
    for (const minify of [false, true]) {
      const outfile = path.join(project, minify ? "out.min.mjs" : "out.mjs");
      await esbuild.build({ entryPoints: [path.join(project, "app.mjs")], bundle: true, platform: "node", format: "esm", minify, outfile, logLevel: "silent" });
      const { stdout } = await run(process.execPath, [outfile], { cwd: project, timeout: 20_000 });
      expect(stdout, minify ? "minified" : "bundled").toBe("through a bundle\n");
    }
  }, 60_000);

  /**
   * A user's TypeScript project, strict, under each resolution the README's support table names: `node16`
   * from an ES module and from a CommonJS module, and `bundler`; every subpath of the exports map imported.
   */
  it.each([
    ["node16, ES module", { module: "node16", moduleResolution: "node16" }, "app.mts"],
    ["node16, CommonJS module", { module: "node16", moduleResolution: "node16" }, "app.cts"],
    ["bundler", { module: "esnext", moduleResolution: "bundler" }, "app.ts"],
  ])("a strict TypeScript project type-checks against it (%s)", async (_name, resolution, file) => {
    const project = packed!.consumer(`typescript-${file.replace(".", "-")}`, ["@types/node"]);
    const subpaths = Object.keys(pkg.exports).filter((key) => key !== "./package.json" && key !== ".");
    const source = [
      `import { Pull, Push, ZmqError, type MessageLike, type SocketOptions } from "zmtp";`,
      ...subpaths.map((subpath, i) => `import * as entry${i} from "zmtp/${subpath.slice(2)}";`),
      `const options: SocketOptions<Push> = { linger: 0, sendHighWaterMark: 10 };`,
      `const push = new Push(options);`,
      `const message: MessageLike[] = ["a", Buffer.from("b")];`,
      `export async function roundTrip(pull: Pull): Promise<string> {`,
      `  await push.send(message);`,
      `  const [first] = await pull.receive();`,
      `  return first instanceof Buffer ? first.toString() : String(new ZmqError("EINVAL", "unreachable"));`,
      `}`,
      `export const entries = [${subpaths.map((_s, i) => `entry${i}`).join(", ")}];`,
    ].join("\n");
    fs.writeFileSync(path.join(project, file), source);
    fs.writeFileSync(
      path.join(project, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { ...resolution, target: "es2022", strict: true, noEmit: true, types: ["node"], skipLibCheck: false }, files: [file] }),
    );
    const tsc = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");
    const failure = await run(process.execPath, [tsc, "-p", project], { cwd: project }).then(
      () => undefined,
      (error: unknown) => {
        const { stdout = "", stderr = "", code } = error as { stdout?: string; stderr?: string; code?: number };
        return `tsc exited with ${String(code)}:\n${stdout}${stderr}`;
      },
    );
    expect(failure).toBeUndefined();
  }, 60_000);

  it("engines, the README's support table and CHANGELOG.md agree with package.json", () => {
    expect(pkg.engines.node).toBe(">=20");
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    expect(readme).toMatch(/\| Node\.js \| 20, 22 \|/);
    const changelog = fs.readFileSync(path.join(ROOT, "CHANGELOG.md"), "utf8");
    expect(changelog).toMatch(new RegExp(`^## ${pkg.version.replaceAll(".", "\\.")}\\b`, "m"));
  });
});
