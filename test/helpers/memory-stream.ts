/**
 * In-memory byte streams for engine tests: a Duplex whose writes are recorded (and optionally forwarded)
 * and whose readable side the test feeds by hand, plus a crossed pair of them standing in for a TCP
 * connection between two engines.
 */
import { Duplex } from "node:stream";

export interface MemoryDuplexOptions {
  /** Writable high-water mark in octets: `write()` returns false past it, as a busy socket does. */
  writableHighWaterMark?: number;
  /** Complete each write on a later turn of the event loop (a slow consumer), instead of at once. */
  slowWrites?: boolean;
}

export class MemoryDuplex extends Duplex {
  /** Every chunk written to this stream, in order, one entry per `_write`. */
  readonly writes: Buffer[] = [];
  private readonly slowWrites: boolean;

  constructor(
    private readonly onWrite: (chunk: Buffer) => void = () => undefined,
    options: MemoryDuplexOptions = {},
  ) {
    // allowHalfOpen false: when the far side ends, this side ends too (as a TCP socket does by default).
    super({ allowHalfOpen: false, writableHighWaterMark: options.writableHighWaterMark ?? 16 * 1024 });
    this.slowWrites = options.slowWrites ?? false;
  }

  override _read(): void {
    // Data is pushed by the test (or by the far end of a pair); nothing to fetch.
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.writes.push(chunk);
    this.onWrite(chunk);
    if (this.slowWrites) {
      setImmediate(() => {
        callback();
      });
    } else {
      callback();
    }
  }

  /** All octets written so far. */
  get written(): Buffer {
    return Buffer.concat(this.writes);
  }

  /** Delivers octets as if they came from the far end. */
  receive(data: Uint8Array): void {
    this.push(Buffer.from(data));
  }

  /** The far end closed its side (FIN). */
  receiveEnd(): void {
    this.push(null);
  }
}

/**
 * Two streams wired to each other: what one writes, the other reads, on a later turn of the event loop
 * (in order), as over a socket. Closing one closes the other.
 */
export function memoryPair(): [MemoryDuplex, MemoryDuplex] {
  const pair: MemoryDuplex[] = [];
  const forward = (to: number) => (chunk: Buffer) => {
    const copy = Buffer.from(chunk);
    setImmediate(() => {
      const target = pair[to]!;
      if (!target.destroyed) target.receive(copy);
    });
  };
  const a = new MemoryDuplex(forward(1));
  const b = new MemoryDuplex(forward(0));
  pair.push(a, b);
  a.on("close", () => b.destroy());
  b.on("close", () => a.destroy());
  return [a, b];
}
