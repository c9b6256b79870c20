import type { Duplex } from "node:stream";
import { decodeCommand, decodeErrorReason, decodePing, encodeErrorReason, pongContext } from "../codec/command.js";
import { FLAG_COMMAND, FLAG_MORE } from "../codec/constants.js";
import { FrameDecoder, type DecoderSink } from "../codec/frame-decoder.js";
import { encodeGreeting, type Greeting, type GreetingParts } from "../codec/greeting.js";
import { asError, HandshakeError, ProtocolError } from "../errors.js";
import type { Mechanism } from "../mechanism/mechanism.js";
import type { Message } from "../message.js";
import type { PeerInfo, Pipe } from "../pipe/pipe.js";
import { bufferView } from "./buffer-view.js";
import { peerInfoFrom } from "./peer-info.js";
import { OutboundWriter } from "./outbound-writer.js";
import { SubscriptionForm } from "./subscription-form.js";

export interface ConnectionOptions {
  mechanism: Mechanism;
  /** Largest inbound frame (libzmq's maxmsgsize is checked per frame); -1: no limit. */
  maxMessageSize: number;
  /** Milliseconds the greeting and handshake may take; 0: no limit. */
  handshakeInterval: number;
  /** Reason to refuse the peer (sent in ERROR), or undefined to accept it (RFC 28/29/30/31 valid pairs). */
  checkPeer: (peer: PeerInfo) => string | undefined;
  /** SUB/XSUB: outbound `\x01topic` / `\x00topic` messages become SUBSCRIBE/CANCEL commands for 3.1 peers. */
  sendsSubscriptions: boolean;
  /** PUB/XPUB: SUBSCRIBE/CANCEL commands are delivered as `\x01topic` / `\x00topic` messages; others drop them. */
  receivesSubscriptions: boolean;
}

export interface ConnectionHandler {
  /** The handshake is complete: hand back the pipe this connection serves, or undefined to refuse the peer. */
  ready(connection: Connection, peer: PeerInfo): Pipe | undefined;
  /** The connection is gone; `error` says why when it was not a plain close. Called once. */
  closed(connection: Connection, error: Error | undefined): void;
}

const enum Phase {
  Greeting,
  Handshake,
  Traffic,
  Closed,
}

/** How many decoded messages may wait for the reader before decoding pauses (bounded by the mark too). */
const READ_AHEAD = 64;

/**
 * One ZMTP connection (RFC 23/37): greeting exchange in libzmq's three stages, the mechanism's handshake,
 * then traffic between the byte stream and one pipe. Every failure ends in `handler.closed`, never in an
 * exception.
 */
export class Connection implements DecoderSink {
  private phase = Phase.Greeting;
  private readonly decoder: FrameDecoder;
  private readonly writer: OutboundWriter;
  private readonly greeting: GreetingParts;
  private peerMinor = 0;
  private pipe: Pipe | undefined = undefined;
  private peer: PeerInfo | undefined = undefined;
  /** Frames of a multipart message still arriving; discarded if the connection dies first. */
  private parts: Buffer[] = [];
  private readPaused = false;
  private streamPaused = false;
  /** Messages decoded ahead of the reader before decoding pauses (never more than the high-water mark). */
  private readAhead = READ_AHEAD;
  private handshakeTimer: NodeJS.Timeout | undefined = undefined;

  constructor(
    private readonly stream: Duplex,
    private readonly options: ConnectionOptions,
    private readonly handler: ConnectionHandler,
  ) {
    this.decoder = new FrameDecoder(this, {
      maxFrameSize: options.maxMessageSize,
      allocate: (size) => Buffer.allocUnsafe(size),
      view: bufferView,
    });
    this.greeting = encodeGreeting(options.mechanism.name, options.mechanism.asServer);
    this.writer = new OutboundWriter(stream);
    stream.on("data", (chunk: Buffer) => {
      this.onData(chunk);
    });
    stream.on("error", (err: Error) => {
      this.close(err);
    });
    stream.on("close", () => {
      this.close(undefined);
    });
    if (options.handshakeInterval > 0) {
      this.handshakeTimer = setTimeout(() => {
        this.close(new HandshakeError(`handshake did not complete within ${options.handshakeInterval} ms`));
      }, options.handshakeInterval);
      this.handshakeTimer.unref();
    }
    this.writer.writeRaw(this.greeting.signature);
  }

  get closed(): boolean {
    return this.phase === Phase.Closed;
  }

  get peerInfo(): PeerInfo | undefined {
    return this.peer;
  }

  /** Ends the connection: queued outbound messages stay in the pipe. Idempotent. */
  close(error: Error | undefined): void {
    if (this.phase === Phase.Closed) return;
    this.phase = Phase.Closed;
    this.decoder.stop();
    clearTimeout(this.handshakeTimer);
    this.parts = [];
    this.detachPipe();
    this.writer.stop();
    this.stream.destroy();
    this.handler.closed(this, error);
  }

  /**
   * Ends the connection once what the pipe holds has been written (linger). Returns a promise that settles
   * when the stream is closed.
   */
  async drainAndClose(): Promise<void> {
    if (this.phase === Phase.Closed) return;
    const pipe = this.pipe;
    if (this.phase === Phase.Traffic && pipe !== undefined) {
      while (!this.writer.idle && this.phase === Phase.Traffic) {
        this.writer.flush();
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    this.writer.flushNow();
    if ((this.phase as Phase) === Phase.Closed) return;
    await new Promise<void>((resolve) => {
      this.stream.end(() => {
        resolve();
      });
      this.stream.once("close", resolve);
    });
    this.close(undefined);
  }

  // ---- DecoderSink --------------------------------------------------------------------------------------

  onSignature(): void {
    this.writer.writeRaw(this.greeting.major);
  }

  onMajorVersion(): void {
    this.writer.writeRaw(this.greeting.rest);
  }

  onGreeting(greeting: Greeting): void {
    const mechanism = this.options.mechanism;
    if (greeting.mechanism !== mechanism.name) {
      throw new HandshakeError(`security mechanism mismatch: peer uses ${greeting.mechanism || "(none)"}, we use ${mechanism.name}`);
    }
    this.peerMinor = greeting.minor;
    this.phase = Phase.Handshake;
    mechanism.start(this);
    this.writer.flushNow();
  }

  onFrame(flags: number, body: Uint8Array): void {
    if (this.phase === Phase.Traffic) {
      if (flags === 0 && this.parts.length === 0) this.deliver([body as Buffer]);
      else if ((flags & FLAG_COMMAND) === 0) this.onMessageFrame(flags, body as Buffer);
      else this.onTrafficCommand(body);
    } else if (this.phase === Phase.Handshake) {
      this.onHandshakeFrame(flags, body);
    }
  }

  // ---- handshake ----------------------------------------------------------------------------------------

  /** Used by the mechanism to send its commands. */
  sendCommand(name: string, data: Uint8Array): void {
    this.writer.command(name, data);
  }

  private onHandshakeFrame(flags: number, body: Uint8Array): void {
    if ((flags & FLAG_COMMAND) === 0) throw new ProtocolError("message frame received before the handshake completed");
    const done = this.options.mechanism.onCommand(decodeCommand(body), this);
    this.writer.flushNow();
    if (!done) return;
    clearTimeout(this.handshakeTimer);
    const peer = peerInfoFrom(this.options.mechanism.peerMetadata, this.peerMinor);
    const refusal = this.options.checkPeer(peer);
    if (refusal !== undefined) {
      this.refuse(refusal);
      return;
    }
    this.peer = peer;
    this.phase = Phase.Traffic;
    const pipe = this.handler.ready(this, peer);
    if (pipe === undefined) {
      if (this.phase === Phase.Traffic) this.close(new HandshakeError("peer refused by the socket"));
      return;
    }
    // The handler may have closed us meanwhile: never hook a pipe to a dead connection.
    if ((this.phase as Phase) === Phase.Traffic) this.attachPipe(pipe);
  }

  /** Sends ERROR with a reason and closes once it is written (RFC 37 §"The ERROR Command"). */
  private refuse(reason: string): void {
    this.decoder.stop();
    this.writer.command("ERROR", encodeErrorReason(reason));
    this.writer.flushNow();
    const error = new HandshakeError(`peer refused: ${reason}`);
    this.stream.end(() => {
      this.close(error);
    });
    setTimeout(() => {
      this.close(error);
    }, 1000).unref();
  }

  // ---- traffic ------------------------------------------------------------------------------------------

  private attachPipe(pipe: Pipe): void {
    this.pipe = pipe;
    const mark = pipe.inbound.highWaterMark;
    this.readAhead = mark > 0 ? Math.min(mark, READ_AHEAD) : READ_AHEAD;
    pipe.inbound.onWritable = () => {
      this.resumeReading();
    };
    this.writer.attach(pipe.outbound, this.options.sendsSubscriptions && this.peer!.zmtp31);
  }

  private detachPipe(): void {
    const pipe = this.pipe;
    if (pipe === undefined) return;
    this.pipe = undefined;
    this.writer.detach();
    pipe.inbound.onWritable = undefined;
  }

  private onMessageFrame(flags: number, body: Buffer): void {
    if ((flags & FLAG_MORE) !== 0) {
      this.parts.push(body);
      return;
    }
    let message: Message;
    if (this.parts.length === 0) {
      message = [body];
    } else {
      message = this.parts;
      message.push(body);
      this.parts = [];
    }
    this.deliver(message);
  }

  private deliver(message: Message): void {
    const inbound = this.pipe!.inbound;
    inbound.push(message);
    if (inbound.size >= this.readAhead && !this.readPaused) {
      // Decode only a little ahead of the reader: what is already read stays undecoded bytes (no objects
      // for the garbage collector to carry), and reading stops until the reader catches up, so the
      // high-water mark holds exactly. Back-pressure then reaches the sender through tcp.
      this.readPaused = true;
      this.decoder.pause();
      if (!this.streamPaused) {
        this.streamPaused = true;
        this.stream.pause();
      }
      inbound.wakeWriterAt(this.readAhead >>> 1);
    }
  }

  private resumeReading(): void {
    if (!this.readPaused || this.phase === Phase.Closed) return;
    this.readPaused = false;
    try {
      this.decoder.resume();
    } catch (err) {
      this.close(asError(err));
      return;
    }
    if (!this.readPaused && this.streamPaused) {
      this.streamPaused = false;
      this.stream.resume();
    }
  }

  private onTrafficCommand(body: Uint8Array): void {
    const command = decodeCommand(body);
    switch (command.name) {
      case "PING": {
        // RFC 37 §"PING and PONG": answer with the context, cut to 16 octets.
        this.writer.commandSoon("PONG", pongContext(decodePing(command.data)));
        break;
      }
      case "SUBSCRIBE":
      case "CANCEL":
        // RFC 37 §"SUBSCRIBE and CANCEL": delivered to PUB/XPUB in the 3.0 message form, one shape for both.
        // Only a publisher acts on them: to any other socket type they are not messages, and never reach
        // the user (libzmq 4.3 hands them on as "\x09SUBSCRIBE…" data; RFC 37 does not).
        if (this.options.receivesSubscriptions) {
          this.deliver([SubscriptionForm.toMessage(command.name === "SUBSCRIBE", command.data)]);
        }
        break;
      case "ERROR":
        this.close(new HandshakeError(`peer sent ERROR: ${decodeErrorReason(command.data)}`));
        break;
      default:
        // PONG and unknown commands need no answer (RFC 37: unknown commands are ignored).
        break;
    }
  }

  private onData(chunk: Buffer): void {
    if (this.phase === Phase.Closed) return;
    try {
      this.decoder.push(chunk);
    } catch (err) {
      this.close(asError(err));
    }
  }
}
