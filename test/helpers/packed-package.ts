/**
 * The package as a user installs it: the sources copied into a fresh directory (no dist/), node_modules linked
 * in (no network), `npm pack` (whose `prepare` script runs the tsup build), the tarball unpacked. Tests that
 * check what is published (publint, are-the-types-wrong) or run it on other runtimes start from here, never
 * from the working tree's dist/, which may be stale.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "..", "..");

/** What a fresh clone has that a build needs (CHANGELOG.md too where it exists: it may be packed). */
const SOURCES = ["package.json", "tsconfig.json", "tsup.config.ts", "browser.config.ts", "src", "README.md", "LICENSE", "CHANGELOG.md"];

export interface PackedPackage {
  /** The temporary directory holding everything below; removed by `remove()`. */
  readonly work: string;
  /** The tarball `npm pack` wrote. */
  readonly tarball: string;
  /** The tarball unpacked: what lands in a user's node_modules/zmtp. */
  readonly unpacked: string;
  /**
   * A directory whose node_modules has `zmtp` (the unpacked package) and, where given, other packages linked
   * from this repository's node_modules: a user's project.
   */
  consumer(name: string, linked?: readonly string[]): string;
  remove(): void;
}

/** npm as typed in a shell: not the settings of an npm running the tests (its prefix is the project). */
function shellEnvironment(): NodeJS.ProcessEnv {
  return {
    ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key))),
    npm_config_offline: "true",
    npm_config_audit: "false",
    npm_config_fund: "false",
    npm_config_update_notifier: "false",
  };
}

/** Packs the package from a fresh copy of its sources (takes a build: ~10–30 s). */
export function packPackage(prefix = "zmtp-packed-"): PackedPackage {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const clone = path.join(work, "clone");
  for (const entry of SOURCES) {
    if (fs.existsSync(path.join(ROOT, entry))) fs.cpSync(path.join(ROOT, entry), path.join(clone, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(clone, "node_modules"), "junction");
  // Not `--json`: the `prepare` build prints to the same stdout, so the tarball is found by its name.
  execFileSync("npm", ["pack", "--pack-destination", work], {
    cwd: clone,
    stdio: ["ignore", "pipe", "pipe"],
    shell: process.platform === "win32",
    env: shellEnvironment(),
  });
  const filename = fs.readdirSync(work).find((name) => name.endsWith(".tgz"));
  if (filename === undefined) throw new Error(`npm pack left no tarball in ${work}`);
  const tarball = path.join(work, filename);
  execFileSync("tar", ["-xzf", tarball, "-C", work]);
  const unpacked = path.join(work, "package");
  return {
    work,
    tarball,
    unpacked,
    consumer(name, linked = []) {
      const dir = path.join(work, name);
      const modules = path.join(dir, "node_modules");
      fs.mkdirSync(modules, { recursive: true });
      fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name, private: true, type: "module" }));
      fs.symlinkSync(unpacked, path.join(modules, "zmtp"), "junction");
      for (const dependency of linked) {
        fs.mkdirSync(path.dirname(path.join(modules, dependency)), { recursive: true });
        fs.symlinkSync(path.join(ROOT, "node_modules", dependency), path.join(modules, dependency), "junction");
      }
      return dir;
    },
    remove() {
      fs.rmSync(work, { recursive: true, force: true });
    },
  };
}
