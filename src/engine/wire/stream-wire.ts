import { constants as bufferConstants } from "node:buffer";
import type { Duplex } from "node:stream";
import { EAGER_BODY_LIMIT, FrameDecoder } from "../../codec/frame-decoder.js";
import { unversionedGreeting, type Greeting, type GreetingParts } from "../../codec/greeting.js";
import { GreetingDecoder, type GreetingSink } from "../../codec/greeting-decoder.js";
import { asError } from "../../errors.js";
import { BatchingWire } from "./batching-wire.js";
import type { FrameWire, WireHandler } from "./frame-wire.js";
import { framingFor, ZMTP1_FRAMING, ZMTP3_FRAMING, type FrameDecoding, type FrameEncoding, type Framing } from "./framings.js";
import { readRelayOf, type ReadSink } from "./read-relay-seam.js";
import { HANDSHAKE_FRAME_LIMIT } from "./wire-limits.js";

// Shared with the other wires (wire-limits.ts); exported from here as before.
export { BATCH_BYTES, HANDSHAKE_FRAME_LIMIT } from "./wire-limits.js";

/** The largest frame a Buffer can hold: a header declaring more is refused at once (EMSGSIZE), never read. */
const MAX_ALLOCATABLE = bufferConstants.MAX_LENGTH;
/**
 * A frame body with at least this much still to come is read straight into its own buffer where the stream
 * allows it; below that one read into a shared slab and a copy cost less than a read of its own.
 */
export const DIRECT_READ_MIN = 32 * 1024;

/**
 * A wire over a byte stream (tcp, ipc): the greeting in libzmq's stages (signature at once, major version
 * once the peer's signature is in, the rest once its major version is known), then the framing that version
 * calls for. A ZMTP 1.0/2.0 peer (shared/wire-reference.md §5) gets our socket type instead of the rest, and
 * then our routing id as our identity frame: RFC 15's greeting ends with it, and to an unversioned peer our
 * signature already was that frame's header. Outbound frames are gathered into batches and written with
 * one writev, at the end of the turn, when a batch fills, or at once for the first send after input (a
 * reply: BatchingWire.inputSinceWrite); while the stream pushes back nothing more is
 * gathered (the protocol leaves messages in the pipe, bounded by its mark) until it drains. A large body
 * goes out as its own chunk, never copied (FrameEncoder).
 *
 * Inbound, a stream that offers a read relay (a socket we dialed, on runtimes with net.Socket's `onread`)
 * reads the rest of a large frame's body straight into the frame's own buffer; any other stream (accepted
 * sockets, runtimes without `onread`) is read from 'data' events and a large body is copied into its buffer
 * as chunks arrive, once.
 */
export class StreamWire extends BatchingWire implements FrameWire, GreetingSink {
  private readonly greeting: GreetingDecoder;
  private decoder: FrameDecoding | undefined = undefined;
  private encoder: FrameEncoding = ZMTP3_FRAMING.createEncoder();
  private framing: Framing = ZMTP3_FRAMING;
  private awaitingDrain = false;
  /** The stream offers a read relay: large bodies are read straight into their own buffers. */
  private readsInPlace = false;
  private readonly reads: ReadSink = {
    directBuffer: () => this.directBuffer(),
    largeReads: () => this.decoder instanceof FrameDecoder && this.decoder.bodySize >= DIRECT_READ_MIN,
    directFilled: (length) => {
      this.directFilled(length);
    },
    received: (chunk) => {
      this.onData(chunk);
    },
  };

  constructor(
    private readonly stream: Duplex,
    handler: WireHandler,
    private readonly ours: GreetingParts,
    private readonly maxFrameSize: number,
  ) {
    super(handler);
    this.greeting = new GreetingDecoder(this);
    stream.on("data", (chunk: Buffer) => {
      this.onData(chunk);
    });
    stream.on("drain", () => {
      this.awaitingDrain = false;
      this.flush();
    });
    stream.on("error", (err: Error) => {
      this.fail(err);
    });
    stream.on("close", () => {
      this.fail(undefined);
    });
    this.writeRaw(ours.signature);
    // After our signature is out: what the stream already holds may be the peer's whole greeting.
    const relay = readRelayOf(stream);
    this.readsInPlace = relay !== undefined;
    relay?.attach(this.reads);
  }

  // ---- greeting (GreetingSink) --------------------------------------------------------------------------

  onSignature(): void {
    this.writeRaw(this.ours.major);
  }

  onMajorVersion(major: number): void {
    const framing = framingFor(major);
    this.useFraming(framing);
    this.writeRaw(framing === ZMTP3_FRAMING ? this.ours.rest : this.ours.socketType);
  }

  onGreeting(greeting: Greeting): void {
    this.startDecoding();
    // The handler may refuse an old peer here (throws): then it never gets our identity.
    this.handler.wireGreeted(greeting);
    if (greeting.legacy !== undefined && !this.closed) {
      this.encoder.message([this.ours.routingId]);
      this.flushNow();
    }
  }

  onUnversioned(received: Uint8Array): void {
    this.useFraming(ZMTP1_FRAMING);
    this.handler.wireGreeted(unversionedGreeting());
    if (this.closed) return;
    // Our signature was the header of our identity frame (its length is our routing id's + 1): its body.
    this.writeRaw(this.ours.routingId);
    this.startDecoding();
    // What the peer sent so far is the start of its identity frame.
    this.decoder!.push(received);
  }

  private useFraming(framing: Framing): void {
    if (framing === this.framing) return;
    this.flushNow();
    this.framing = framing;
    this.encoder = framing.createEncoder();
  }

  private startDecoding(): void {
    const decoder = this.framing.createDecoder(this.handler, HANDSHAKE_FRAME_LIMIT);
    decoder.limitFrames(Math.min(HANDSHAKE_FRAME_LIMIT, this.trafficFrameLimit()), "the handshake's frame limit");
    // Reading large bodies in place needs them allocated when their header is in.
    if (this.readsInPlace && decoder instanceof FrameDecoder) decoder.eagerBodyLimit = EAGER_BODY_LIMIT;
    if (this.readPaused) decoder.pause();
    this.decoder = decoder;
  }

  /** maxMessageSize per frame (the decoder checks it before allocating), never beyond what a Buffer holds. */
  private trafficFrameLimit(): number {
    return this.maxFrameSize < 0 ? MAX_ALLOCATABLE : Math.min(this.maxFrameSize, MAX_ALLOCATABLE);
  }

  startTraffic(): void {
    this.decoder?.limitFrames(this.trafficFrameLimit(), "maxMessageSize");
  }

  // ---- frames out (FrameWire) ---------------------------------------------------------------------------

  message(frames: readonly Uint8Array[]): void {
    this.encoder.message(frames);
  }

  frame(flags: number, body: Uint8Array): void {
    this.encoder.frame(body, flags);
  }

  command(name: string, data: Uint8Array): void {
    this.encoder.command(name, data);
  }

  get pendingBytes(): number {
    return this.encoder.pendingBytes;
  }

  get congested(): boolean {
    return this.awaitingDrain || this.closed;
  }

  flushNow(): void {
    const chunks = this.encoder.take();
    if (chunks.length === 0 || this.closed || this.stream.destroyed) return;
    const stream = this.stream;
    let ok: boolean;
    if (chunks.length === 1) {
      ok = stream.write(chunks[0]);
    } else {
      stream.cork();
      ok = true;
      for (const chunk of chunks) ok = stream.write(chunk);
      stream.uncork();
    }
    if (!ok) this.awaitingDrain = true;
  }

  private writeRaw(bytes: Uint8Array): void {
    this.encoder.raw(bytes);
    this.flushNow();
  }

  // ---- frames in ----------------------------------------------------------------------------------------

  protected stopReading(): void {
    this.decoder?.pause();
    this.stream.pause();
  }

  protected restartReading(): void {
    try {
      this.decoder?.resume();
    } catch (err) {
      this.fail(asError(err));
      return;
    }
    // Decoding what waited may have paused us again.
    if (!this.readPaused && !this.closed) this.stream.resume();
  }

  private onData(chunk: Uint8Array): void {
    if (this.closed) return;
    this.inputSinceWrite = true;
    try {
      let offset = 0;
      if (!this.greeting.done) {
        offset = this.greeting.push(chunk);
        if (offset === chunk.length) return;
      }
      this.decoder!.push(chunk, offset);
    } catch (err) {
      this.fail(asError(err));
    }
  }

  /** The rest of the current frame's body, if large enough to be worth a read of its own. */
  private directBuffer(): Uint8Array | undefined {
    const decoder = this.decoder;
    if (this.closed || !(decoder instanceof FrameDecoder)) return undefined;
    return decoder.bodyRemainder(DIRECT_READ_MIN);
  }

  private directFilled(length: number): void {
    if (this.closed) return;
    try {
      (this.decoder as FrameDecoder).bodyWritten(length);
    } catch (err) {
      this.fail(asError(err));
    }
  }

  // ---- life ---------------------------------------------------------------------------------------------

  async end(): Promise<void> {
    this.flushNow();
    if (this.closed) return;
    this.closed = true;
    this.decoder?.stop();
    await new Promise<void>((resolve) => {
      this.stream.end(resolve);
      this.stream.once("close", resolve);
    });
    this.wakeWaiters();
  }

  destroy(): void {
    if (!this.closed) {
      this.closed = true;
      this.decoder?.stop();
    }
    this.stream.destroy();
    this.wakeWaiters();
  }
}
