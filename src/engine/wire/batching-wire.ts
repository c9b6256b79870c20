import type { WireHandler } from "./frame-wire.js";
import { nextTurn } from "./next-turn.js";
import { BATCH_BYTES, TURN_BYTES } from "./wire-limits.js";

/**
 * What every wire does the same way, whatever carries its frames (StreamWire: a byte stream; MessageWire: a
 * WebSocket): outbound, the protocol fills a batch and the batch is written at the end of the turn, or at
 * once when it is full or answers input (`inputSinceWrite`); a flush lets the protocol fill batch after
 * batch until the peer pushes back or a turn's worth is written. Inbound, pauses are counted (the
 * protocol's back-pressure and a mechanism's pending step may overlap) and only the first and the last reach
 * the transport. And a wire's life: linger loops wait for progress; a failure ends it once and tells the
 * handler.
 *
 * Nothing here runs per frame: a wire's frame methods go straight to its encoder or channel, and these
 * run per batch, per flush or per pause.
 */
export abstract class BatchingWire {
  protected closed = false;
  private pauses = 0;
  private flushScheduled = false;
  private waiters: (() => void)[] = [];
  /**
   * Input arrived since we last wrote (the wire over a stream sets it per chunk): the next flushSoon writes
   * at once instead of at the end of the turn. A reply then goes out without a scheduled callback or a
   * turn's delay per message, as libzmq's engine does its "speculative write" when output restarts
   * (stream_engine_base_t::restart_output, for request/reply latency); a sender that does not hear from its
   * peer still batches, a turn's sends in one write.
   */
  protected inputSinceWrite = false;
  private readonly scheduledFlush = (): void => {
    this.flushScheduled = false;
    this.flush();
  };

  protected constructor(protected readonly handler: WireHandler) {}

  /** Octets gathered and not yet written. */
  abstract readonly pendingBytes: number;
  /** The peer is not taking what we write (or the wire is closed): gather nothing more. */
  abstract readonly congested: boolean;
  /** Writes what is gathered now. */
  abstract flushNow(): void;
  /** Ends at once. */
  abstract destroy(): void;
  /** The first pause: stop handing over frames (input waits, undecoded). */
  protected abstract stopReading(): void;
  /** The last pause ended: hand over what waited, then what arrives. */
  protected abstract restartReading(): void;

  /** Writes what is gathered at the end of this turn of the event loop (at once if a batch is full). */
  flushSoon(): void {
    if (this.inputSinceWrite && !this.flushScheduled && !this.closed) {
      // The first answer to what came in: written now, with whatever else waits in the pipe (a batch at a time).
      this.flush();
      return;
    }
    if (this.pendingBytes >= BATCH_BYTES) this.flushNow();
    if (this.flushScheduled || this.closed) return;
    this.flushScheduled = true;
    nextTurn(this.scheduledFlush);
  }

  /** Lets the protocol gather and writes, batch by batch, until the peer pushes back or a turn is used. */
  protected flush(): void {
    this.inputSinceWrite = false;
    let written = 0;
    while (!this.congested) {
      this.handler.wireFill();
      const pending = this.pendingBytes;
      if (pending === 0) break;
      this.flushNow();
      written += pending;
      if (written >= TURN_BYTES) {
        // Let reads and other connections have the event loop; carry on next turn.
        this.flushSoon();
        break;
      }
    }
    this.wakeWaiters();
  }

  pauseReading(): void {
    if (this.pauses++ === 0) this.stopReading();
  }

  resumeReading(): void {
    if (this.pauses === 0 || --this.pauses > 0 || this.closed) return;
    this.restartReading();
  }

  /** Whether our own back-pressure keeps the peer's input unread (a heartbeat's silence then proves nothing). */
  get readPaused(): boolean {
    return this.pauses > 0;
  }

  /** Settles after the next write completes, the peer takes more, or the wire closes. */
  progress(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** The transport ended on its own, the input broke the protocol, or the peer went silent. */
  fail(error: Error | undefined): void {
    if (this.closed) return;
    this.destroy();
    this.handler.wireClosed(error);
  }

  protected wakeWaiters(): void {
    if (this.waiters.length === 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
