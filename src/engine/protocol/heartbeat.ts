import { decodePing, encodePing, pongContext } from "../../codec/command.js";
import { ZmqError } from "../../errors.js";
import type { FrameWire } from "../wire/frame-wire.js";
import { nextTurn } from "../wire/next-turn.js";

/** A socket's heartbeat options, as set (ZMQ_HEARTBEAT_IVL, ZMQ_HEARTBEAT_TIMEOUT, ZMQ_HEARTBEAT_TTL). */
export interface HeartbeatOptions {
  /** ms between PINGs; 0: none. */
  interval: number;
  /** ms the peer may stay silent after a PING; -1: `interval`; 0: no limit. */
  timeout: number;
  /** ms the peer may wait for traffic from us before dropping us, sent in each PING; 0: none. */
  timeToLive: number;
}

/** What a heartbeat needs of the connection it runs for (ZmtpProtocol). */
export interface HeartbeatHost {
  /** Frames received from the peer so far: any traffic proves the peer alive. */
  readonly framesIn: number;
  /** Our own back-pressure paused reading: what the peer sent waits unread, so its silence is ours. */
  readonly readPaused: boolean;
  /** Sends a command in the peer's form (through the mechanism's transform, if any). */
  sendCommand(name: string, data: Uint8Array): void;
  /** Ends the connection with `error`. */
  close(error: Error | undefined): void;
}

type Timer = ReturnType<typeof setTimeout>;

/** An open connection alone must not keep the process alive. */
function unref<T>(timer: T): T {
  (timer as { unref?: () => void }).unref?.();
  return timer;
}

/**
 * ZMTP heartbeats (RFC 37 §"PING and PONG"), as libzmq 4.3.5 runs them (stream_engine_base.cpp,
 * zmtp_engine.cpp):
 * - every `interval` after the handshake, a PING carrying our TTL (in deciseconds, cut as libzmq cuts it);
 *   sending one starts the timeout unless it runs already; if nothing at all arrives from the peer before
 *   it fires, the connection ends (ETIMEDOUT; the session reports `disconnect` and a dialer reconnects);
 * - a PING from the peer is answered with PONG, and if it carries a TTL it starts that timer afresh; any
 *   later frame from the peer cancels it; if it fires, the connection ends.
 *
 * libzmq cancels both timers on every inbound message. Here the hot path only counts frames (`framesIn`,
 * kept by the host); a timer compares the count with the one it started at when it fires.
 *
 * A ZMTP 3.0 peer (and 2.0/1.0) predates PING: it never gets one, and since only a PING we send starts the
 * timeout, such a peer is never timed out either (on an idle connection it has no way to prove itself
 * alive). libzmq 4.3.5 sends PINGs to a 3.0 peer all the same, and so times out an idle one that cannot
 * answer them.
 *
 * Where libzmq gives no exact rule to copy, three choices:
 * - a tick that finds the wire congested (the peer is not taking our bytes) sends no PING and starts no
 *   timeout, as libzmq produces its PING only once its output has drained; so nothing piles up for a
 *   stalled peer;
 * - a timer that fires while our own back-pressure has paused reading waits another period: the peer's
 *   proof of life may be in the unread bytes (libzmq would drop a live peer whose reader is slow);
 * - a timer's verdict waits for the next poll for I/O (closeIfStillSilent), so that a stall of our own
 *   event loop does not drop a peer whose traffic arrived meanwhile.
 */
export class Heartbeat {
  private readonly interval: number;
  private readonly timeout: number;
  /** The PING we send, always the same: 2-octet TTL in deciseconds, no context. */
  private readonly ping: Uint8Array;
  private ticker: ReturnType<typeof setInterval> | undefined = undefined;
  /** After our PING: the peer must send something within `timeout`. */
  private readonly afterPing: SilenceWatch;
  /** After the peer's PING with a TTL: the peer must send something within that TTL. */
  private readonly afterPeerPing: SilenceWatch;
  private stopped = false;

  constructor(
    private readonly host: HeartbeatHost,
    private readonly wire: FrameWire,
    options: HeartbeatOptions | undefined,
  ) {
    this.interval = options?.interval ?? 0;
    const timeout = options?.timeout ?? -1;
    this.timeout = this.interval > 0 ? (timeout === -1 ? this.interval : timeout) : 0;
    // libzmq stores ZMQ_HEARTBEAT_TTL as value / 100 (integer division): under 100 ms is no TTL at all.
    this.ping = encodePing(Math.min(0xffff, Math.floor((options?.timeToLive ?? 0) / 100)));
    this.afterPing = new SilenceWatch(host, (ms) => `peer silent for ${ms} ms after a PING (heartbeat timeout)`);
    this.afterPeerPing = new SilenceWatch(host, (ms) => `peer silent for ${ms} ms, the TTL its PING set (heartbeat TTL)`);
  }

  /** The handshake is done: PINGs start if enabled and the peer speaks ZMTP 3.1 or later. */
  start(peerKnowsPing: boolean): void {
    if (this.stopped || this.interval <= 0 || !peerKnowsPing || this.ticker !== undefined) return;
    this.ticker = unref(
      setInterval(() => {
        this.tick();
      }, this.interval),
    );
  }

  /** The connection ended: every timer stops. Idempotent. */
  stop(): void {
    this.stopped = true;
    clearInterval(this.ticker);
    this.ticker = undefined;
    this.afterPing.stop();
    this.afterPeerPing.stop();
  }

  /** A PING command's data from the peer: PONG with its context, and its TTL honoured. */
  onPing(data: Uint8Array): void {
    const ping = decodePing(data);
    const ttl = ping.ttlDeciseconds * 100;
    if (ttl > 0 && !this.stopped) {
      // libzmq cancels the TTL timer on every message, this PING included, then starts it afresh.
      this.afterPeerPing.start(ttl);
    }
    // A peer that pings without reading our answers gets none while the wire is congested (libzmq keeps one
    // PONG at most): what we hold for it stays bounded.
    if (this.wire.congested) return;
    this.host.sendCommand("PONG", pongContext(ping));
    this.wire.flushSoon();
  }

  private tick(): void {
    if (this.stopped || this.wire.congested) return;
    this.host.sendCommand("PING", this.ping);
    this.wire.flushSoon();
    if (this.timeout > 0 && !this.afterPing.running) this.afterPing.start(this.timeout);
  }
}

/**
 * One silence deadline: started with a span, it ends the connection (ETIMEDOUT) if no frame at all came
 * from the peer within it. The hot path only counts frames; the timer compares counts when it fires. Two
 * of libzmq's rules for the verdict:
 * - while our own back-pressure has paused reading, the peer's proof of life may be in the unread bytes:
 *   the deadline waits another span;
 * - the verdict waits for the event loop's next poll for I/O (immediates run after it), so that a stall
 *   of our own event loop does not beat the peer's traffic that arrived meanwhile.
 */
class SilenceWatch {
  private timer: Timer | undefined = undefined;
  private span = 0;
  private framesAtStart = 0;
  private stopped = false;

  constructor(
    private readonly host: HeartbeatHost,
    private readonly reason: (ms: number) => string,
  ) {}

  get running(): boolean {
    return this.timer !== undefined;
  }

  /** (Re)starts the deadline `ms` from now, counting from the frames received so far. */
  start(ms: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.span = ms;
    this.framesAtStart = this.host.framesIn;
    this.timer = unref(setTimeout(this.expired, ms));
  }

  /** For good (the connection ended). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private silent(): boolean {
    return !this.stopped && this.host.framesIn === this.framesAtStart;
  }

  private readonly expired = (): void => {
    this.timer = undefined;
    if (!this.silent()) return;
    if (this.host.readPaused) {
      this.timer = unref(setTimeout(this.expired, this.span));
      return;
    }
    nextTurn(() => {
      if (this.silent() && !this.host.readPaused) this.host.close(new ZmqError("ETIMEDOUT", this.reason(this.span)));
    });
  };
}
