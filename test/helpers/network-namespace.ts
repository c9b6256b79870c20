/**
 * Private network namespaces for tests that must not touch the machine's network (multicast, partitions):
 * one made with `unshare -n` for a program that sets its own loopback up, or two joined by a veth pair
 * (two "hosts", 10.22.0.1 and 10.22.0.2, multicast routed between them), each process inside entered with
 * `nsenter`. They need root; `namespaceUnavailable()` says why not when they cannot be made, for a test's
 * `it.skipIf(reason !== undefined)` and its name. Everything made is gone when the test ends: the namespaces
 * live only as long as the processes inside them.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

export const REPO_ROOT = path.resolve(import.meta.dirname, "..", "..");
/** tsx's loader: runs a TypeScript program with node. */
export const TSX_LOADER = path.join(REPO_ROOT, "node_modules", "tsx", "dist", "esm", "index.mjs");

function works(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Why a private network namespace cannot be made here (with these programs available), or undefined. */
export function namespaceUnavailable(...needs: string[]): string | undefined {
  if (process.platform !== "linux") return "network namespaces are Linux only";
  if (process.getuid?.() !== 0) return "creating a network namespace needs root";
  if (!works("unshare", ["-n", "ip", "link", "set", "lo", "up"])) return "unshare -n or ip is not available here";
  for (const need of needs) {
    if (!works("sh", ["-c", `command -v ${need}`])) return `${need} is not installed`;
  }
  return undefined;
}

export interface Run {
  readonly code: number | null;
  readonly output: string;
}

/** A process in a namespace: its output so far, a wait for a line, its end. */
export class NamespaceProcess {
  private text = "";
  private readonly watchers: (() => void)[] = [];
  readonly exited: Promise<Run>;

  constructor(private readonly child: ChildProcess, timeoutMs: number) {
    const take = (chunk: Buffer): void => {
      this.text += chunk.toString();
      for (const watcher of this.watchers.splice(0)) watcher();
    };
    child.stdout?.on("data", take);
    child.stderr?.on("data", take);
    const killer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    this.exited = new Promise((resolve) => {
      child.once("exit", (code) => {
        clearTimeout(killer);
        resolve({ code, output: this.text });
        for (const watcher of this.watchers.splice(0)) watcher();
      });
    });
  }

  get output(): string {
    return this.text;
  }

  /** Resolves once the output contains `text`; rejects if the process ends first or after `timeoutMs`. */
  waitFor(text: string, timeoutMs = 30_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`timed out waiting for ${JSON.stringify(text)}; output so far:\n${this.text}`));
      }, timeoutMs);
      const check = (): void => {
        if (this.text.includes(text)) {
          clearTimeout(timer);
          resolve();
        } else if (this.child.exitCode !== null || this.child.signalCode !== null) {
          clearTimeout(timer);
          reject(new Error(`exited before ${JSON.stringify(text)}; output:\n${this.text}`));
        } else {
          this.watchers.push(check);
        }
      };
      check();
    });
  }

  kill(): void {
    this.child.kill("SIGKILL");
  }
}

/**
 * Runs `command` in a network namespace of its own (`unshare -n`), and a private mount namespace with a fresh
 * sysfs, so that /sys/class/net shows the namespace's interfaces (a veth's operstate, say) rather than the
 * host's. The program sets up its loopback and routes itself.
 */
export function runInNewNamespace(command: string, args: string[], env: Record<string, string> = {}, timeoutMs = 60_000): NamespaceProcess {
  const script = 'mount -t sysfs sysfs /sys 2>/dev/null; exec "$@"';
  const child = spawn("unshare", ["-n", "-m", "sh", "-c", script, "sh", command, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new NamespaceProcess(child, timeoutMs);
}

/**
 * A TypeScript program (a path from the repository's root, or absolute) run with node and tsx in a namespace
 * of its own, to its end (killed after `timeoutMs`): its exit code and everything it printed.
 */
export function runInNamespace(program: string, env: Record<string, string> = {}, timeoutMs = 60_000): Promise<Run> {
  return runInNewNamespace(process.execPath, ["--import", TSX_LOADER, program], env, timeoutMs).exited;
}

/** The end of a test's name when it is skipped: why (empty when it runs). */
export function skippedBecause(reason: string | undefined): string {
  return reason === undefined ? "" : ` (skipped: ${reason})`;
}

/** A network namespace held open by a sleeping process; commands and programs run in it through nsenter. */
export class Namespace {
  private readonly processes: NamespaceProcess[] = [];

  private constructor(private readonly holder: ChildProcess) {}

  /** A fresh namespace with nothing set up (its loopback is down). */
  static async create(): Promise<Namespace> {
    const holder = spawn("unshare", ["-n", "sleep", "3600"], { stdio: "ignore" });
    const namespace = new Namespace(holder);
    // unshare execs sleep inside the new namespace: wait until the namespace is the holder's.
    const own = execFileSync("readlink", ["/proc/self/ns/net"]).toString().trim();
    for (let i = 0; i < 500; i++) {
      try {
        if (execFileSync("readlink", [`/proc/${namespace.pid}/ns/net`]).toString().trim() !== own) return namespace;
      } catch {
        // Not started yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    namespace.destroy();
    throw new Error("the namespace did not come up");
  }

  /** A fresh namespace whose loopback is up and carries IPv4 multicast (224.0.0.0/4). */
  static async loopback(): Promise<Namespace> {
    const namespace = await Namespace.create();
    try {
      namespace.exec("ip", "link", "set", "lo", "up");
      namespace.exec("ip", "route", "add", "224.0.0.0/4", "dev", "lo");
    } catch (err) {
      namespace.destroy();
      throw err;
    }
    return namespace;
  }

  get pid(): number {
    const pid = this.holder.pid;
    if (pid === undefined) throw new Error("the namespace holder did not start");
    return pid;
  }

  /** Runs a command to completion inside the namespace. */
  exec(command: string, ...args: string[]): string {
    return execFileSync("nsenter", ["-t", String(this.pid), "-n", command, ...args]).toString();
  }

  /** Drops `percent` % of the UDP datagrams to `port` that arrive here (nftables, random). */
  addLoss(percent: number, port: number): void {
    this.exec("nft", "add", "table", "inet", "loss");
    this.exec("nft", "add", "chain", "inet", "loss", "input", "{ type filter hook input priority 0; }");
    this.exec("nft", "add", "rule", "inet", "loss", "input", "udp", "dport", String(port), "numgen", "random", "mod", "100", "<", String(percent), "counter", "drop");
  }

  /** How many datagrams the loss rule dropped. */
  dropped(): number {
    const match = /counter packets (\d+)/.exec(this.exec("nft", "list", "table", "inet", "loss"));
    return Number(match?.[1] ?? 0);
  }

  /** Starts a process inside the namespace. */
  spawn(command: string, args: string[], env: Record<string, string> = {}, timeoutMs = 60_000): NamespaceProcess {
    const child = spawn("nsenter", ["-t", String(this.pid), "-n", command, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const run = new NamespaceProcess(child, timeoutMs);
    this.processes.push(run);
    return run;
  }

  /** A TypeScript program run with node and tsx inside the namespace. */
  spawnProgram(program: string, env: Record<string, string> = {}, timeoutMs = 60_000): NamespaceProcess {
    return this.spawn(process.execPath, ["--import", TSX_LOADER, program], env, timeoutMs);
  }

  /** Ends every process started here and the namespace. */
  destroy(): void {
    for (const run of this.processes) run.kill();
    this.holder.kill("SIGKILL");
  }
}

export type Side = "a" | "b";

/** Two network namespaces ("hosts") joined by a veth pair: a has 10.22.0.1 on `va`, b 10.22.0.2 on `vb`. */
export class LinkedNamespaces {
  static readonly ADDRESS: Record<Side, string> = { a: "10.22.0.1", b: "10.22.0.2" };
  static readonly INTERFACE: Record<Side, string> = { a: "va", b: "vb" };

  private constructor(private readonly sides: Record<Side, Namespace>) {}

  /** Makes both namespaces, the link, their addresses, and a route for 224.0.0.0/4 over the link. */
  static async create(): Promise<LinkedNamespaces> {
    const a = await Namespace.create();
    let b: Namespace | undefined;
    try {
      b = await Namespace.create();
      const pair = new LinkedNamespaces({ a, b });
      a.exec("ip", "link", "add", "va", "type", "veth", "peer", "name", "vb", "netns", String(b.pid));
      for (const side of ["a", "b"] as const) {
        const iface = LinkedNamespaces.INTERFACE[side];
        const namespace = pair.side(side);
        namespace.exec("ip", "link", "set", "lo", "up");
        namespace.exec("ip", "addr", "add", `${LinkedNamespaces.ADDRESS[side]}/24`, "dev", iface);
        namespace.exec("ip", "link", "set", iface, "up");
        namespace.exec("ip", "route", "add", "224.0.0.0/4", "dev", iface);
      }
      return pair;
    } catch (err) {
      a.destroy();
      b?.destroy();
      throw err;
    }
  }

  side(side: Side): Namespace {
    return this.sides[side];
  }

  /** Drops `percent` % of the UDP datagrams to `port` arriving in either namespace. */
  addLoss(percent: number, port: number): void {
    this.sides.a.addLoss(percent, port);
    this.sides.b.addLoss(percent, port);
  }

  /** How many datagrams the loss rules dropped, both namespaces together. */
  dropped(): number {
    return this.sides.a.dropped() + this.sides.b.dropped();
  }

  spawn(side: Side, command: string, args: string[], env: Record<string, string> = {}, timeoutMs = 60_000): NamespaceProcess {
    return this.sides[side].spawn(command, args, env, timeoutMs);
  }

  spawnProgram(side: Side, program: string, env: Record<string, string> = {}, timeoutMs = 60_000): NamespaceProcess {
    return this.sides[side].spawnProgram(program, env, timeoutMs);
  }

  destroy(): void {
    this.sides.a.destroy();
    this.sides.b.destroy();
  }
}
