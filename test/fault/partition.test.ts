/**
 * A network partition, made inside a private network namespace the test creates (`unshare -n`, root only):
 * the namespace's loopback goes down under an established tcp connection, so neither side hears a FIN or
 * an RST. Heartbeats detect it on both sides, the loopback comes back, the PUSH reconnects and everything
 * it queued meanwhile arrives, in order (test/fault/programs/partition.ts). The control run, without
 * heartbeats, shows the partition goes unnoticed: what detects it is the heartbeat.
 */
import { execFileSync, spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..", "..");
const program = path.join(root, "test", "fault", "programs", "partition.ts");
const loader = path.join(root, "node_modules", "tsx", "dist", "esm", "index.mjs");

/** Why the test cannot run here, or undefined: it needs root, `unshare -n` and `ip`. */
function unavailable(): string | undefined {
  if (process.platform !== "linux") return "network namespaces are Linux only";
  if (process.getuid?.() !== 0) return "creating a network namespace needs root";
  try {
    execFileSync("unshare", ["-n", "ip", "link", "set", "lo", "up"], { stdio: "ignore" });
  } catch {
    return "unshare -n or ip is not available here";
  }
  return undefined;
}

const reason = unavailable();

function runInNamespace(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn("unshare", ["-n", process.execPath, "--import", loader, program], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const killer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.once("exit", (code) => {
      clearTimeout(killer);
      resolve({ code, output });
    });
  });
}

describe("a network partition in a private namespace", () => {
  it.skipIf(reason !== undefined)(`heartbeats detect it on both sides; after healing the PUSH reconnects and nothing queued is lost${reason === undefined ? "" : ` (skipped: ${reason})`}`, async () => {
    const { code, output } = await runInNamespace({});
    expect(output).toContain("received before");
    expect(output).toContain("partition detected by both sides");
    expect(output).toContain("after healing: during 1, during 2, during 3, during 4, during 5");
    expect(code, output).toBe(0);
  });

  it.skipIf(reason !== undefined)(`the same against a libzmq PULL with heartbeats${reason === undefined ? "" : ` (skipped: ${reason})`}`, async () => {
    const { code, output } = await runInNamespace({ PEER: "libzmq" });
    expect(output).toContain("partition detected by both sides");
    expect(output).toContain("after healing: during 1, during 2, during 3, during 4, during 5");
    expect(code, output).toBe(0);
  });

  it.skipIf(reason !== undefined)(`the control: without heartbeats the same partition goes unnoticed${reason === undefined ? "" : ` (skipped: ${reason})`}`, async () => {
    const { code, output } = await runInNamespace({ HEARTBEATS: "0", DETECT_MS: "2000" });
    expect(output).toContain("received before");
    expect(output).toContain("timed out waiting for both sides to notice the partition");
    expect(code).not.toBe(0);
  });
});
