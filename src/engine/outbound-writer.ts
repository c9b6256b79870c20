import type { Duplex } from "node:stream";
import { FrameEncoder } from "../codec/frame-encoder.js";
import type { Message } from "../message.js";
import type { MessageQueue } from "../pipe/message-queue.js";
import { SubscriptionForm } from "./subscription-form.js";

/** Octets gathered before they are written in one go; also the most encoded per turn of the event loop. */
const BATCH_BYTES = 256 * 1024;

/**
 * The outbound half of a connection: drains the pipe's outbound queue into the encoder and the encoder into
 * the stream, many frames per write (one writev per batch), and stops at the stream's back-pressure until
 * it drains. Messages are encoded as they are queued, so they do not linger as objects, and the batch is
 * written at the end of this turn of the event loop, or at once when it is full. While the stream pushes
 * back, messages wait in the pipe, bounded by its mark.
 */
export class OutboundWriter {
  private readonly encoder = new FrameEncoder({ allocate: (size) => Buffer.allocUnsafe(size) });
  private queue: MessageQueue | undefined = undefined;
  /** SUB/XSUB to a ZMTP 3.1 peer: subscription messages go out as SUBSCRIBE/CANCEL commands (RFC 37). */
  private convertSubscriptions = false;
  private flushScheduled = false;
  /** encodeFromQueue() is running (guards against re-entry through a woken sender). */
  private encoding = false;
  private awaitingDrain = false;
  private stopped = false;

  constructor(private readonly stream: Duplex) {
    stream.on("drain", () => {
      this.awaitingDrain = false;
      this.flush();
    });
  }

  /** Whether anything is still to be written: queued messages or encoded octets. */
  get idle(): boolean {
    return this.encoder.pendingBytes === 0 && (this.queue === undefined || this.queue.size === 0);
  }

  /** Raw octets (greeting parts), written at once. */
  writeRaw(bytes: Uint8Array): void {
    this.encoder.raw(bytes);
    this.flushNow();
  }

  /** A command frame, written with the next flush (handshake commands: call flushNow()). */
  command(name: string, data: Uint8Array): void {
    this.encoder.command(name, data);
  }

  /** A command frame during traffic (PONG…), written at the end of this turn. */
  commandSoon(name: string, data: Uint8Array): void {
    this.encoder.command(name, data);
    this.scheduleFlush();
  }

  /** Starts draining a pipe's outbound queue. */
  attach(queue: MessageQueue, convertSubscriptions: boolean): void {
    this.queue = queue;
    this.convertSubscriptions = convertSubscriptions;
    queue.onReadable = () => {
      this.onQueued();
    };
    queue.takeAtOnce = (message) => this.takeAtOnce(message);
    if (queue.size > 0) this.onQueued();
  }

  /** Stops draining: what the queue still holds stays there (for the next connection, or to be dropped). */
  detach(): void {
    const queue = this.queue;
    if (queue === undefined) return;
    this.queue = undefined;
    queue.onReadable = undefined;
    queue.takeAtOnce = undefined;
  }

  /** Nothing more is written (the connection is closed). */
  stop(): void {
    this.stopped = true;
    this.detach();
  }

  /** Writes whatever the encoder holds. Returns false if nothing was written or the stream pushed back. */
  flushNow(): boolean {
    const chunks = this.encoder.take();
    if (chunks.length === 0 || this.stream.destroyed) return false;
    let ok: boolean;
    if (chunks.length === 1) {
      ok = this.stream.write(chunks[0]);
    } else {
      this.stream.cork();
      ok = true;
      for (const chunk of chunks) ok = this.stream.write(chunk);
      this.stream.uncork();
    }
    if (!ok) this.awaitingDrain = true;
    return ok;
  }

  /** Writes what is encoded and drains the queue, batch by batch, until the stream pushes back. */
  flush(): void {
    if (this.stopped || this.queue === undefined) {
      this.flushNow();
      return;
    }
    let written = 0;
    while (!this.awaitingDrain && this.queue !== undefined) {
      this.encodeFromQueue();
      const pending = this.encoder.pendingBytes;
      if (pending === 0 && !this.flushNow()) return;
      if (pending > 0) this.flushNow();
      written += pending;
      if (written >= BATCH_BYTES * 4) {
        // Let reads and other connections have the event loop; carry on next turn.
        if (this.queue.size > 0) this.scheduleFlush();
        return;
      }
    }
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  /** The socket queued a message (the queue stopped being empty). */
  private onQueued(): void {
    // Re-entry (shifting wakes a waiting sender, whose message lands here) is served by the running loop.
    if (this.encoding || this.awaitingDrain || this.stopped) return;
    this.encodeFromQueue();
    this.afterEncode();
  }

  /** A message offered by an empty queue: encode it now if the stream is not pushing back. */
  private takeAtOnce(message: Message): boolean {
    if (this.encoding || this.awaitingDrain || this.stopped) return false;
    this.encode(message);
    this.afterEncode();
    return true;
  }

  private afterEncode(): void {
    if (this.encoder.pendingBytes >= BATCH_BYTES) this.flushNow();
    else this.scheduleFlush();
  }

  private encode(message: Message): void {
    if (!this.convertSubscriptions || !SubscriptionForm.encode(message, this.encoder)) this.encoder.message(message);
  }

  /** Moves messages from the queue into the encoder, up to one batch. */
  private encodeFromQueue(): void {
    const queue = this.queue!;
    const encoder = this.encoder;
    this.encoding = true;
    try {
      while (encoder.pendingBytes < BATCH_BYTES) {
        const message = queue.shift();
        if (message === undefined) return;
        this.encode(message);
      }
    } finally {
      this.encoding = false;
    }
    // A full batch with more waiting: write it now and carry on next turn.
    if (queue.size > 0) this.scheduleFlush();
  }
}
