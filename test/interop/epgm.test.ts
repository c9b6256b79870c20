/**
 * epgm against libzmq 4.3.4 + OpenPGM 5 (Debian's python3-zmq), both directions, each side binding and
 * connecting, lossless and with 5 % of datagrams dropped (nftables). Two private network namespaces joined by
 * a veth pair stand for two hosts (test/helpers/network-namespace.ts): OpenPGM binds its port with
 * SO_REUSEPORT only, which Node.js 20 cannot set, so a libzmq and a zmtp epgm socket cannot share a port on
 * one host; nothing leaves the machine. Skipped, with the reason, without root, nsenter, nft or python3-zmq.
 */
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { LinkedNamespaces, namespaceUnavailable, skippedBecause, type NamespaceProcess, type Side } from "../helpers/network-namespace.js";
import { allReceived, type EpgmCounts } from "../helpers/epgm-messages.js";

const PYTHON = "/usr/bin/python3";
const PORT = 5555;
const ZMTP = "test/interop/programs/epgm-zmtp.ts";
const LIBZMQ = "test/interop/programs/epgm-libzmq.py";

function libzmqUnavailable(): string | undefined {
  try {
    execFileSync(PYTHON, ["-c", "import sys, zmq; sys.exit(0 if zmq.has('pgm') else 1)"], { stdio: "ignore" });
    return undefined;
  } catch {
    return "python3-zmq built with OpenPGM is not installed (apt-get install python3-zmq)";
  }
}

const reason = namespaceUnavailable("nsenter", "nft") ?? libzmqUnavailable();

type Impl = "zmtp" | "libzmq";

type Tally = EpgmCounts;

function endpoint(side: Side, byName: boolean): string {
  const iface = byName ? LinkedNamespaces.INTERFACE[side] : LinkedNamespaces.ADDRESS[side];
  return `epgm://${iface};239.192.1.1:${PORT}`;
}

function start(net: LinkedNamespaces, side: Side, impl: Impl, env: Record<string, string>): NamespaceProcess {
  if (impl === "zmtp") return net.spawnProgram(side, ZMTP, env, 90_000);
  return net.spawn(side, PYTHON, [LIBZMQ], env, 90_000);
}

interface Exchange {
  from: Impl;
  to: Impl;
  /** The zmtp side binds (else connects); libzmq always connects (for epgm, bind is connect). */
  bind?: boolean;
  /** zmtp's interface by name (va, vb) rather than address (OpenPGM refuses these veth names: always addresses). */
  byName?: boolean;
  count: number;
  loss?: number;
}

/** Runs a sender in namespace a and a receiver in b; resolves to what the receiver saw and how much was dropped. */
async function exchange(spec: Exchange): Promise<{ tally: Tally; dropped: number; output: string }> {
  const net = await LinkedNamespaces.create();
  try {
    if (spec.loss !== undefined) net.addLoss(spec.loss, PORT);
    const common = { N: String(spec.count), BIND: spec.bind === true ? "1" : "0", IDLE_MS: "6000" };
    const byName = (impl: Impl): boolean => spec.byName === true && impl === "zmtp";
    const receiver = start(net, "b", spec.to, { ...common, ROLE: "sub", EP: endpoint("b", byName(spec.to)) });
    await receiver.waitFor("ready", 30_000);
    const sender = start(net, "a", spec.from, { ...common, ROLE: "pub", EP: endpoint("a", byName(spec.from)) });
    const { output } = await receiver.exited;
    sender.kill();
    const line = /result received (\d+) corrupt (\d+) disorder (\d+) skipped (\d+) first (-?\d+) last (-?\d+)/.exec(output);
    if (line === null) throw new Error(`no result from the receiver:\n${output}\nsender:\n${sender.output}`);
    const [received, corrupt, disorder, skipped, first, last] = line.slice(1).map(Number) as [number, number, number, number, number, number];
    return { tally: { received, corrupt, disorder, skipped, first, last }, dropped: spec.loss === undefined ? 0 : net.dropped(), output };
  } finally {
    net.destroy();
  }
}

const all = allReceived;

describe("epgm against libzmq + OpenPGM (two network namespaces)", () => {
  it.skipIf(reason !== undefined)(`libzmq PUB → zmtp SUB binding (interface by name): every message whole, in order${skippedBecause(reason)}`, async () => {
    const { tally } = await exchange({ from: "libzmq", to: "zmtp", bind: true, byName: true, count: 1000 });
    expect(tally).toEqual(all(1000));
  }, 90_000);

  it.skipIf(reason !== undefined)(`libzmq PUB → zmtp SUB connecting (interface by address)${skippedBecause(reason)}`, async () => {
    const { tally } = await exchange({ from: "libzmq", to: "zmtp", bind: false, count: 1000 });
    expect(tally).toEqual(all(1000));
  }, 90_000);

  it.skipIf(reason !== undefined)(`zmtp PUB binding (interface by name) → libzmq SUB: every message whole, in order${skippedBecause(reason)}`, async () => {
    const { tally } = await exchange({ from: "zmtp", to: "libzmq", bind: true, byName: true, count: 1000 });
    expect(tally).toEqual(all(1000));
  }, 90_000);

  it.skipIf(reason !== undefined)(`zmtp PUB connecting (interface by address) → libzmq SUB${skippedBecause(reason)}`, async () => {
    const { tally } = await exchange({ from: "zmtp", to: "libzmq", bind: false, count: 1000 });
    expect(tally).toEqual(all(1000));
  }, 90_000);

  it.skipIf(reason !== undefined)(`5 % loss, libzmq PUB → zmtp SUB: zmtp's NAKs get OpenPGM's repairs; nothing corrupt, nothing out of order${skippedBecause(reason)}`, async () => {
    const { tally, dropped } = await exchange({ from: "libzmq", to: "zmtp", bind: true, count: 3000, loss: 5 });
    expect(dropped).toBeGreaterThan(0);
    expect(tally.corrupt).toBe(0);
    expect(tally.disorder).toBe(0);
    // What OpenPGM repaired arrives; whatever it could not is skipped whole. In practice: everything.
    expect(tally.received + tally.skipped).toBe(tally.last - tally.first + 1);
    expect(tally.received).toBeGreaterThan(2700);
  }, 90_000);

  it.skipIf(reason !== undefined)(`5 % loss, zmtp PUB → libzmq SUB: zmtp answers OpenPGM's NAKs with NCF and RDATA, and libzmq gets every message${skippedBecause(reason)}`, async () => {
    const { tally, dropped } = await exchange({ from: "zmtp", to: "libzmq", bind: true, count: 3000, loss: 5 });
    expect(dropped).toBeGreaterThan(0);
    expect(tally).toEqual(all(3000));
  }, 90_000);
});
