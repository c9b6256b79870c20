import { ApduWriter } from "../../codec/pgm/apdu-writer.js";
import { EPGM_IPV4_OVERHEAD } from "../../codec/pgm/constants.js";
import type { PgmPacket } from "../../codec/pgm/packet.js";
import { encodeNak, encodeSpm, sealData, toRdata, type PgmAddressing } from "../../codec/pgm/packet-encoder.js";
import type { Pipe, PipeOwner } from "../../pipe/pipe.js";
import type { PgmLink } from "./pgm-link.js";
import { bytesPerSecond, maxTsdu, windowSqns, type PgmSettings } from "./pgm-settings.js";
import { AMBIENT_SPM_INTERVAL, FIN_SPMS, HEARTBEAT_SPM_INTERVALS, START_SPMS } from "./pgm-timing.js";
import { RateLimiter } from "./rate-limiter.js";
import type { PgmScheduler, PgmTimer } from "./scheduler.js";
import { TransmitWindow } from "./transmit-window.js";

/** What a source counts (tests and diagnostics). */
export interface PgmSourceStats {
  odata: number;
  rdata: number;
  spms: number;
  ncfs: number;
  /** NAKs (and sequence numbers in them) accepted. */
  naks: number;
  /** Upstream packets refused: another session's, or a NAK naming another source or group (as OpenPGM). */
  refused: number;
  /** NAKed sequence numbers that had already left the transmit window. */
  tooOld: number;
}

/** An SPMR is answered at most this often: a flood of them must not become a flood of SPMs. */
const SPMR_ANSWER_INTERVAL = 5;

/**
 * A PGM source, as OpenPGM runs one for libzmq's pgm_sender (pgm/source.c; wire reference §2.5, §2.6): it
 * reads messages from its pipe (PUB's distributor writes to it), cuts them into APDUs (ApduWriter), sends
 * each as ODATA with the next sequence number at no more than `rate`, and keeps the last recoveryInterval's
 * worth (TransmitWindow) to repair: a valid NAK gets an NCF at once and RDATA as the rate allows (repairs
 * before new data). SPMs: 3 at start, heartbeats after data, one every 30 s, one for each SPMR, 3 with
 * OPT_FIN at close. Nothing here waits on the network: a send never blocks, a datagram lost is repaired.
 */
export class PgmSource implements PipeOwner {
  readonly stats: PgmSourceStats = { odata: 0, rdata: 0, spms: 0, ncfs: 0, naks: 0, refused: 0, tooOld: 0 };
  private readonly window: TransmitWindow;
  private readonly writer: ApduWriter;
  private readonly limiter: RateLimiter;
  private readonly downstream: PgmAddressing;
  /** APDUs cut and not yet sent (their sequence number is taken when they go). */
  private readonly ready: Uint8Array[] = [];
  /** Sequence numbers to repair, in the order NAKed; `requested` dedupes them until sent. */
  private readonly repairs: number[] = [];
  private readonly requested = new Set<number>();
  private pumpTimer: PgmTimer | undefined = undefined;
  private heartbeatTimer: PgmTimer | undefined = undefined;
  private ambientTimer: PgmTimer | undefined = undefined;
  /** When the next heartbeat SPM is due (after the last data), and which interval comes after it. */
  private heartbeatDue = Infinity;
  private heartbeatIndex = HEARTBEAT_SPM_INTERVALS.length;
  private spmSqn = 0;
  private lastSpmrAnswer = -Infinity;
  private stopped = false;
  private drained: (() => void) | undefined = undefined;

  constructor(
    private readonly settings: PgmSettings,
    private readonly link: PgmLink,
    private readonly scheduler: PgmScheduler,
    private readonly pipe: Pipe,
    /** The session's TSI: a random GSI (48 bits) and source port (never the data-destination port). */
    readonly gsi: number,
    readonly sourcePort: number,
  ) {
    this.window = new TransmitWindow(windowSqns(settings));
    this.writer = new ApduWriter(maxTsdu(settings), (packet) => this.ready.push(packet));
    this.limiter = new RateLimiter(bytesPerSecond(settings), settings.maxTpdu, scheduler.now());
    this.downstream = { sourcePort, destinationPort: settings.port, gsi };
  }

  /** Sends the first SPMs and starts reading the pipe. */
  start(): void {
    for (let i = 0; i < START_SPMS; i++) this.sendSpm(false);
    this.ambientTimer = this.scheduler.after(AMBIENT_SPM_INTERVAL, this.ambient);
    this.pipe.attach(this);
  }

  // ---- the pipe ---------------------------------------------------------------------------------------

  pipeReadable(): void {
    // On a later turn: messages sent in the same turn share packets, as libzmq fills its buffer.
    this.schedulePump(0);
  }

  pipeWritable(): void {
    // The source only reads its pipe.
  }

  pipeTerminated(): void {
    // The socket closed or dropped the endpoint: what is queued is still read (close() lingers over it).
  }

  pipeReconnected(): void {
    // A multicast source has no connection to renew.
  }

  /** Messages and packets not yet sent (a lingering close waits for them). */
  get backlog(): number {
    return this.pipe.readableSize + this.ready.length + (this.writer.pending ? 1 : 0) + this.repairs.length;
  }

  // ---- upstream ---------------------------------------------------------------------------------------

  /** An upstream packet (NAK, NNAK, SPMR) that reached this source's unicast socket. */
  onPacket(packet: PgmPacket): void {
    if (this.stopped || packet.kind === "odata" || packet.kind === "rdata" || packet.kind === "spm") return;
    const { header } = packet;
    // pgm/recv.c `on_upstream`: for this session only (ports swapped, our GSI).
    if (header.destinationPort !== this.sourcePort || header.sourcePort !== this.settings.port || header.gsi !== this.gsi) {
      this.stats.refused++;
      return;
    }
    if (packet.kind === "spmr") {
      const now = this.scheduler.now();
      if (now - this.lastSpmrAnswer < SPMR_ANSWER_INTERVAL) return;
      this.lastSpmrAnswer = now;
      this.sendSpm(false);
      return;
    }
    if (packet.kind !== "nak") return;
    // pgm/source.c `pgm_on_nak`: the NAK must name our NLA and our group.
    if (packet.sourceNla !== this.settings.interfaceAddress || packet.groupNla !== this.settings.group) {
      this.stats.refused++;
      return;
    }
    this.stats.naks++;
    // Unlike OpenPGM, which confirms every NAK before it looks in its window, only what can be repaired is
    // confirmed: an NCF makes other receivers wait for a repair (and create placeholders up to it).
    const repairable = packet.sqns.filter((sqn) => this.window.get(sqn) !== undefined);
    this.stats.tooOld += packet.sqns.length - repairable.length;
    if (repairable.length === 0) return;
    this.link.send(encodeNak(this.downstream, "ncf", repairable, packet.sourceNla, packet.groupNla), this.settings.group, this.settings.port);
    this.stats.ncfs++;
    for (const sqn of repairable) {
      if (!this.requested.has(sqn)) {
        this.requested.add(sqn);
        this.repairs.push(sqn);
      }
    }
    this.schedulePump(0);
  }

  // ---- sending ----------------------------------------------------------------------------------------

  private schedulePump(ms: number): void {
    if (this.pumpTimer !== undefined || this.stopped) return;
    this.pumpTimer = this.scheduler.after(ms, this.pump);
  }

  /** Sends what the rate allows: repairs first, then packets cut from the pipe's messages. */
  private readonly pump = (): void => {
    this.pumpTimer = undefined;
    if (this.stopped) return;
    const now = this.scheduler.now();
    for (;;) {
      const repair = this.nextRepair();
      const packet = repair ?? this.nextPacket();
      if (packet === undefined) break;
      const cost = EPGM_IPV4_OVERHEAD + packet.length;
      if (!this.limiter.tryTake(cost, now)) {
        this.schedulePump(this.limiter.delayFor(cost, now));
        return;
      }
      if (repair !== undefined) {
        const sqn = this.repairs.shift()!;
        this.requested.delete(sqn);
        this.link.send(toRdata(repair, this.window.trail), this.settings.group, this.settings.port);
        this.stats.rdata++;
      } else {
        this.ready.shift();
        const sqn = this.window.add(packet);
        sealData(packet, this.downstream, false, sqn, this.window.trail);
        this.link.send(packet, this.settings.group, this.settings.port);
        this.stats.odata++;
      }
      this.dataSent(now);
    }
    if (this.drained !== undefined && this.backlog === 0) this.drained();
  };

  /** The packet of the first repair still in the window; repairs of packets gone from it are dropped. */
  private nextRepair(): Uint8Array | undefined {
    while (this.repairs.length > 0) {
      const packet = this.window.get(this.repairs[0]!);
      if (packet !== undefined) return packet;
      this.requested.delete(this.repairs.shift()!);
      this.stats.tooOld++;
    }
    return undefined;
  }

  /** The next APDU to send: cut from the pipe's messages, the last one flushed when the pipe is empty. */
  private nextPacket(): Uint8Array | undefined {
    while (this.ready.length === 0) {
      const item = this.pipe.read();
      if (item === undefined) {
        this.writer.flush();
        break;
      }
      // Only messages come this way (the session's subscription went the other way).
      if (Array.isArray(item)) this.writer.write(item);
    }
    return this.ready[0];
  }

  // ---- SPMs -------------------------------------------------------------------------------------------

  private sendSpm(fin: boolean): void {
    const spm = encodeSpm(this.downstream, {
      spmSqn: this.spmSqn,
      trail: this.window.trail,
      lead: this.window.lead,
      nla: this.settings.interfaceAddress,
      fin,
    });
    this.spmSqn = (this.spmSqn + 1) >>> 0;
    this.link.send(spm, this.settings.group, this.settings.port);
    this.stats.spms++;
  }

  /** ODATA or RDATA went out: the heartbeat SPMs start again from the first interval. */
  private dataSent(now: number): void {
    this.heartbeatIndex = 0;
    this.heartbeatDue = now + HEARTBEAT_SPM_INTERVALS[0]!;
    this.heartbeatTimer ??= this.scheduler.after(HEARTBEAT_SPM_INTERVALS[0]!, this.heartbeat);
  }

  /** Heartbeat SPMs tell receivers the lead after data, so a lost last packet is noticed and NAKed. */
  private readonly heartbeat = (): void => {
    this.heartbeatTimer = undefined;
    if (this.stopped) return;
    const now = this.scheduler.now();
    if (now < this.heartbeatDue) {
      // Data went out since this timer was set: wait until the heartbeat it asked for.
      this.heartbeatTimer = this.scheduler.after(this.heartbeatDue - now, this.heartbeat);
      return;
    }
    this.sendSpm(false);
    this.heartbeatIndex++;
    if (this.heartbeatIndex >= HEARTBEAT_SPM_INTERVALS.length) {
      this.heartbeatDue = Infinity;
      return;
    }
    const interval = HEARTBEAT_SPM_INTERVALS[this.heartbeatIndex]!;
    this.heartbeatDue = now + interval;
    this.heartbeatTimer = this.scheduler.after(interval, this.heartbeat);
  };

  private readonly ambient = (): void => {
    if (this.stopped) return;
    this.sendSpm(false);
    this.ambientTimer = this.scheduler.after(AMBIENT_SPM_INTERVAL, this.ambient);
  };

  // ---- the end ----------------------------------------------------------------------------------------

  /** Resolves once everything queued has been sent (rate permitting); the caller bounds the wait (linger). */
  whenDrained(): Promise<void> {
    if (this.backlog === 0 || this.stopped) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.drained = resolve;
      this.schedulePump(0);
    });
  }

  /** Stops: the 3 SPMs with OPT_FIN (pgm_close), then nothing more; later NAKs go unanswered. */
  stop(): void {
    if (this.stopped) return;
    for (let i = 0; i < FIN_SPMS; i++) this.sendSpm(true);
    this.stopped = true;
    this.pumpTimer?.cancel();
    this.heartbeatTimer?.cancel();
    this.ambientTimer?.cancel();
    this.drained?.();
  }
}
