/**
 * `npm run soak`: pushes 10 M messages through zmtp over tcp, ipc and inproc — PUSH→PULL streams and a
 * DEALER↔ROUTER echo on each — on long-lived connections, and watches the process's memory. The run is cut
 * into cycles; every cycle gives each of the six workloads an equal share of the messages, so a memory
 * sample taken between cycles always finds the process in the same state. After the warm-up cycles the
 * last sample must be within 10% of the first one (RSS and, after a forced GC, the JS heap), else the exit
 * code is 1. Every message carries its sequence number, checked on arrival (order and loss).
 *
 * `npm run soak` starts node with --expose-gc (so heap figures are after a full GC) and
 * --min-semi-space-size=16: V8 grows its young generation from 1 MiB to 16 MiB semi-spaces (heapTotal
 * +16 MB) at some moment of its choosing under sustained allocation, a one-off step that lands after the
 * warm-up as often as not and is not growth; starting it at its ceiling keeps that step out of the figure.
 *
 * Knobs (environment): SOAK_MESSAGES (total, default 10,000,000), SOAK_CYCLES (samples, default 20),
 * SOAK_WARMUP_CYCLES (default 4), SOAK_SIZE (payload octets, default 64, at least 8), SOAK_WINDOW (echo
 * requests in flight, default 64), SOAK_LIMIT_PERCENT (default 10).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Dealer, Pull, Push, Router, type Socket } from "../src/index.js";

const knob = (name: string, normal: number): number => {
  const value = Number(process.env[name] ?? normal);
  if (!Number.isInteger(value) || value <= 0) throw new TypeError(`${name} must be a positive integer, got ${process.env[name]}`);
  return value;
};

const totalMessages = knob("SOAK_MESSAGES", 10_000_000);
const cycles = knob("SOAK_CYCLES", 20);
const warmupCycles = Math.min(knob("SOAK_WARMUP_CYCLES", 4), cycles - 1);
const size = Math.max(8, knob("SOAK_SIZE", 64));
const window = knob("SOAK_WINDOW", 64);
const limitPercent = knob("SOAK_LIMIT_PERCENT", 10);

type Transport = "tcp" | "ipc" | "inproc";
const TRANSPORTS: readonly Transport[] = ["tcp", "ipc", "inproc"];

/** One workload on sockets that live for the whole run: `run(n)` moves n more messages and checks them. */
interface Workload {
  readonly name: string;
  run(count: number): Promise<void>;
  readonly sockets: readonly Socket[];
}

const ipcDir = fs.mkdtempSync(path.join(os.tmpdir(), "zmtp-soak-"));
let endpointCounter = 0;
function endpointFor(transport: Transport): string {
  endpointCounter++;
  if (transport === "tcp") return "tcp://127.0.0.1:0";
  if (transport === "ipc") return `ipc://${path.join(ipcDir, `soak-${endpointCounter}`)}`;
  return `inproc://soak-${endpointCounter}`;
}

/** A fresh message: the sequence number in its first 8 octets (a new Buffer, as a user's program sends). */
function messageFor(seq: number): Buffer {
  const body = Buffer.allocUnsafe(size);
  body.writeDoubleLE(seq, 0);
  return body;
}

function check(name: string, body: Buffer | undefined, expected: number): void {
  if (body === undefined || body.length !== size) throw new Error(`${name}: message ${expected} has ${body?.length} octets, not ${size}`);
  const seq = body.readDoubleLE(0);
  if (seq !== expected) throw new Error(`${name}: expected message ${expected}, got ${seq} (lost or reordered)`);
}

async function pushPull(transport: Transport): Promise<Workload> {
  const name = `PUSH→PULL ${transport}`;
  const pull = new Pull({ linger: 0 });
  const push = new Push({ linger: 0 });
  await pull.bind(endpointFor(transport));
  push.connect(pull.lastEndpoint!);
  let sent = 0;
  let received = 0;
  return {
    name,
    sockets: [push, pull],
    async run(count) {
      const sendEnd = sent + count;
      const sending = (async () => {
        while (sent < sendEnd) await push.send(messageFor(sent++));
      })();
      const receiveEnd = received + count;
      while (received < receiveEnd) {
        const [body] = await pull.receive();
        check(name, body, received++);
      }
      await sending;
    },
  };
}

async function dealerRouterEcho(transport: Transport): Promise<Workload> {
  const name = `DEALER↔ROUTER echo ${transport}`;
  const router = new Router({ linger: 0 });
  const dealer = new Dealer({ linger: 0 });
  await router.bind(endpointFor(transport));
  dealer.connect(router.lastEndpoint!);
  // The router echoes for the whole run; it stops when its socket closes.
  void (async () => {
    try {
      for (;;) await router.send(await router.receive());
    } catch {
      // closed at the end of the run
    }
  })();
  let sent = 0;
  let received = 0;
  // Set while the sender waits for a reply to free a place in the window.
  let wake: (() => void) | undefined;
  const replied = (): Promise<void> =>
    new Promise<void>((resolve) => {
      wake = () => {
        wake = undefined;
        resolve();
      };
    });
  return {
    name,
    sockets: [dealer, router],
    async run(count) {
      const sendEnd = sent + count;
      const receiveEnd = received + count;
      // Keep `window` requests in flight: a reply lets the next request go.
      const sending = (async () => {
        while (sent < sendEnd) {
          if (sent - received >= window) await replied();
          else await dealer.send(messageFor(sent++));
        }
      })();
      while (received < receiveEnd) {
        const [body] = await dealer.receive();
        check(name, body, received++);
        wake?.();
      }
      await sending;
    },
  };
}

interface Sample {
  cycle: number;
  messages: number;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  seconds: number;
}

const collect = (globalThis as { gc?: () => void }).gc;
const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1).padStart(7);
const growth = (now: number, base: number): number => ((now - base) / base) * 100;

function sample(cycle: number, messages: number, seconds: number): Sample {
  collect?.();
  const usage = process.memoryUsage();
  return { cycle, messages, rss: usage.rss, heapUsed: usage.heapUsed, heapTotal: usage.heapTotal, external: usage.external, seconds };
}

function print(s: Sample, previous: Sample | undefined): void {
  const rate = previous === undefined ? 0 : (s.messages - previous.messages) / (s.seconds - previous.seconds);
  const label = s.cycle === 0 ? "start" : s.cycle <= warmupCycles ? `warm-up ${s.cycle}` : `cycle ${s.cycle}`;
  console.log(
    `${label.padEnd(10)} ${String(s.messages).padStart(10)} msgs  rss ${mb(s.rss)} MB  heap ${mb(s.heapUsed)} of ${mb(s.heapTotal)} MB  ` +
      `external ${mb(s.external)} MB  ${Math.round(rate).toLocaleString("en-US").padStart(9)} msg/s`,
  );
}

async function main(): Promise<number> {
  const workloads: Workload[] = [];
  for (const transport of TRANSPORTS) workloads.push(await pushPull(transport), await dealerRouterEcho(transport));
  const perRun = Math.max(1, Math.floor(totalMessages / (cycles * workloads.length)));
  console.log(
    `soak: ${(perRun * cycles * workloads.length).toLocaleString("en-US")} messages of ${size} octets, ${cycles} cycles ` +
      `(${warmupCycles} warm-up) of ${perRun.toLocaleString("en-US")} per workload: ${workloads.map((w) => w.name).join(", ")}` +
      (collect === undefined ? "\n(no --expose-gc: heap figures are not after a full GC)" : ""),
  );
  const started = performance.now();
  let messages = 0;
  const samples: Sample[] = [sample(0, 0, 0)];
  print(samples[0]!, undefined);
  for (let cycle = 1; cycle <= cycles; cycle++) {
    for (const workload of workloads) {
      await workload.run(perRun);
      messages += perRun;
    }
    const s = sample(cycle, messages, (performance.now() - started) / 1000);
    print(s, samples.at(-1));
    samples.push(s);
  }
  for (const workload of workloads) for (const socket of workload.sockets) socket.close();
  fs.rmSync(ipcDir, { recursive: true, force: true });

  const base = samples[warmupCycles]!;
  const last = samples.at(-1)!;
  const after = samples.slice(warmupCycles);
  const peak = (key: "rss" | "heapUsed"): number => Math.max(...after.map((s) => s[key]));
  const rssGrowth = growth(last.rss, base.rss);
  const heapGrowth = growth(last.heapUsed, base.heapUsed);
  console.log(
    `\nafter warm-up (${base.messages.toLocaleString("en-US")} → ${last.messages.toLocaleString("en-US")} messages, ` +
      `${(last.seconds - base.seconds).toFixed(1)} s):\n` +
      `  rss  ${mb(base.rss)} → ${mb(last.rss)} MB  growth ${rssGrowth.toFixed(1)}%  (peak ${mb(peak("rss"))} MB)\n` +
      `  heap ${mb(base.heapUsed)} → ${mb(last.heapUsed)} MB  growth ${heapGrowth.toFixed(1)}%  (peak ${mb(peak("heapUsed"))} MB)`,
  );
  const failed = rssGrowth >= limitPercent || heapGrowth >= limitPercent;
  console.log(failed ? `FAIL: memory grew by ${limitPercent}% or more after warm-up` : `ok: growth under ${limitPercent}%`);
  return failed ? 1 : 0;
}

process.exitCode = await main();
