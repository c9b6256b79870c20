/**
 * Issue 18, faults: a peer that accepts, does the ZMTP handshake, and then never reads (a raw node:net
 * server opened with pauseOnConnect, so not even Node reads for it). What the zmtp side may hold for it is
 * bounded: the high-water mark plus what the kernel's socket buffers take. A PUSH then makes its sends wait
 * (EAGAIN after sendTimeout, or a send() that stays pending), losing nothing once the peer reads again; a
 * PUB drops (RFC 29: a publisher never blocks on a slow subscriber) and its sends keep resolving.
 *
 * The bound is counted in messages, not measured in time or RSS: HWM + the most the kernel can buffer on
 * this machine (tcp_wmem and tcp_rmem maxima) + a little slack for the message in the engine's hands.
 */
import fs from "node:fs";
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { Publisher, Push, type Socket } from "../../src/index.js";
import { concat } from "../helpers/bytes.js";
import { socketTracker } from "../helpers/socket-tracker.js";
import { settle, waitUntil, within } from "../helpers/wait.js";
import { commandFrame } from "../helpers/wire.js";
import { handshake } from "./attacks.js";
import { useCrashGuard } from "./fault-kit.js";

const track = socketTracker();
useCrashGuard();

const SIZE = 64 * 1024;
const HWM = 20;
const SLACK = 16;

/** The most one tcp connection's two socket buffers can hold here (Linux sysctl maxima; else 64 MiB). */
function kernelBufferCeiling(): number {
  const max = (file: string): number => {
    try {
      return Number(fs.readFileSync(file, "utf8").trim().split(/\s+/)[2]);
    } catch {
      return 32 * 1024 * 1024;
    }
  };
  return max("/proc/sys/net/ipv4/tcp_wmem") + max("/proc/sys/net/ipv4/tcp_rmem");
}

/** Messages the zmtp side may have taken from the application and not yet seen read. */
const BOUND = HWM + Math.ceil(kernelBufferCeiling() / SIZE) + SLACK;

function body(seq: number): Buffer {
  const out = Buffer.alloc(SIZE, 0x61);
  out.writeUInt32BE(seq, 0);
  return out;
}

/**
 * The stalled peer: greets as `socketType` (then sends `after`), and reads nothing until `resume()`, from
 * when on it decodes what it gets — the zmtp greeting, commands, then single-frame messages, whose first
 * four octets are their sequence number.
 */
interface StalledPeer {
  readonly endpoint: string;
  readonly connected: Promise<void>;
  resume(): void;
  /** Sequence numbers of the whole messages read so far. */
  readonly seqs: number[];
}

const servers: net.Server[] = [];
const connections: net.Socket[] = [];
afterEach(async () => {
  // server.close() waits for its connections: end them first.
  for (const socket of connections.splice(0)) socket.destroy();
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

async function stalledPeer(socketType: string, after: Uint8Array[] = []): Promise<StalledPeer> {
  let connection: net.Socket | undefined;
  let onConnect: (() => void) | undefined;
  const connected = new Promise<void>((resolve) => (onConnect = resolve));
  const server = net.createServer({ pauseOnConnect: true }, (socket) => {
    connection = socket;
    connections.push(socket);
    socket.on("error", () => undefined);
    socket.write(concat([handshake(socketType), ...after]));
    onConnect?.();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  const seqs: number[] = [];
  let pending: Buffer = Buffer.alloc(0);
  let greeted = false;
  const decode = (chunk: Buffer): void => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    if (!greeted) {
      if (pending.length < 64) return;
      pending = pending.subarray(64);
      greeted = true;
    }
    for (;;) {
      if (pending.length < 2) return;
      const flags = pending[0]!;
      const long = (flags & 0x02) !== 0;
      const headerSize = long ? 9 : 2;
      if (pending.length < headerSize) return;
      const size = long ? Number(pending.readBigUInt64BE(1)) : pending[1]!;
      if (pending.length < headerSize + size) return;
      const frame = pending.subarray(headerSize, headerSize + size);
      if ((flags & 0x04) === 0) {
        expect(frame.length, "a whole message").toBe(SIZE);
        seqs.push(frame.readUInt32BE(0));
      }
      pending = pending.subarray(headerSize + size);
    }
  };
  return {
    endpoint: `tcp://127.0.0.1:${port}`,
    connected,
    resume() {
      connection!.on("data", decode);
      connection!.resume();
    },
    seqs,
  };
}

function handshaken(socket: Socket): Promise<void> {
  return new Promise<void>((resolve) => socket.events.on("handshake", () => { resolve(); }));
}

function expectInOrder(seqs: readonly number[]): void {
  for (let i = 1; i < seqs.length; i++) expect(seqs[i]!, `order at ${i}`).toBeGreaterThan(seqs[i - 1]!);
}

describe("a peer that accepts and never reads", () => {
  it("PUSH: sends wait at the high-water mark (EAGAIN, then a pending send), nothing is lost once it reads", async () => {
    const peer = await stalledPeer("PULL");
    const push = track(new Push({ sendHighWaterMark: HWM, sendTimeout: 1000 }));
    const ready = handshaken(push);
    push.connect(peer.endpoint);
    await within(peer.connected, "connection", 5000);
    await within(ready, "handshake", 5000);

    // Send until a send times out; an unbounded socket would take all BOUND + 200.
    let accepted = 0;
    let refused: unknown;
    while (accepted < BOUND + 200) {
      try {
        await push.send(body(accepted));
        accepted++;
      } catch (err) {
        refused = err;
        break;
      }
    }
    expect(refused).toMatchObject({ code: "EAGAIN" });
    expect(accepted).toBeGreaterThanOrEqual(HWM);
    expect(accepted).toBeLessThanOrEqual(BOUND);

    // Without a timeout the next send stays pending while the peer reads nothing…
    push.sendTimeout = -1;
    let sent = false;
    const next = push.send(body(accepted)).then(() => (sent = true));
    await settle(50);
    expect(sent).toBe(false);

    // …and goes once it reads again; every message accepted arrives, in order.
    peer.resume();
    await within(next, "the pending send, once the peer reads", 10_000);
    await waitUntil(() => peer.seqs.length === accepted + 1, `all ${accepted + 1} messages read`, 10_000);
    expect(peer.seqs).toEqual(Array.from({ length: accepted + 1 }, (_, i) => i));
  });

  it("PUB: sends never wait, what does not fit is dropped, and what arrives is whole and in order", async () => {
    const peer = await stalledPeer("SUB", [commandFrame("SUBSCRIBE", [])]);
    const pub = track(new Publisher({ sendHighWaterMark: HWM }));
    const ready = handshaken(pub);
    pub.connect(peer.endpoint);
    await within(peer.connected, "connection", 5000);
    await within(ready, "handshake", 5000);
    await settle(20);

    const attempts = BOUND + 200;
    for (let i = 0; i < attempts; i++) await within(pub.send(body(i)), `publish ${i}`, 5000);

    // Now let it read; a marker published until one gets through says the backlog is all read.
    peer.resume();
    const MARKER = 0xffffffff;
    await waitUntil(
      () => {
        if (peer.seqs.at(-1) === MARKER) return true;
        void pub.send(body(MARKER));
        return false;
      },
      "a marker through",
      10_000,
    );
    const data = peer.seqs.filter((s) => s !== MARKER);
    expect(data.length).toBeGreaterThan(0);
    expect(data.length).toBeLessThanOrEqual(BOUND);
    expect(data.length).toBeLessThan(attempts);
    expectInOrder(data);
  });
});
