import { NAK_BACK_OFF, NAK_DATA_RETRIES, NAK_NCF_RETRIES, NAK_RDATA_INTERVAL, NAK_REPEAT_INTERVAL } from "./pgm-timing.js";
import { addSqn, nextSqn, sqnDistance } from "./sequence.js";

/** A slot's state (pgm/rxw.c `pgm_pkt_state_e`, without FEC's), one octet per slot. */
const Slot = {
  Empty: 0,
  /** Missing; a NAK goes when its random back-off ends. */
  BackOff: 1,
  /** NAKed; waiting for an NCF (or the data). */
  WaitNcf: 2,
  /** Confirmed by an NCF; waiting for the RDATA. */
  WaitData: 3,
  HaveData: 4,
  /** Given up: retries spent, or the source's trail moved past it. */
  Lost: 5,
} as const;

/** What `add` did with a packet. */
export type AddResult = "duplicate" | "added" | "beyond";

/** What `head` finds at the trail. */
export type Head = Uint8Array | "lost" | undefined;

/**
 * One source's receive window (pgm/rxw.c, simplified): slots from `trail` (the next sequence number to hand
 * on) to `lead` (the newest known), each holding data or a placeholder with its NAK state. A sequence
 * number seen missing (a later packet, an SPM's lead, an NCF) gets a placeholder in BACK_OFF; its NAK goes
 * after a random back-off (so that one receiver's NAK, confirmed by the NCF to the group, spares the
 * others theirs), then it waits for an NCF (repeating the NAK), then for the RDATA; after 50 tries either
 * way, or once the source's trail has passed it, it is lost. The window never holds more than `capacity`
 * slots: what would go past that drops the oldest missing slots, or, when the oldest holds data the
 * consumer has not taken yet, the new packet (it will be NAKed once there is room).
 */
export class ReceiveWindow {
  private readonly state: Uint8Array;
  private readonly expiry: Float64Array;
  private readonly ncfRetries: Uint8Array;
  private readonly dataRetries: Uint8Array;
  private readonly data: (Uint8Array | undefined)[];
  /** Sequence numbers of the slots waiting for data (BACK_OFF, WAIT_NCF, WAIT_DATA). */
  private readonly missing = new Set<number>();
  private defined = false;
  private trailSqn = 0;
  private leadSqn = 0xffffffff;
  /** The earliest NAK timer, or a time before it (exact after `due`). */
  private earliest = Infinity;
  /** Sequence numbers lost so far (tests, diagnostics). */
  losses = 0;

  constructor(
    readonly capacity: number,
    /** Uniform in [0, 1): the NAK back-off's randomness. */
    private readonly random: () => number,
  ) {
    this.state = new Uint8Array(capacity);
    this.expiry = new Float64Array(capacity);
    this.ncfRetries = new Uint8Array(capacity);
    this.dataRetries = new Uint8Array(capacity);
    this.data = new Array<Uint8Array | undefined>(capacity);
  }

  get isDefined(): boolean {
    return this.defined;
  }

  get trail(): number {
    return this.trailSqn;
  }

  get lead(): number {
    return this.leadSqn;
  }

  /** Whether any slot waits for data. */
  get hasMissing(): boolean {
    return this.missing.size > 0;
  }

  /** The window starts at `first`: nothing older is asked for (a late joiner takes the stream from here). */
  define(first: number): void {
    this.defined = true;
    this.trailSqn = first;
    this.leadSqn = (first - 1) >>> 0;
  }

  private slot(sqn: number): number {
    return sqn % this.capacity;
  }

  private backOff(now: number): number {
    // (0, NAK_BACK_OFF]: pgm/receiver.c draws from [1 µs, NAK_BO_IVL].
    return now + Math.max(0.001, this.random() * NAK_BACK_OFF);
  }

  private setTimer(at: number, when: number): void {
    this.expiry[at] = when;
    if (when < this.earliest) this.earliest = when;
  }

  /** Placeholders up to and including `sqn` (which must be ahead of the lead), making room if needed. */
  private extendTo(sqn: number, now: number): boolean {
    if (!this.makeRoomFor(sqn)) return false;
    while (this.leadSqn !== sqn) {
      const next = nextSqn(this.leadSqn);
      const at = this.slot(next);
      this.state[at] = Slot.BackOff;
      this.ncfRetries[at] = 0;
      this.dataRetries[at] = 0;
      this.data[at] = undefined;
      this.setTimer(at, this.backOff(now));
      this.missing.add(next);
      this.leadSqn = next;
    }
    return true;
  }

  /** Frees slots until `sqn` fits: missing ones at the trail are lost; data not yet taken blocks. */
  private makeRoomFor(sqn: number): boolean {
    while (sqnDistance(sqn, this.trailSqn) >= this.capacity) {
      if (sqnDistance(this.leadSqn, this.trailSqn) < 0) {
        // Empty: move the whole window on; what lay between was never seen, so it is lost.
        const skipped = sqnDistance(sqn, this.trailSqn) - this.capacity + 1;
        this.losses += skipped;
        this.trailSqn = addSqn(this.trailSqn, skipped);
        this.leadSqn = (this.trailSqn - 1) >>> 0;
        this.gap = true;
        continue;
      }
      const at = this.slot(this.trailSqn);
      if (this.state[at] === Slot.HaveData) return false;
      if (this.state[at] !== Slot.Lost) this.lose(this.trailSqn, at);
      this.advance();
      this.gap = true;
    }
    return true;
  }

  private lose(sqn: number, at: number): void {
    this.state[at] = Slot.Lost;
    this.data[at] = undefined;
    this.missing.delete(sqn);
    this.losses++;
  }

  /** ODATA or RDATA `sqn` arrived. */
  add(sqn: number, payload: Uint8Array, now: number): AddResult {
    if (!this.defined) this.define(sqn);
    const fromTrail = sqnDistance(sqn, this.trailSqn);
    if (fromTrail < 0) return "duplicate";
    if (sqnDistance(sqn, this.leadSqn) > 0) {
      if (!this.extendTo(sqn, now)) return "beyond";
    }
    const at = this.slot(sqn);
    const state = this.state[at];
    if (state === Slot.HaveData) return "duplicate";
    // Data is welcome in any placeholder state (pgm/rxw.c `_pgm_rxw_insert`), and even once given up on,
    // as long as the consumer has not moved past it.
    if (state === Slot.Lost) this.losses--;
    this.state[at] = Slot.HaveData;
    this.data[at] = payload;
    this.missing.delete(sqn);
    return "added";
  }

  /** An SPM's lead: everything up to it was sent, so what is not here is missing. */
  updateLead(lead: number, now: number): void {
    if (!this.defined) {
      // A late joiner starts after what was already sent (pgm/rxw.c `_pgm_rxw_define(window, lead)`).
      this.define(nextSqn(lead));
      return;
    }
    const ahead = sqnDistance(lead, this.leadSqn);
    if (ahead > 0 && ahead < 0x4000_0000) this.extendTo(lead, now);
  }

  /** The source's trail: what it no longer holds, and this window lacks, is lost. */
  updateTrail(trail: number): void {
    if (!this.defined || sqnDistance(trail, this.trailSqn) <= 0 || sqnDistance(trail, this.trailSqn) >= 0x4000_0000) return;
    for (const sqn of this.missing) {
      if (sqnDistance(sqn, trail) < 0) this.lose(sqn, this.slot(sqn));
    }
    if (sqnDistance(this.leadSqn, this.trailSqn) < 0) {
      // Empty, and the source has moved on past everything we knew of: what lay between is lost.
      this.losses += sqnDistance(trail, this.trailSqn);
      this.trailSqn = trail;
      this.leadSqn = (trail - 1) >>> 0;
      this.gap = true;
    }
  }

  /** An NCF for `sqn`: its repair is coming, so wait for the data rather than NAK again. */
  confirm(sqn: number, now: number): void {
    if (!this.defined || sqnDistance(sqn, this.trailSqn) < 0) return;
    if (sqnDistance(sqn, this.leadSqn) > 0) {
      // Another receiver's NAK for data we have not seen yet (pgm/rxw.c `pgm_rxw_confirm`: APPENDED).
      if (sqnDistance(sqn, this.leadSqn) >= this.capacity || !this.extendTo(sqn, now)) return;
    }
    const at = this.slot(sqn);
    const state = this.state[at];
    if (state === Slot.BackOff || state === Slot.WaitNcf || state === Slot.WaitData) {
      this.state[at] = Slot.WaitData;
      this.setTimer(at, now + NAK_RDATA_INTERVAL);
    }
  }

  /** When the next NAK timer is due (Infinity if none). */
  nextDue(): number {
    return this.missing.size === 0 ? Infinity : this.earliest;
  }

  /**
   * Runs the NAK timers due by `now` (pgm/receiver.c `nak_rb_state`, `nak_rpt_state`, `nak_rdata_state`):
   * back-offs that ended are NAKed (their sequence numbers pushed to `naks`; without a way to NAK, the
   * back-off starts again and counts as a try), unanswered NAKs and unfulfilled NCFs go back to back-off or,
   * with their tries spent, are lost.
   */
  due(now: number, canNak: boolean, naks: number[]): void {
    let earliest = Infinity;
    for (const sqn of this.missing) {
      const at = this.slot(sqn);
      if (this.expiry[at]! <= now) {
        switch (this.state[at]) {
          case Slot.BackOff:
            if (canNak) {
              naks.push(sqn);
              this.state[at] = Slot.WaitNcf;
              this.expiry[at] = now + NAK_REPEAT_INTERVAL;
            } else if (++this.ncfRetries[at]! > NAK_NCF_RETRIES) {
              this.lose(sqn, at);
              continue;
            } else {
              this.expiry[at] = this.backOff(now);
            }
            break;
          case Slot.WaitNcf:
            if (++this.ncfRetries[at]! > NAK_NCF_RETRIES) {
              this.lose(sqn, at);
              continue;
            }
            this.state[at] = Slot.BackOff;
            this.expiry[at] = this.backOff(now);
            break;
          default:
            if (++this.dataRetries[at]! > NAK_DATA_RETRIES) {
              this.lose(sqn, at);
              continue;
            }
            this.state[at] = Slot.BackOff;
            this.expiry[at] = this.backOff(now);
        }
      }
      earliest = Math.min(earliest, this.expiry[at]!);
    }
    this.earliest = earliest;
  }

  // ---- the consumer's side ------------------------------------------------------------------------------

  /** Set when sequence numbers were skipped since the consumer last looked: its stream must start over. */
  gap = false;

  /** What the trail holds: its data, "lost", or undefined while it is still missing (or the window empty). */
  head(): Head {
    if (!this.defined || sqnDistance(this.leadSqn, this.trailSqn) < 0) return undefined;
    const at = this.slot(this.trailSqn);
    const state = this.state[at];
    if (state === Slot.HaveData) return this.data[at];
    return state === Slot.Lost ? "lost" : undefined;
  }

  /** The consumer took the head (data, or a loss): the trail moves on and the slot is free. */
  advance(): void {
    const at = this.slot(this.trailSqn);
    this.state[at] = Slot.Empty;
    this.data[at] = undefined;
    this.trailSqn = nextSqn(this.trailSqn);
  }
}
