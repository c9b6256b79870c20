import { ZmqError } from "../../errors.js";
import { nextTurn } from "./next-turn.js";

/** ZMQ_HEARTBEAT_IVL and ZMQ_HEARTBEAT_TIMEOUT as a WebSocket connection uses them. */
export interface WsHeartbeatOptions {
  /** ms between pings; 0: none. */
  interval: number;
  /** ms the peer may stay silent after a ping; -1: `interval`; 0: no limit. */
  timeout: number;
}

/** What the heartbeat drives: the channel it pings and the wire it ends. */
interface PingChannel {
  readonly congested: boolean;
  ping?(): void;
}
interface HeartbeatWire {
  readonly readPaused: boolean;
  fail(error: Error | undefined): void;
}

/** An open connection alone must not keep the process alive. */
function unref<T>(timer: T): T {
  (timer as { unref?: () => void }).unref?.();
  return timer;
}

/**
 * Liveness over ws as libzmq 4.3.5 runs it (ws_engine.cpp `produce_ping_message`, `decode_and_push`): every
 * `interval` a WebSocket ping with an empty payload (ZMTP PING commands are dropped by libzmq's ws
 * sessions); the first ping starts the timeout, and any message or pong from the peer before it fires
 * proves the peer alive. A silent peer is dropped (ETIMEDOUT). No TTL: a WebSocket ping carries none. The
 * ticks and timer only compare a counter the hot path bumps, as the ZMTP Heartbeat does.
 */
export class WsHeartbeat {
  private ticker: ReturnType<typeof setInterval> | undefined = undefined;
  private deadline: ReturnType<typeof setTimeout> | undefined = undefined;
  private seen = 0;
  private seenAtPing = 0;
  private stopped = false;
  private readonly timeout: number;

  constructor(
    private readonly channel: PingChannel,
    private readonly wire: HeartbeatWire,
    private readonly options: WsHeartbeatOptions,
  ) {
    this.timeout = options.timeout === -1 ? options.interval : options.timeout;
  }

  /** Traffic from the peer. */
  alive(): void {
    this.seen++;
  }

  start(): void {
    if (this.stopped || this.options.interval <= 0 || this.ticker !== undefined) return;
    this.ticker = unref(setInterval(this.tick, this.options.interval));
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.ticker);
    clearTimeout(this.deadline);
  }

  private readonly tick = (): void => {
    // A peer not taking our bytes gets no more pings piled up (libzmq pings once its output drained).
    if (this.stopped || this.channel.congested) return;
    this.channel.ping?.();
    if (this.timeout > 0 && this.deadline === undefined) {
      this.seenAtPing = this.seen;
      this.deadline = unref(setTimeout(this.expired, this.timeout));
    }
  };

  private silent(): boolean {
    // Our own back-pressure may be what keeps the peer's proof of life unread.
    return !this.stopped && this.seen === this.seenAtPing && !this.wire.readPaused;
  }

  private readonly expired = (): void => {
    this.deadline = undefined;
    if (!this.silent()) return;
    // The verdict waits for the next poll for I/O, so a stall of our own event loop does not beat the
    // peer's pong that arrived meanwhile (as the ZMTP Heartbeat's SilenceWatch).
    nextTurn(() => {
      if (this.silent()) this.wire.fail(new ZmqError("ETIMEDOUT", `peer silent for ${this.timeout} ms after a WebSocket ping (heartbeat timeout)`));
    });
  };
}
