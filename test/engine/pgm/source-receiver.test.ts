/**
 * The PGM source and receiver on the fake network (test/helpers/pgm-fake-network.ts), beyond recovery: a
 * late joiner that comes in the middle of a message, a receiver whose socket reads slowly, SPMRs, what the
 * source refuses in a NAK, its rate, and its closing SPMs.
 */
import { describe, expect, it } from "vitest";
import { encodeNak, encodeSpmr } from "../../../src/codec/pgm/packet-encoder.js";
import { decodePgmPacket } from "../../../src/codec/pgm/packet-decoder.js";
import type { PgmPacket } from "../../../src/codec/pgm/packet.js";
import { checkSequence, FakeNetwork, FakeScheduler, GROUP, numbered, PORT, SOURCE_ADDRESS } from "../../helpers/pgm-fake-network.js";

function packet(bytes: Uint8Array): PgmPacket {
  const decoded = decodePgmPacket(bytes);
  if (decoded.kind === "drop") throw new Error(decoded.reason);
  return decoded;
}

describe("epgm receivers", () => {
  it("a late joiner whose first packet is the middle of a message starts at the next message, whole, and asks for nothing older", async () => {
    const clock = new FakeScheduler();
    const net = new FakeNetwork(clock);
    net.source.start();
    // It joins after the source's first SPMs and its first ODATA (message 0 spans ODATA 0–2).
    const late = net.addReceiver();
    net.drop = (d) => d.node === late.name && d.packet.kind === "odata" && d.packet.sqn === 0;
    for (let i = 0; i < 20; i++) net.sourcePipe.write(numbered(i));
    const got: Buffer[][] = [];
    await clock.until(() => (got.push(...late.take()), got.length === 19), 5000);
    checkSequence(got, 1);
    expect(net.count("nak")).toBe(0);
  });

  it("a socket that reads slowly loses nothing: delivery pauses at its high-water mark, and what the window could not hold is NAKed later", async () => {
    const clock = new FakeScheduler();
    const net = new FakeNetwork(clock);
    // libzmq's default rate and recovery interval: a window of 80 packets, which zmtp raises to 1,024.
    const slow = net.addReceiver({ rate: 100, recoveryInterval: 10_000 }, 10);
    net.source.start();
    // 2,000 packets: more than the receiver's window (1,024) holds while the socket does not read.
    const body = Buffer.alloc(1400, 7);
    for (let i = 0; i < 2000; i++) net.sourcePipe.write([Buffer.from(String(i)), body]);
    await clock.advance(2000);
    expect(slow.engine.stats.beyond).toBeGreaterThan(0);
    const got: number[] = [];
    await clock.until(() => {
      for (const message of slow.take()) got.push(Number(String(message[0])));
      return got.length === 2000;
    }, 30_000);
    expect(got).toEqual(Array.from({ length: 2000 }, (_, i) => i));
    expect(slow.engine.sources[0]!.resets).toBe(0);
  });

  it("data from a source without an SPM yet gets an SPMR after 25 ms, to the group and to the source, which answers with an SPM", async () => {
    const clock = new FakeScheduler();
    const net = new FakeNetwork(clock);
    net.source.start();
    const a = net.addReceiver();
    net.sourcePipe.write([Buffer.from("x")]);
    await clock.advance(30);
    // The one to the source (the multicast copy reaches no other receiver here).
    expect(net.sent.filter((d) => d.packet.kind === "spmr").map((d) => d.to)).toEqual([SOURCE_ADDRESS]);
    expect(a.engine.stats.spmrs).toBe(1);
    expect(net.source.stats.spms).toBe(3 + 1);
    expect(a.engine.sources[0]!.nla).toBe(SOURCE_ADDRESS);
    expect(a.take().map(String)).toEqual(["x"]);
  });

  it("a receiver that hears another's multicast SPMR holds its own back (pgm/source.c pgm_on_spmr, for a peer)", async () => {
    const clock = new FakeScheduler();
    const net = new FakeNetwork(clock);
    net.source.start();
    const a = net.addReceiver();
    const b = net.addReceiver();
    // b hears the source's data 10 ms after a, and no SPM at all: only a's SPMR can hold b's back.
    net.drop = (d) => d.node === b.name && (d.packet.kind === "spm" || (d.packet.kind === "odata" && d.packet.sqn === 0));
    net.sourcePipe.write([Buffer.from("first")]);
    await clock.advance(10);
    net.sourcePipe.write([Buffer.from("second")]);
    await clock.advance(100);
    const spmrs = net.sent.filter((d) => d.packet.kind === "spmr" && d.to === SOURCE_ADDRESS);
    expect(spmrs.map((d) => d.from)).toEqual([a.name]);
    expect(b.engine.sources[0]!.nla).toBeUndefined();
    expect(b.take().map(String)).toEqual(["second"]);
  });
});

describe("epgm sources", () => {
  function nakTo(net: FakeNetwork, change: Partial<{ sourcePort: number; destinationPort: number; gsi: number; nla: string; group: string }> = {}): Uint8Array {
    const to = { sourcePort: change.sourcePort ?? PORT, destinationPort: change.destinationPort ?? net.source.sourcePort, gsi: change.gsi ?? net.source.gsi };
    return encodeNak(to, "nak", [0], change.nla ?? SOURCE_ADDRESS, change.group ?? GROUP);
  }

  it("answers a valid NAK with an NCF at once and RDATA; refuses NAKs for another NLA, group, port or GSI (pgm/source.c pgm_on_nak)", async () => {
    const clock = new FakeScheduler();
    const net = new FakeNetwork(clock);
    net.addReceiver();
    net.source.start();
    net.sourcePipe.write([Buffer.from("x")]);
    await clock.advance(10);
    for (const bad of [{ nla: "10.0.0.9" }, { group: "239.192.1.2" }, { sourcePort: 7 }, { destinationPort: 7 }, { gsi: 1 }]) {
      net.source.onPacket(packet(nakTo(net, bad)));
    }
    expect(net.source.stats.refused).toBe(5);
    expect(net.count("ncf")).toBe(0);
    net.source.onPacket(packet(nakTo(net)));
    await clock.advance(10);
    expect([net.count("ncf"), net.count("rdata")]).toEqual([1, 1]);
    // A NAK for data never sent (or gone from the window) is neither confirmed nor repaired.
    net.source.onPacket(packet(encodeNak({ sourcePort: PORT, destinationPort: net.source.sourcePort, gsi: net.source.gsi }, "nak", [99], SOURCE_ADDRESS, GROUP)));
    await clock.advance(10);
    expect([net.count("ncf"), net.count("rdata")]).toEqual([1, 1]);
    expect(net.source.stats.tooOld).toBe(1);
  });

  it("answers an SPMR with an SPM (at most one per 5 ms, whatever the flood)", async () => {
    const clock = new FakeScheduler();
    const net = new FakeNetwork(clock);
    net.source.start();
    const spmr = packet(encodeSpmr({ sourcePort: PORT, destinationPort: net.source.sourcePort, gsi: net.source.gsi }));
    for (let i = 0; i < 100; i++) net.source.onPacket(spmr);
    expect(net.source.stats.spms).toBe(3 + 1);
    await clock.advance(6);
    net.source.onPacket(spmr);
    expect(net.source.stats.spms).toBe(3 + 2);
  });

  it("sends no faster than its rate (IP and UDP headers counted): 100 KB/s for 800 kbit/s", async () => {
    const clock = new FakeScheduler();
    const net = new FakeNetwork(clock, { rate: 800 });
    net.addReceiver();
    net.source.start();
    const body = Buffer.alloc(1000);
    for (let i = 0; i < 500; i++) net.sourcePipe.write([body]);
    await clock.until(() => net.source.backlog === 0, 60_000, 50);
    const seconds = clock.now() / 1000;
    // 500 × (1000 + 2 + 2 of framing) octets of data + headers, less the first second's burst OpenPGM allows.
    const octets = net.sent.filter((d) => d.packet.kind === "odata" && d.node === "10.0.0.2").length * 1500;
    expect(seconds).toBeGreaterThan((octets - 100_000) / 100_000 - 0.2);
    expect(seconds).toBeLessThan(octets / 100_000 + 0.2);
  });

  it("stops with 3 SPMs carrying OPT_FIN, after what was queued has been sent", async () => {
    const clock = new FakeScheduler();
    const net = new FakeNetwork(clock, { rate: 800 });
    const a = net.addReceiver();
    net.source.start();
    for (let i = 0; i < 50; i++) net.sourcePipe.write([Buffer.alloc(1400, i)]);
    let drained = false;
    void net.source.whenDrained().then(() => (drained = true));
    await clock.until(() => drained, 10_000, 10);
    net.source.stop();
    await clock.advance(10);
    const fins = net.sent.filter((d) => d.node === a.name && d.packet.kind === "spm" && d.packet.fin);
    expect(fins.length).toBe(3);
    expect(a.take().length).toBe(50);
  });
});
