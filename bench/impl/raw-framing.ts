/**
 * The plain-Node ceiling for messages over a byte stream: a minimal framing (a 4-octet big-endian length,
 * then the body), batched writes, one promise per send and per receive, as zmtp's own API has. Whatever
 * this reaches is what Node itself allows with that API shape; zmtp adds ZMTP on top of the same work.
 *
 * The receiver reads a large body straight into an exactly-sized buffer of its own (net.Socket's `onread`
 * with a buffer chosen per read) when it has the dialing end; small messages are views of the read chunks.
 */
import type net from "node:net";

const BATCH = 256 * 1024;
/** Bodies from this size go out as their own chunk (writev), not copied into the batch. */
const COPY_BELOW = 2048;
/**
 * Read buffers are carved from slabs, a quarter of one at least at a time: 64 KiB ones, or 256 KiB ones
 * while a large message is being read (as zmtp's read relay does).
 */
const SMALL_SLAB = 64 * 1024;
const LARGE_SLAB = 256 * 1024;
/** A body with at least this much left is read into its own buffer directly (as zmtp's DIRECT_READ_MIN). */
const DIRECT_MIN = 32 * 1024;
const QUEUE_HIGH = 1000;

export class RawSender {
  private batch = Buffer.allocUnsafe(BATCH);
  private position = 0;
  private sealed = 0;
  private chunks: Buffer[] = [];
  private pending = 0;
  private scheduled = false;
  private drainWaiters: (() => void)[] = [];
  private readonly flushLater = (): void => {
    this.scheduled = false;
    this.flush();
  };

  constructor(private readonly socket: net.Socket) {
    socket.on("drain", () => {
      const waiters = this.drainWaiters;
      this.drainWaiters = [];
      for (const wake of waiters) wake();
    });
  }

  send(body: Buffer): Promise<void> {
    const size = body.length;
    this.reserve(4 + (size < COPY_BELOW ? size : 0));
    this.batch.writeUInt32BE(size, this.position);
    this.position += 4;
    if (size < COPY_BELOW) {
      body.copy(this.batch, this.position);
      this.position += size;
    } else {
      this.seal();
      this.chunks.push(body);
    }
    this.pending += 4 + size;
    if (this.pending >= BATCH) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flushLater);
    }
    if (this.socket.writableNeedDrain) return new Promise((resolve) => this.drainWaiters.push(resolve));
    return Promise.resolve();
  }

  private flush(): void {
    this.seal();
    const chunks = this.chunks;
    if (chunks.length === 0) return;
    this.chunks = [];
    this.pending = 0;
    if (chunks.length === 1) {
      this.socket.write(chunks[0]!);
      return;
    }
    this.socket.cork();
    for (const chunk of chunks) this.socket.write(chunk);
    this.socket.uncork();
  }

  private reserve(size: number): void {
    if (this.position + size <= this.batch.length) return;
    this.seal();
    this.batch = Buffer.allocUnsafe(Math.max(BATCH, size));
    this.position = 0;
    this.sealed = 0;
  }

  private seal(): void {
    if (this.position > this.sealed) {
      this.chunks.push(this.batch.subarray(this.sealed, this.position));
      this.sealed = this.position;
    }
  }
}

export class RawReceiver {
  private readonly queue: Buffer[] = [];
  private head = 0;
  private waiter: ((message: Buffer) => void) | undefined;
  private readonly header = Buffer.alloc(4);
  private headerFill = 0;
  private body: Buffer | undefined;
  private bodyFill = 0;
  private slab = Buffer.allocUnsafe(SMALL_SLAB);
  private slabUsed = 0;
  /** The buffer the next read fills, as last handed to Node. */
  private given: Uint8Array | undefined;
  private givenIsBody = false;
  private paused = false;
  private socket: net.Socket | undefined;

  /** For `net.connect({ onread })`. */
  readonly onread = {
    buffer: (): Uint8Array => this.nextBuffer(),
    callback: (length: number, buffer: Uint8Array): boolean => this.onRead(length, buffer),
  };

  /** Starts taking input: by `onread` where the socket was made with it, else from 'data' events (copying). */
  attach(socket: net.Socket): void {
    this.socket = socket;
    socket.on("data", (chunk: Buffer) => {
      this.decode(chunk, 0, chunk.length);
      if (this.queue.length - this.head >= QUEUE_HIGH) this.pause();
    });
  }

  receive(): Promise<Buffer> {
    if (this.head < this.queue.length) {
      const message = this.queue[this.head++]!;
      if (this.head === this.queue.length) {
        this.queue.length = 0;
        this.head = 0;
      }
      if (this.paused && this.queue.length - this.head < QUEUE_HIGH / 2) {
        this.paused = false;
        this.socket?.resume();
      }
      return Promise.resolve(message);
    }
    return new Promise((resolve) => (this.waiter = resolve));
  }

  private pause(): void {
    if (this.paused) return;
    this.paused = true;
    this.socket?.pause();
  }

  private nextBuffer(): Uint8Array {
    const body = this.body;
    if (body !== undefined && body.length - this.bodyFill >= DIRECT_MIN) {
      this.givenIsBody = true;
      return (this.given = body.subarray(this.bodyFill));
    }
    this.givenIsBody = false;
    const size = body !== undefined && body.length >= DIRECT_MIN ? LARGE_SLAB : SMALL_SLAB;
    if (this.slab.length !== size || size - this.slabUsed < size / 4) {
      this.slab = Buffer.allocUnsafe(size);
      this.slabUsed = 0;
    }
    return (this.given = this.slab.subarray(this.slabUsed));
  }

  private onRead(length: number, buffer: Uint8Array): boolean {
    if (buffer === this.given && this.givenIsBody) {
      this.bodyFill += length;
      if (this.bodyFill === this.body!.length) {
        const body = this.body!;
        this.body = undefined;
        this.deliver(body);
      }
    } else {
      if (buffer === this.given) this.slabUsed += length;
      this.decode(buffer, 0, length);
    }
    if (this.queue.length - this.head < QUEUE_HIGH) return true;
    this.paused = true; // returning false stops reading, as pause() would
    return false;
  }

  private decode(chunk: Uint8Array, from: number, end: number): void {
    let at = from;
    while (at < end) {
      const body = this.body;
      if (body !== undefined) {
        const take = Math.min(body.length - this.bodyFill, end - at);
        body.set(chunk.subarray(at, at + take), this.bodyFill);
        this.bodyFill += take;
        at += take;
        if (this.bodyFill === body.length) {
          this.body = undefined;
          this.deliver(body);
        }
        continue;
      }
      if (this.headerFill === 0 && end - at >= 4) {
        const size = ((chunk[at]! << 24) | (chunk[at + 1]! << 16) | (chunk[at + 2]! << 8) | chunk[at + 3]!) >>> 0;
        at += 4;
        if (end - at >= size) {
          this.deliver(Buffer.from(chunk.buffer, chunk.byteOffset + at, size));
          at += size;
        } else {
          this.startBody(size);
        }
        continue;
      }
      this.header[this.headerFill++] = chunk[at++]!;
      if (this.headerFill === 4) {
        this.headerFill = 0;
        this.startBody(this.header.readUInt32BE(0));
        if (this.body === undefined) this.deliver(Buffer.alloc(0));
      }
    }
  }

  private startBody(size: number): void {
    if (size === 0) return;
    this.body = Buffer.allocUnsafe(size);
    this.bodyFill = 0;
  }

  private deliver(message: Buffer): void {
    const waiter = this.waiter;
    if (waiter !== undefined) {
      this.waiter = undefined;
      waiter(message);
    } else {
      this.queue.push(message);
    }
  }
}
