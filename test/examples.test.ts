import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "..");
const tsx = path.join(root, "node_modules", ".bin", "tsx");

/** Runs an example that terminates on its own and returns what it printed. */
async function example(name: string, env: Record<string, string> = {}): Promise<string> {
  const { stdout } = await run(tsx, [path.join(root, "examples", name)], {
    cwd: root,
    env: { ...process.env, ...env },
    timeout: 30_000,
  });
  return stdout;
}

describe("examples that terminate", () => {
  it("push-pull.ts delivers every task", async () => {
    const out = await example("push-pull.ts", { MESSAGES: "25" });
    expect(out).toMatch(/worker bound to tcp:\/\/127\.0\.0\.1:\d+/);
    expect(out).toContain("worker got task 1\n");
    expect(out).toContain("worker got task 25\n");
    expect(out).toContain("done: 25 of 25 tasks");
  });

  it("req-rep.ts answers each request", async () => {
    const out = await example("req-rep.ts");
    expect(out.trim().split("\n")).toEqual([
      "hello 1 -> world (hello 1)",
      "hello 2 -> world (hello 2)",
      "hello 3 -> world (hello 3)",
    ]);
  });
});
