/**
 * The PGM source and receivers over an in-memory network on a fake clock (test/helpers/pgm-fake-network.ts):
 * delivery in order, and recovery from losses injected deterministically — single packets, the last packet,
 * NAKs and NCFs and repairs lost too, 5 % of everything — and what happens when recovery is impossible.
 */
import { describe, expect, it } from "vitest";
import { seededRandom } from "../../helpers/bytes.js";
import { checkSequence, FakeNetwork, FakeScheduler, numbered, type Datagram } from "../../helpers/pgm-fake-network.js";

function setup(seed = 1, sourceOverrides = {}): { net: FakeNetwork; clock: FakeScheduler } {
  const clock = new FakeScheduler(seed);
  const net = new FakeNetwork(clock, sourceOverrides);
  return { net, clock };
}

function send(net: FakeNetwork, from: number, to: number): void {
  for (let i = from; i < to; i++) expect(net.sourcePipe.write(numbered(i))).toBe(true);
}

const isOdata = (d: Datagram, sqn: number): boolean => d.packet.kind === "odata" && d.packet.sqn === sqn;

describe("epgm source → receivers, lossless", () => {
  it("two receivers get every message, multipart and multi-APDU ones whole, in order; 3 SPMs go first", async () => {
    const { net, clock } = setup();
    const a = net.addReceiver();
    const b = net.addReceiver();
    net.source.start();
    expect(net.sent.slice(0, 6).every((d) => d.packet.kind === "spm")).toBe(true);
    send(net, 0, 500);
    const gotA: Buffer[][] = [];
    const gotB: Buffer[][] = [];
    await clock.until(() => {
      gotA.push(...a.take());
      gotB.push(...b.take());
      return gotA.length === 500 && gotB.length === 500;
    }, 10_000);
    checkSequence(gotA);
    checkSequence(gotB);
    expect(net.count("nak")).toBe(0);
    expect(net.count("rdata")).toBe(0);
  });

  it("messages sent in one turn share packets (as libzmq fills its buffer before sending)", async () => {
    const { net, clock } = setup();
    const a = net.addReceiver();
    net.source.start();
    for (let i = 0; i < 100; i++) net.sourcePipe.write([Buffer.from(`short ${i}`)]);
    await clock.advance(50);
    expect(a.take().length).toBe(100);
    expect(net.source.stats.odata).toBeLessThan(3);
  });

  it("heartbeat SPMs follow the data, then stop (the ambient one aside); their lead is the last sequence number", async () => {
    const { net, clock } = setup();
    net.addReceiver();
    net.source.start();
    net.sourcePipe.write([Buffer.from("one packet")]);
    await clock.advance(2000);
    const spms = net.sent.filter((d) => d.packet.kind === "spm").map((d) => d.packet);
    // 3 at start, then 0.1, 0.2, 0.3, 0.4, 0.5 and 1.8 s after the data.
    expect(spms.length).toBe(3 + 6);
    expect(spms.at(-1)).toMatchObject({ lead: 0, trail: 0 });
    await clock.advance(60_000);
    // +8.8 s and +24.8 s, and the ambient SPMs at 30 s and 60 s.
    expect(net.count("spm")).toBe(9 + 2 + 2);
  });
});

describe("epgm loss recovery (NAK → NCF → RDATA)", () => {
  it("a lost ODATA is NAKed after the back-off, confirmed by an NCF to the group, and repaired by RDATA", async () => {
    const { net, clock } = setup();
    const a = net.addReceiver();
    net.source.start();
    let dropped = false;
    net.drop = (d) => {
      if (!dropped && isOdata(d, 3)) return (dropped = true);
      return false;
    };
    for (let i = 0; i < 40; i++) {
      send(net, i * 10, i * 10 + 10);
      await clock.advance(5);
    }
    const got: Buffer[][] = [];
    await clock.until(() => (got.push(...a.take()), got.length === 400), 5000);
    checkSequence(got);
    expect(net.count("nak")).toBe(1);
    expect(net.count("ncf")).toBe(1);
    expect(net.sent.filter((d) => d.packet.kind === "rdata").map((d) => (d.packet.kind === "rdata" ? d.packet.sqn : -1))).toEqual([3]);
  });

  it("a lost last packet is found from the heartbeat SPM's lead and repaired", async () => {
    const { net, clock } = setup();
    const a = net.addReceiver();
    net.source.start();
    let dropped = false;
    net.drop = (d) => {
      if (!dropped && isOdata(d, 0)) return (dropped = true);
      return false;
    };
    net.sourcePipe.write([Buffer.from("the only message")]);
    await clock.advance(90);
    expect(a.take()).toEqual([]);
    // The first heartbeat SPM (+100 ms) says lead 0: the receiver NAKs it and gets the repair.
    await clock.advance(300);
    expect(a.take().map(String)).toEqual(["the only message"]);
    expect(net.count("rdata")).toBe(1);
  });

  it("lost NAKs are repeated, lost NCFs and RDATA are asked for again", async () => {
    const { net, clock } = setup();
    const a = net.addReceiver();
    net.source.start();
    const losses = new Map<string, number>([
      ["odata", 1],
      ["nak", 2],
      ["ncf", 1],
      ["rdata", 2],
    ]);
    net.drop = (d) => {
      const left = losses.get(d.packet.kind) ?? 0;
      if (d.packet.kind === "odata" && d.packet.sqn !== 2) return false;
      if (left === 0) return false;
      losses.set(d.packet.kind, left - 1);
      return true;
    };
    send(net, 0, 30);
    const got: Buffer[][] = [];
    await clock.until(() => (got.push(...a.take()), got.length === 30), 10_000);
    checkSequence(got);
    expect(net.count("nak")).toBeGreaterThanOrEqual(3);
    expect(net.count("rdata")).toBe(3);
  });

  it("under 5 % loss of every datagram, both ways, two receivers get everything, in order, uncorrupted", async () => {
    const { net, clock } = setup(7);
    const a = net.addReceiver();
    const b = net.addReceiver();
    net.source.start();
    const random = seededRandom(99);
    net.drop = () => random() < 0.05;
    const total = 3000;
    const gotA: Buffer[][] = [];
    const gotB: Buffer[][] = [];
    for (let i = 0; i < total; i += 50) {
      send(net, i, i + 50);
      await clock.advance(20);
      gotA.push(...a.take());
      gotB.push(...b.take());
    }
    await clock.until(() => (gotA.push(...a.take()), gotB.push(...b.take()), gotA.length === total && gotB.length === total), 30_000);
    checkSequence(gotA);
    checkSequence(gotB);
    expect(net.count("nak")).toBeGreaterThan(10);
    for (const r of [a, b]) expect(r.engine.sources[0]!.resets).toBe(0);
  });
});

describe("epgm when recovery is impossible", () => {
  it("a packet lost for good (every repair lost too) is given up after the retries; the stream resumes at the next message start and nothing partial or spliced is delivered", async () => {
    const { net, clock } = setup();
    const a = net.addReceiver();
    net.source.start();
    // Message 0 spans ODATA 0–2 (3,000 octets and more); ODATA 2 also carries messages 1–4 and the start of 5.
    net.drop = (d) => (d.packet.kind === "odata" || d.packet.kind === "rdata") && d.packet.sqn === 2;
    send(net, 0, 30);
    const got: Buffer[][] = [];
    await clock.until(() => (got.push(...a.take()), got.length > 0 && numberOf(got.at(-1)!) === 29), 60_000, 100);
    // Nothing of messages 0–5 (each touches ODATA 2); everything from the first start after it, whole.
    expect(numberOf(got[0]!)).toBe(6);
    checkSequence(got, 6);
    expect(got.length).toBe(24);
    expect(a.engine.sources[0]!.resets).toBe(1);
    // The retries were spent: 50 NAK rounds.
    expect(net.count("nak")).toBeGreaterThan(50);
  });

  it("data that left the source's window is lost at once when its trail passes it (no waiting for retries)", async () => {
    // A 10-packet window: rate 12 kbit/s × 1 s / 1500 = 1 packet... use 120 kbit/s over 1 s: 10 packets.
    const { net, clock } = setup(1, { rate: 120, recoveryInterval: 1000, maxTpdu: 1500 });
    const a = net.addReceiver();
    net.source.start();
    net.drop = (d) => (d.packet.kind === "odata" || d.packet.kind === "rdata") && d.packet.sqn === 0;
    send(net, 0, 60);
    const got: Buffer[][] = [];
    await clock.until(() => (got.push(...a.take()), got.length > 0 && numberOf(got.at(-1)!) === 59), 60_000, 50);
    // Nothing before the first message start after the hole; everything after it, whole and in order.
    const first = numberOf(got[0]!);
    expect(first).toBeGreaterThan(0);
    checkSequence(got, first);
    expect(a.engine.sources[0]!.window.losses).toBe(1);
    // Far fewer NAK rounds than the 50 retries: the trail in the source's packets ended them.
    expect(net.count("nak")).toBeLessThan(20);
  });
});

function numberOf(message: Buffer[]): number {
  return Number(message[0]!.toString().slice(1));
}
