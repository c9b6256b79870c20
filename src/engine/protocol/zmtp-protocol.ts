import { decodeCommand, decodeErrorReason, encodeErrorReason } from "../../codec/command.js";
import { FLAG_COMMAND, FLAG_MORE } from "../../codec/constants.js";
import type { Greeting } from "../../codec/greeting.js";
import { HandshakeError, ProtocolError } from "../../errors.js";
import { peerError } from "../../mechanism/peer-error.js";
import type { FrameOutput, FrameTransform, Mechanism } from "../../mechanism/mechanism.js";
import type { Message } from "../../message.js";
import { GroupMembership, Subscription, type PipeItem } from "../../pipe/pipe-item.js";
import type { PeerInfo, Pipe } from "../../pipe/pipe.js";
import type { EngineConnection, EngineHandler } from "../engine-connection.js";
import { phantomSubscription, type LegacyPeer } from "../legacy-peer.js";
import { peerInfoFrom } from "../peer-info.js";
import type { FrameWire, WireHandler } from "../wire/frame-wire.js";
import { BATCH_BYTES } from "../wire/wire-limits.js";
import { HandshakeDriver } from "./handshake-driver.js";
import { MessageAssembly } from "./message-assembly.js";
import { Heartbeat, type HeartbeatHost, type HeartbeatOptions } from "./heartbeat.js";
import { TransformedFrames } from "./transformed-frames.js";

export interface ProtocolOptions {
  mechanism: Mechanism;
  /** Milliseconds the greeting and handshake may take; 0: no limit. */
  handshakeInterval: number;
  /** Reason to refuse the peer (sent in ERROR), or undefined to accept it (RFC 28/29/30/31 valid pairs). */
  checkPeer: (peer: PeerInfo) => string | undefined;
  /** PUB/XPUB: subscriptions arrive as typed items; to other socket types SUBSCRIBE/CANCEL are not messages. */
  receivesSubscriptions: boolean;
  /** RADIO: JOIN/LEAVE commands arrive as GroupMembership items; to other socket types they are ignored. */
  receivesGroups?: boolean;
  /** PING/PONG timers (RFC 37); absent: none sent, a peer's PING still answered and its TTL honoured. */
  heartbeat?: HeartbeatOptions;
  /** Largest inbound message, all its frames together (libzmq checks each frame); -1 or absent: no limit. */
  maxMessageSize?: number;
}

/** Creates the wire a protocol runs over (the protocol is the wire's handler). */
export type WireFactory = (handler: WireHandler) => FrameWire;

const enum Phase {
  Greeting,
  Handshake,
  Traffic,
  Closed,
}

/** How many decoded messages may wait for the reader before decoding pauses (bounded by the mark too). */
const READ_AHEAD = 64;

/**
 * The protocol part of a ZMTP connection (RFC 23/37), over frames from any wire: the handshake (through its
 * driver), command dispatch (PING, SUBSCRIBE/CANCEL, JOIN/LEAVE, ERROR), multipart assembly, and the pipe
 * between the connection and its socket. It owns the connection's timers (the handshake's, the Heartbeat's).
 * Every failure ends in `handler.closed`, never in an exception.
 */
export class ZmtpProtocol implements WireHandler, EngineConnection, HeartbeatHost {
  private phase = Phase.Greeting;
  private readonly wire: FrameWire;
  private readonly handshake: HandshakeDriver;
  private peerMinor = 0;
  private pipe: Pipe | undefined = undefined;
  private peer: PeerInfo | undefined = undefined;
  /** A multipart message still arriving, bounded; discarded if the connection dies first. */
  private readonly parts: MessageAssembly;
  readPaused = false;
  /** Messages decoded ahead of the reader before decoding pauses (never more than the high-water mark). */
  private readAhead = READ_AHEAD;
  /** Set when the mechanism changes traffic frames (CURVE): every frame in and out goes through it. */
  private transformed: TransformedFrames | undefined = undefined;
  private refusalTimer: ReturnType<typeof setTimeout> | undefined = undefined;
  private readonly heartbeat: Heartbeat;
  /** HeartbeatHost: traffic frames from the peer so far, counted (no timer is reset per frame). */
  framesIn = 0;

  constructor(
    createWire: WireFactory,
    private readonly options: ProtocolOptions,
    private readonly handler: EngineHandler,
  ) {
    this.parts = new MessageAssembly(options.maxMessageSize ?? -1);
    this.wire = createWire(this);
    this.handshake = new HandshakeDriver(options.mechanism, this.wire, this, options.handshakeInterval);
    this.heartbeat = new Heartbeat(this, this.wire, options.heartbeat);
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
    this.handshake.stop();
    this.heartbeat.stop();
    clearTimeout(this.refusalTimer);
    this.parts.clear();
    this.pipe = undefined;
    this.wire.destroy();
    this.handler.closed(this, error);
  }

  /** Ends the connection once the pipe's messages are written (linger); waits on the peer, never spins. */
  async drainAndClose(): Promise<void> {
    const wire = this.wire;
    while (this.phase === Phase.Traffic && this.pipe !== undefined && (this.pipe.readableSize > 0 || wire.pendingBytes > 0)) {
      if (!wire.congested) wire.flushSoon();
      await wire.progress();
    }
    if (this.phase === Phase.Closed) return;
    await wire.end();
    this.close(undefined);
  }

  // ---- WireHandler --------------------------------------------------------------------------------------

  wireGreeted(greeting: Greeting): void {
    this.peerMinor = greeting.minor;
    this.phase = Phase.Handshake;
    this.handshake.start(greeting);
  }

  onFrame(flags: number, body: Uint8Array): void {
    if (this.phase === Phase.Traffic) {
      this.framesIn++;
      if (this.transformed !== undefined) this.transformed.decode(flags, body);
      else if (flags === 0 && !this.parts.started) this.deliver([body as Buffer]);
      else this.onTrafficFrame(flags, body);
    } else if (this.phase === Phase.Handshake) {
      this.handshake.onFrame(flags, body);
    }
  }

  wireFill(): void {
    const pipe = this.pipe;
    if (pipe === undefined) return;
    const wire = this.wire;
    while (!wire.congested && wire.pendingBytes < BATCH_BYTES) {
      const item = pipe.read();
      if (item === undefined) return;
      this.send(item);
    }
  }

  wireClosed(error: Error | undefined): void {
    this.close(error);
  }

  // ---- the pipe (through the session) -------------------------------------------------------------------

  pipeReadable(): void {
    // Encode at send time: a message does not linger as an object, and the write goes out this turn.
    if (this.pipe === undefined || this.wire.congested) return;
    this.wireFill();
    this.wire.flushSoon();
  }

  pipeWritable(): void {
    if (!this.readPaused || this.phase === Phase.Closed) return;
    this.readPaused = false;
    this.wire.resumeReading();
  }

  // ---- handshake (HandshakeHost) ------------------------------------------------------------------------

  handshakeDone(legacy?: LegacyPeer): void {
    const mechanism = this.options.mechanism;
    const peer = legacy?.info ?? peerInfoFrom(mechanism.peerMetadata, this.peerMinor);
    // A ZMTP 1.0/2.0 peer is not checked: libzmq never checks its socket type (wire-reference.md §5.2).
    const refusal = legacy === undefined ? this.options.checkPeer(peer) : undefined;
    if (refusal !== undefined) {
      this.refuse(refusal);
      return;
    }
    this.peer = peer;
    this.phase = Phase.Traffic;
    this.wire.startTraffic();
    if (mechanism.transform !== undefined) this.transformed = this.transformFrames(mechanism.transform);
    const pipe = this.handler.ready(this, peer);
    if (pipe === undefined) {
      if (this.phase === Phase.Traffic) this.close(new HandshakeError("ECONNREFUSED", "the socket refused the peer (e.g. its routing id is taken)"));
      return;
    }
    // The handler may have closed us meanwhile: never hook a pipe to a dead connection.
    if ((this.phase as Phase) !== Phase.Traffic) return;
    this.pipe = pipe;
    const mark = pipe.writeMark;
    this.readAhead = mark > 0 ? Math.min(mark, READ_AHEAD) : READ_AHEAD;
    this.heartbeat.start(peer.zmtp31);
    if (legacy?.unversioned === true && this.options.receivesSubscriptions) this.deliverItem(phantomSubscription());
    this.pipeReadable();
  }

  handshakeFailed(error: Error): void {
    this.close(error);
  }

  /** Sends ERROR with a reason and closes once it is written (RFC 37 §"The ERROR Command"). */
  private refuse(reason: string): void {
    const error = new ProtocolError(`peer refused: ${reason}`, "ERR_ZMTP_INVALID_METADATA");
    this.wire.command("ERROR", encodeErrorReason(reason));
    void this.wire.end().then(() => {
      this.close(error);
    });
    this.refusalTimer = setTimeout(() => {
      this.close(error);
    }, 1000);
    (this.refusalTimer as { unref?: () => void }).unref?.();
  }

  // ---- traffic ------------------------------------------------------------------------------------------

  private onTrafficFrame(flags: number, body: Uint8Array): void {
    if ((flags & FLAG_COMMAND) !== 0) {
      this.onCommand(body);
      return;
    }
    if ((flags & FLAG_MORE) !== 0) this.parts.add(body as Buffer);
    else this.deliver(this.parts.finish(body as Buffer));
  }

  private deliver(message: Message): void {
    let item: PipeItem = message;
    // A ZMTP 3.0 peer subscribes with `\x01topic` data messages; libzmq takes them from any peer.
    if (this.options.receivesSubscriptions) item = Subscription.fromMessage(message) ?? message;
    this.deliverItem(item);
  }

  private deliverItem(item: PipeItem): void {
    const pipe = this.pipe!;
    pipe.forceWrite(item);
    if (pipe.writtenSize >= this.readAhead && !this.readPaused) {
      // Decode only a little ahead of the reader: what is already read stays undecoded bytes, and reading
      // stops until the reader catches up, so the high-water mark holds exactly. Back-pressure then reaches
      // the sender through tcp.
      this.readPaused = true;
      this.wire.pauseReading();
      pipe.wakeWhenBelow(this.readAhead >>> 1);
    }
  }

  private onCommand(body: Uint8Array): void {
    const command = decodeCommand(body);
    switch (command.name) {
      case "PING":
        this.heartbeat.onPing(command.data);
        break;
      case "SUBSCRIBE":
      case "CANCEL":
        // RFC 37 §"SUBSCRIBE and CANCEL": only a publisher acts on them; to any other socket type they are
        // not messages and never reach the user (libzmq 4.3 hands them on as "\x09SUBSCRIBE…" data).
        if (this.options.receivesSubscriptions) {
          this.deliverItem(new Subscription(command.name === "SUBSCRIBE", Buffer.from(command.data)));
        }
        break;
      case "JOIN":
      case "LEAVE":
        // libzmq radio_session_t::push_msg: the group is the rest of the command. One over 255 octets makes
        // libzmq's RADIO abort (errno_assert in set_group); here it is dropped.
        if (this.options.receivesGroups === true && command.data.length <= GroupMembership.MAX_LENGTH) {
          this.deliverItem(new GroupMembership(command.name === "JOIN", Buffer.from(command.data)));
        }
        break;
      case "ERROR":
        this.close(peerError(decodeErrorReason(command.data)));
        break;
      default:
        // PONG and unknown commands need no answer (RFC 37: unknown commands are ignored).
        break;
    }
  }

  /** One item from the socket onto the wire, in the peer's form. */
  private send(item: PipeItem): void {
    const transformed = this.transformed;
    if (Array.isArray(item)) {
      if (transformed === undefined) this.wire.message(item);
      else transformed.encodeMessage(item);
      return;
    }
    // A DISH's JOIN/LEAVE: a command whatever the peer's revision (libzmq dish_session_t::pull_msg).
    if (item instanceof GroupMembership) this.sendCommand(item.join ? "JOIN" : "LEAVE", item.group);
    // RFC 37: a ZMTP 3.1 peer gets SUBSCRIBE/CANCEL commands, a 3.0 peer the `\x01topic` message form.
    else if (this.peer!.zmtp31) this.sendCommand(item.subscribe ? "SUBSCRIBE" : "CANCEL", item.topic);
    else if (transformed === undefined) this.wire.message(item.toMessage());
    else transformed.encodeMessage(item.toMessage());
  }

  sendCommand(name: string, data: Uint8Array): void {
    if (this.transformed === undefined) this.wire.command(name, data);
    else this.transformed.encodeCommand(name, data);
  }

  private transformFrames(transform: FrameTransform): TransformedFrames {
    const wire = this.wire;
    const toWire: FrameOutput = {
      frame: (flags, body) => {
        wire.frame(flags, body);
      },
    };
    const fromWire: FrameOutput = {
      frame: (flags, body) => {
        this.onTrafficFrame(flags, body);
      },
    };
    return new TransformedFrames(transform, toWire, fromWire);
  }
}
