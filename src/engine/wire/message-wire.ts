import { FLAG_COMMAND, FLAG_MORE } from "../../codec/constants.js";
import type { Greeting } from "../../codec/greeting.js";
import { ZWS_COMMAND, ZWS_MORE, zwsMechanism } from "../../codec/zws-subprotocol.js";
import { asError, ProtocolError, ZmqError } from "../../errors.js";
import { BatchingWire } from "./batching-wire.js";
import type { FrameWire, WireHandler } from "./frame-wire.js";
import { HANDSHAKE_FRAME_LIMIT } from "./wire-limits.js";
import { WsHeartbeat, type WsHeartbeatOptions } from "./ws-heartbeat.js";

/** What a message wire needs of the connection under it (a WebSocket: transport/websocket/message-stream.ts). */
export interface MessageChannel {
  /** The agreed subprotocol: which ZWS 2.0 mechanism runs, or bare ZWS2.0. */
  readonly protocol: string;
  receive(receiver: MessageChannelReceiver): void;
  send(parts: readonly Uint8Array[]): void;
  readonly pendingBytes: number;
  flush(): void;
  readonly congested: boolean;
  pause(): void;
  resume(): void;
  limitMessages(max: number): void;
  ping?(): void;
  end(): Promise<void>;
  destroy(): void;
}

export interface MessageChannelReceiver {
  onMessage(payload: Uint8Array): void;
  onPong(): void;
  onWritable(): void;
  onEnd(error: Error | undefined): void;
}

export interface MessageWireOptions {
  /** Largest inbound frame body once the handshake is done; -1: no limit. */
  maxMessageSize: number;
  /** Our routing id (empty if none): bare ZWS2.0's first message. */
  routingId: Uint8Array;
  heartbeat?: WsHeartbeatOptions;
}

/** The flags octet of each ZWS frame kind, made once (RFC 45 §"Framing": MORE 0x01, COMMAND 0x02). */
const ZWS_FLAGS = [0, 1, 2, 3].map((flags) => Uint8Array.of(flags));
/** The largest body a Buffer can hold. */
const MAX_BODY = 2 ** 32 - 2;

/** ZMTP's flag bits (MORE 0x01, COMMAND 0x04) as ZWS's octet (MORE 0x01, COMMAND 0x02). */
function zwsFlags(flags: number): Uint8Array {
  return ZWS_FLAGS[(flags & FLAG_MORE) | ((flags & FLAG_COMMAND) !== 0 ? ZWS_COMMAND : 0)]!;
}

const commandHeaders = new Map<string, Uint8Array>();
/** A command's name with its length octet (RFC 45 `command-name`), made once per name. */
function commandHeader(name: string): Uint8Array {
  let header = commandHeaders.get(name);
  if (header === undefined) {
    header = Uint8Array.from([name.length, ...Array.from(name, (c) => c.charCodeAt(0) & 0x7f)]);
    commandHeaders.set(name, header);
  }
  return header;
}

/**
 * ZWS 2.0 (RFC 45) as a wire: each ZMTP frame is one WebSocket message, a flags octet then the body, so
 * frames arrive already delimited and there is no greeting. The agreed subprotocol stands for the greeting:
 * `ZWS2.0/<MECHANISM>` runs that mechanism's handshake; bare `ZWS2.0` is served as a ZMTP 2.0 peer (its first
 * message is its routing id, and so is ours). A ZWS peer is a ZMTP 3.0 peer to the protocol: libzmq takes
 * subscriptions over ws only as `\x01topic` data frames and drops commands such as SUBSCRIBE and PING, so
 * liveness (ZMQ_HEARTBEAT_IVL) is WebSocket ping and pong here (ws-heartbeat.ts), as libzmq does.
 */
export class MessageWire extends BatchingWire implements FrameWire, MessageChannelReceiver {
  private frameLimit = HANDSHAKE_FRAME_LIMIT;
  private readonly heartbeat: WsHeartbeat | undefined;

  constructor(
    private readonly channel: MessageChannel,
    handler: WireHandler,
    private readonly options: MessageWireOptions,
  ) {
    super(handler);
    channel.limitMessages(HANDSHAKE_FRAME_LIMIT + 1);
    this.heartbeat = options.heartbeat !== undefined && channel.ping !== undefined ? new WsHeartbeat(channel, this, options.heartbeat) : undefined;
    // The protocol finishes constructing before it hears of the peer.
    queueMicrotask(() => {
      this.greet();
    });
  }

  private greet(): void {
    if (this.closed) return;
    const mechanism = zwsMechanism(this.channel.protocol);
    try {
      if (mechanism === undefined) throw new ProtocolError(`not a ZWS 2.0 subprotocol: ${JSON.stringify(this.channel.protocol)}`, "ERR_WS_UNSPECIFIED");
      if (mechanism === "") {
        // RFC 45 §"No Mechanism", as ZMTP 2.0: the first message each way is the routing id, no READY.
        const greeting: Greeting = { major: 1, minor: 0, mechanism: "", asServer: false, legacy: { version: 2, unversioned: false, socketType: undefined } };
        this.handler.wireGreeted(greeting);
        if (this.closed) return;
        this.channel.send([ZWS_FLAGS[0]!, this.options.routingId]);
        this.flushNow();
        this.heartbeat?.start();
      } else {
        this.handler.wireGreeted({ major: 3, minor: 0, mechanism, asServer: false });
      }
    } catch (err) {
      this.fail(asError(err));
      return;
    }
    if (!this.closed) this.channel.receive(this);
  }

  startTraffic(): void {
    const max = this.options.maxMessageSize;
    this.frameLimit = max < 0 ? MAX_BODY : Math.min(max, MAX_BODY);
    // The flags octet comes on top of the body.
    this.channel.limitMessages(this.frameLimit + 1);
    this.heartbeat?.start();
  }

  // ---- frames out (FrameWire) ---------------------------------------------------------------------------

  message(frames: readonly Uint8Array[]): void {
    const last = frames.length - 1;
    for (let i = 0; i < last; i++) this.channel.send([ZWS_FLAGS[ZWS_MORE]!, frames[i]!]);
    this.channel.send([ZWS_FLAGS[0]!, frames[last]!]);
  }

  frame(flags: number, body: Uint8Array): void {
    this.channel.send([zwsFlags(flags), body]);
  }

  command(name: string, data: Uint8Array): void {
    this.channel.send([ZWS_FLAGS[ZWS_COMMAND]!, commandHeader(name), data]);
  }

  get pendingBytes(): number {
    return this.channel.pendingBytes;
  }

  get congested(): boolean {
    return this.closed || this.channel.congested;
  }

  flushNow(): void {
    if (!this.closed) this.channel.flush();
  }

  onWritable(): void {
    if (!this.closed) this.flush();
  }

  // ---- frames in ----------------------------------------------------------------------------------------

  /** A message from the channel (never while paused: the channel keeps them until resumed). */
  onMessage(payload: Uint8Array): void {
    if (this.closed) return;
    this.heartbeat?.alive();
    try {
      if (payload.length === 0) throw new ProtocolError("an empty WebSocket message (a ZWS frame starts with its flags octet)", "ERR_WS_UNSPECIFIED");
      const body = payload.subarray(1);
      if (body.length > this.frameLimit) {
        throw new ZmqError("EMSGSIZE", `frame of ${body.length} octets exceeds ${this.frameLimit === HANDSHAKE_FRAME_LIMIT ? "the handshake's frame limit" : "maxMessageSize"}`);
      }
      const zws = payload[0]!;
      // libzmq honours MORE and COMMAND and ignores the other bits (ws_decoder.cpp `flags_ready`).
      this.handler.onFrame(((zws & ZWS_MORE) !== 0 ? FLAG_MORE : 0) | ((zws & ZWS_COMMAND) !== 0 ? FLAG_COMMAND : 0), body);
    } catch (err) {
      this.fail(asError(err));
    }
  }

  onPong(): void {
    this.heartbeat?.alive();
  }

  onEnd(error: Error | undefined): void {
    this.fail(error);
  }

  protected stopReading(): void {
    this.channel.pause();
  }

  protected restartReading(): void {
    // The channel hands over what waited first; that may pause us again.
    this.channel.resume();
  }

  // ---- life ---------------------------------------------------------------------------------------------

  async end(): Promise<void> {
    this.flushNow();
    if (this.closed) return;
    this.closed = true;
    this.heartbeat?.stop();
    await this.channel.end();
    this.wakeWaiters();
  }

  destroy(): void {
    this.closed = true;
    this.heartbeat?.stop();
    this.channel.destroy();
    this.wakeWaiters();
  }
}
