import net from "node:net";
import type { Duplex } from "node:stream";

/**
 * The key under which a stream made by a transport offers its ReadRelay. A registered symbol, because the
 * engine that uses it may not import transport/ (nor this layer the engine): the engine's side of this
 * seam is engine/wire/read-relay-seam.ts, with the same key.
 */
export const READ_RELAY: unique symbol = Symbol.for("zmtp.readRelay");

/** What consumes a relay's reads: chooses where large bodies go, takes every other chunk. */
export interface ReadSink {
  /** A buffer the next read should fill directly (a large frame's body still to come), or undefined. */
  directBuffer(): Uint8Array | undefined;
  /** Whether large frames are coming (one is being read): reads then take more at a time. */
  largeReads(): boolean;
  /** `length` octets were read into the buffer `directBuffer()` returned last. */
  directFilled(length: number): void;
  /** Octets read anywhere else; the sink may keep views of them (they are never written again). */
  received(chunk: Buffer): void;
}

/**
 * Reads go into slabs, a quarter of a slab at least at a time: 64 KiB ones as Node's own reads, or while
 * large frames come 256 KiB ones, so that most of them lie whole inside a read and are handed on as views,
 * with fewer reads. (Larger reads are slower for small frames: a read's worth of messages overruns the
 * reader's queue and waits undecoded.)
 */
const SMALL_SLAB = 64 * 1024;
const LARGE_SLAB = 256 * 1024;

/**
 * A socket's reads, into buffers chosen read by read (net.Socket's `onread`, which Node offers only on
 * sockets it dials): a large frame's body is read straight into its own exactly-sized buffer, and everything
 * else into slabs that are handed on as views, never written twice (a slab is not reused: views of it may
 * live on as messages).
 *
 * Until a sink attaches, and for consumers that never attach one (ZMQ_STREAM's raw connections), what is
 * read is pushed into the socket as a plain stream's data, with the stream's own flow control. Runtimes
 * differ, so the relay detects instead of assuming: a callback with a buffer other than the one given (Bun
 * reads into its own) is copied, since such a runtime may reuse it; a runtime that ignores `onread` emits
 * 'data' as usual, which the consumer listens to anyway.
 */
export class ReadRelay {
  private sink: ReadSink | undefined = undefined;
  private slab: Buffer | undefined = undefined;
  private slabUsed = 0;
  /** The buffer the pending read fills, as last handed to the runtime, and whether it was the sink's. */
  private given: Uint8Array | undefined = undefined;
  private givenDirect = false;

  /** For `net.connect({ onread })`. */
  readonly onread = {
    buffer: (): Uint8Array => this.nextBuffer(),
    callback: (length: number, buffer: Uint8Array): boolean => this.onRead(length, buffer),
  };

  /** Set right after the socket is made (its first read buffer is asked for while it is being made). */
  private socket!: Duplex;

  private constructor() {}

  /** Dials with `options`, reads relayed: the socket offers its relay under READ_RELAY. */
  static connect(options: net.NetConnectOpts): net.Socket {
    const relay = new ReadRelay();
    const socket = net.connect({ ...options, onread: relay.onread });
    relay.adopt(socket);
    return socket;
  }

  /**
   * Relays the reads of `stream`, which must call `onread` as Node's net.Socket does (tests drive a plain
   * Duplex this way to play runtimes whose `onread` differs); the stream offers the relay under READ_RELAY.
   */
  static over(stream: Duplex): ReadRelay {
    const relay = new ReadRelay();
    relay.adopt(stream);
    return relay;
  }

  private adopt(stream: Duplex): void {
    this.socket = stream;
    Object.defineProperty(stream, READ_RELAY, { value: this });
  }

  /** The relay of a stream made by `connect`, if it has one. */
  static of(stream: unknown): ReadRelay | undefined {
    return (stream as { [READ_RELAY]?: ReadRelay } | null)?.[READ_RELAY];
  }

  /** From now on reads go to `sink`; what the stream holds already (read before) goes first. */
  attach(sink: ReadSink): void {
    if (this.socket.readableLength > 0) {
      for (let chunk = this.socket.read() as Buffer | null; chunk !== null; chunk = this.socket.read() as Buffer | null) {
        sink.received(chunk);
      }
    }
    this.sink = sink;
  }

  private nextBuffer(): Uint8Array {
    const direct = this.sink?.directBuffer();
    if (direct !== undefined) {
      this.givenDirect = true;
      return (this.given = direct);
    }
    this.givenDirect = false;
    const size = this.sink?.largeReads() === true ? LARGE_SLAB : SMALL_SLAB;
    let slab = this.slab;
    if (slab === undefined || slab.length !== size || size - this.slabUsed < size / 4) {
      slab = this.slab = Buffer.allocUnsafe(size);
      this.slabUsed = 0;
    }
    return (this.given = new Uint8Array(slab.buffer, slab.byteOffset + this.slabUsed, size - this.slabUsed));
  }

  /** Returns false to stop reading (the stream's own back-pressure, while no sink is attached). */
  private onRead(length: number, buffer: Uint8Array): boolean {
    if (length > buffer.length) {
      // Octets were lost somewhere: nothing after this can be framed correctly.
      this.socket.destroy(new Error(`a read of ${length} octets reported into a buffer of ${buffer.length}`));
      return false;
    }
    // Not the buffer we gave (a runtime reading into its own): copy, it may be reused.
    if (buffer !== this.given) return this.deliver(Buffer.from(buffer.subarray(0, length)));
    this.given = undefined;
    if (this.givenDirect) {
      this.sink!.directFilled(length);
      return true;
    }
    const chunk = Buffer.from(buffer.buffer, buffer.byteOffset, length);
    this.slabUsed += length;
    return this.deliver(chunk);
  }

  private deliver(chunk: Buffer): boolean {
    const sink = this.sink;
    if (sink === undefined) return this.socket.push(chunk);
    sink.received(chunk);
    return true;
  }
}
