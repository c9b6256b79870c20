/**
 * ReadRelay (transport/read-relay.ts): the reads of a socket zmtp dials, into buffers chosen read by read
 * (net.Socket's `onread`). Over real loopback tcp: a sink gets a large body read straight into its own
 * buffer and every other octet as views, in order; without a sink the socket is an ordinary stream (as a
 * ZMQ_STREAM socket's raw connection needs); what arrived before the sink goes to it first. Runtimes whose
 * `onread` differs are played over a plain Duplex: one that reads into buffers of its own (Bun) gets
 * copies, one that reports more octets than the buffer holds ends the stream.
 */
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ipcTransport } from "../../src/transport/ipc.js";
import { READ_RELAY, ReadRelay, type ReadSink } from "../../src/transport/read-relay.js";
import { tcpTransport } from "../../src/transport/tcp.js";
import { MemoryDuplex } from "../helpers/memory-stream.js";
import { waitUntil, within } from "../helpers/wait.js";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function pattern(size: number, seed: number): Buffer {
  const out = Buffer.allocUnsafe(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/** A server that runs `serve` on each connection; resolves with its port. */
async function server(serve: (socket: net.Socket) => void): Promise<number> {
  const srv = net.createServer(serve);
  cleanups.push(() => srv.close());
  await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
  return (srv.address() as net.AddressInfo).port;
}

function dial(port: number): net.Socket {
  const socket = ReadRelay.connect({ host: "127.0.0.1", port });
  cleanups.push(() => socket.destroy());
  return socket;
}

/** A sink that reads `directSize` octets into a buffer of its own once `startAfter` octets came as chunks. */
class RecordingReadSink implements ReadSink {
  readonly chunks: Buffer[] = [];
  readonly direct: Buffer;
  directFill = 0;
  directReads = 0;
  received = (chunk: Buffer): void => {
    this.chunks.push(chunk);
    this.total += chunk.length;
  };
  total = 0;
  /** What largeReads() answers. */
  large = false;
  private directDone = false;

  constructor(
    directSize: number,
    private readonly startAfter: number,
  ) {
    this.direct = Buffer.alloc(directSize);
  }

  directBuffer(): Uint8Array | undefined {
    if (this.directDone || this.total < this.startAfter) return undefined;
    return this.direct.subarray(this.directFill);
  }

  largeReads(): boolean {
    return this.large;
  }

  directFilled(length: number): void {
    this.directReads++;
    this.directFill += length;
    this.total += length;
    if (this.directFill === this.direct.length) this.directDone = true;
  }
}

describe("ReadRelay over tcp", () => {
  it("reads a large body straight into the sink's buffer, and hands on everything else in order", async () => {
    const data = pattern(1024 * 1024 + 300_000, 7);
    const port = await server((socket) => socket.end(data));
    const socket = dial(port);
    const sink = new RecordingReadSink(1024 * 1024, 1000);
    ReadRelay.of(socket)!.attach(sink);
    await waitUntil(() => sink.total === data.length, "all octets", 10_000);
    expect(sink.directReads).toBeGreaterThan(0);
    expect(sink.directFill).toBe(sink.direct.length);
    // Chunks before the direct part, the direct part, chunks after it: the stream, unchanged.
    let before = 0;
    const head: Buffer[] = [];
    for (const chunk of sink.chunks) {
      if (before >= 1000) break;
      head.push(chunk);
      before += chunk.length;
    }
    const tail = sink.chunks.slice(head.length);
    expect(Buffer.concat([...head, sink.direct, ...tail]).equals(data)).toBe(true);
  });

  it("is an ordinary stream without a sink: 'data', pause/resume and 'end' as a plain socket has them", async () => {
    const data = pattern(500_000, 3);
    const port = await server((socket) => socket.end(data));
    const socket = dial(port);
    const chunks: Buffer[] = [];
    const ended = new Promise<void>((resolve) => socket.once("end", resolve));
    socket.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      if (chunks.length === 1) {
        socket.pause();
        setTimeout(() => socket.resume(), 20);
      }
    });
    await within(ended, "end", 5000);
    expect(Buffer.concat(chunks).equals(data)).toBe(true);
  });

  it("hands the sink what the stream already held before it attached, first", async () => {
    let serverSide: net.Socket | undefined;
    const port = await server((socket) => {
      serverSide = socket;
      socket.write("hello ");
    });
    const socket = dial(port);
    await waitUntil(() => socket.readableLength === 6, "the early octets buffered in the stream");
    const sink = new RecordingReadSink(0, Number.POSITIVE_INFINITY);
    ReadRelay.of(socket)!.attach(sink);
    expect(Buffer.concat(sink.chunks).toString()).toBe("hello ");
    serverSide!.write("world");
    await waitUntil(() => sink.total === 11, "the rest");
    expect(Buffer.concat(sink.chunks).toString()).toBe("hello world");
  });

  it("is what the tcp and ipc transports dial with; accepted sockets have none", async () => {
    const accepted: unknown[] = [];
    const tcp = tcpTransport({ ipv6: false, backlog: 10, keepalive: -1, keepaliveIdle: -1, acceptFilter: [] });
    const listener = await tcp.listen("tcp://127.0.0.1:0", (stream) => accepted.push(stream));
    cleanups.push(() => void listener.close());
    const dialed = tcp.dial(listener.endpoint);
    cleanups.push(() => dialed.destroy());
    expect(ReadRelay.of(dialed)).toBeInstanceOf(ReadRelay);
    await waitUntil(() => accepted.length === 1, "accept");
    expect(ReadRelay.of(accepted[0])).toBeUndefined();

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zmtp-relay-"));
    cleanups.push(() => {
      fs.rmSync(dir, { recursive: true, force: true });
    });
    const ipc = ipcTransport();
    const ipcListener = await ipc.listen(`ipc://${path.join(dir, "s")}`, () => undefined);
    cleanups.push(() => void ipcListener.close());
    const ipcDialed = ipc.dial(ipcListener.endpoint);
    cleanups.push(() => ipcDialed.destroy());
    expect(ReadRelay.of(ipcDialed)).toBeInstanceOf(ReadRelay);
    expect(READ_RELAY).toBe(Symbol.for("zmtp.readRelay"));
  });
});

describe("ReadRelay on runtimes whose onread differs", () => {
  it("copies what a runtime read into a buffer of its own (it may reuse it), never asking for ours", () => {
    const stream = new MemoryDuplex();
    const relay = ReadRelay.over(stream);
    const sink = new RecordingReadSink(0, Number.POSITIVE_INFINITY);
    relay.attach(sink);
    const theirs = new Uint8Array(Buffer.from("abcdefgh"));
    expect(relay.onread.callback(5, theirs)).toBe(true);
    theirs.fill(0x7a);
    expect(sink.chunks.map((c) => c.toString())).toEqual(["abcde"]);
    expect(sink.chunks[0]!.buffer).not.toBe(theirs.buffer);
  });

  it("uses the buffers it gave without copying them, and never writes into one twice", () => {
    const stream = new MemoryDuplex();
    const relay = ReadRelay.over(stream);
    const sink = new RecordingReadSink(0, Number.POSITIVE_INFINITY);
    relay.attach(sink);
    const first = relay.onread.buffer();
    first.set(Buffer.from("one"));
    relay.onread.callback(3, first);
    const second = relay.onread.buffer();
    expect(second.buffer).toBe(first.buffer);
    expect(second.byteOffset).toBe(first.byteOffset + 3);
    second.set(Buffer.from("two"));
    relay.onread.callback(3, second);
    expect(sink.chunks.map((c) => c.toString())).toEqual(["one", "two"]);
    expect(sink.chunks[0]!.buffer).toBe(first.buffer);
  });

  it("offers larger reads while the sink says large frames are coming, smaller ones again after", () => {
    const relay = ReadRelay.over(new MemoryDuplex());
    const sink = new RecordingReadSink(0, Number.POSITIVE_INFINITY);
    relay.attach(sink);
    const read = (length: number): Uint8Array => {
      const buffer = relay.onread.buffer();
      relay.onread.callback(length, buffer);
      return buffer;
    };
    expect(read(10).length).toBe(64 * 1024);
    sink.large = true;
    const large = read(100_000);
    expect(large.length).toBe(256 * 1024);
    // The rest of the same slab while more than a quarter of it is left, then a fresh one.
    expect(read(90_000).length).toBe(256 * 1024 - 100_000);
    expect(read(10).length).toBe(256 * 1024 - 190_000);
    expect(read(60_000).length).toBe(256 * 1024 - 190_010);
    expect(read(10).length).toBe(256 * 1024);
    sink.large = false;
    expect(read(10).length).toBe(64 * 1024);
    expect(sink.total).toBe(250_040);
  });

  it("ends the stream when a read reports more octets than its buffer holds", async () => {
    const stream = new MemoryDuplex();
    const relay = ReadRelay.over(stream);
    relay.attach(new RecordingReadSink(0, Number.POSITIVE_INFINITY));
    const failed = new Promise<Error>((resolve) => stream.once("error", resolve));
    expect(relay.onread.callback(4096, Buffer.alloc(64))).toBe(false);
    expect((await within(failed, "error")).message).toContain("4096");
  });
});
