import { MAX_NAK_LIST } from "../../codec/pgm/constants.js";
import type { PgmDropReason, PgmHeader, PgmPacket } from "../../codec/pgm/packet.js";
import { encodeNak, encodeSpmr } from "../../codec/pgm/packet-encoder.js";
import type { Message } from "../../message.js";
import type { Pipe, PipeOwner } from "../../pipe/pipe.js";
import type { PgmLink } from "./pgm-link.js";
import { PgmPeer, tsiKey } from "./pgm-peer.js";
import { MAX_WINDOW_SQNS, MIN_RECEIVE_WINDOW_SQNS, windowSqns, type PgmSettings } from "./pgm-settings.js";
import { PEER_EXPIRY, SPMR_EXPIRY, SPMR_REPEAT_INTERVAL } from "./pgm-timing.js";
import type { PgmScheduler, PgmTimer } from "./scheduler.js";
import { sqnDistance } from "./sequence.js";

/** Why a receiver dropped a datagram: the decoder's reasons, another session's port, too many sources. */
export type PgmReceiverDrop = PgmDropReason | "port" | "sources";

/** What a receiver counts (tests and diagnostics). */
export interface PgmReceiverStats {
  /** Datagrams dropped before any source saw them, by reason. */
  dropped: Partial<Record<PgmReceiverDrop, number>>;
  duplicates: number;
  /** Packets dropped because the window was full of data the socket had not taken yet. */
  beyond: number;
  naks: number;
  spmrs: number;
  /** Messages handed to the socket. */
  messages: number;
}

/** At most this many sources per endpoint: packets from more are dropped (a bound on what a network can make us hold). */
export const MAX_SOURCES = 256;

/**
 * The receiving side of epgm, as OpenPGM runs it for libzmq's pgm_receiver (pgm/receiver.c, pgm/rxw.c,
 * src/pgm_receiver.cpp): per source, a receive window that detects gaps (from sequence numbers and SPM
 * leads), NAKs them after a random back-off, honours NCFs, repeats and finally gives up; and a stream that
 * turns the in-order APDUs back into whole messages for the pipe. A lost sequence number makes that
 * source's stream start over at its next message start: a partial or corrupt message is never delivered.
 * When the pipe is full, delivery pauses (the window keeps what arrives, up to its size).
 *
 * Subscriptions never travel on PGM (libzmq attaches the pipe "subscribe to all" and drops them): what the
 * socket writes to the pipe is read and dropped.
 */
export class PgmReceiver implements PipeOwner {
  readonly stats: PgmReceiverStats = { dropped: {}, duplicates: 0, beyond: 0, naks: 0, spmrs: 0, messages: 0 };
  private readonly peers = new Map<string, PgmPeer>();
  /** The source of the last packet: most come from one source in a row (OpenPGM's last_hash_key). */
  private lastPeer: PgmPeer | undefined = undefined;
  private readonly windowCapacity: number;
  private timer: PgmTimer | undefined = undefined;
  private timerAt = Infinity;
  private housekeeping: PgmTimer | undefined = undefined;
  private stopped = false;
  private readonly deliverMessage = (message: Message): boolean => {
    if (!this.pipe.write(message)) return false;
    this.stats.messages++;
    return true;
  };

  constructor(
    private readonly settings: PgmSettings,
    private readonly link: PgmLink,
    private readonly scheduler: PgmScheduler,
    private readonly pipe: Pipe,
  ) {
    this.windowCapacity = Math.min(MAX_WINDOW_SQNS, Math.max(MIN_RECEIVE_WINDOW_SQNS, windowSqns(settings)));
  }

  start(): void {
    this.pipe.attach(this);
    this.housekeeping = this.scheduler.after(PEER_EXPIRY / 10, this.expirePeers);
  }

  /** The sources heard from (tests). */
  get sources(): readonly PgmPeer[] {
    return [...this.peers.values()];
  }

  // ---- the pipe ---------------------------------------------------------------------------------------

  pipeReadable(pipe: Pipe): void {
    // Subscriptions (and an XSUB's messages) have nowhere to go on PGM: dropped, as libzmq's drop_subscriptions.
    while (pipe.read() !== undefined);
  }

  pipeWritable(): void {
    for (const peer of this.peers.values()) {
      if (peer.stream.blocked && peer.stream.resume()) peer.deliver();
    }
  }

  pipeTerminated(): void {
    // The session closes this receiver.
  }

  pipeReconnected(): void {
    // No connection to renew.
  }

  // ---- packets ----------------------------------------------------------------------------------------

  /** Counts a datagram the decoder refused. */
  dropped(reason: PgmReceiverDrop): void {
    this.stats.dropped[reason] = (this.stats.dropped[reason] ?? 0) + 1;
  }

  /** A packet from the group (or unicast to us), `from` the IP address it came from. */
  onPacket(packet: PgmPacket, from: string): void {
    if (this.stopped) return;
    const now = this.scheduler.now();
    switch (packet.kind) {
      case "odata":
      case "rdata": {
        const peer = this.peerFor(packet.header, from, now);
        if (peer === undefined) return;
        const window = peer.window;
        if (window.isDefined) window.updateTrail(packet.trail);
        const result = window.add(packet.sqn, packet.payload, now);
        if (result === "duplicate") this.stats.duplicates++;
        else if (result === "beyond") this.stats.beyond++;
        peer.deliver();
        this.arm(window.nextDue());
        return;
      }
      case "spm": {
        const peer = this.peerFor(packet.header, from, now);
        if (peer === undefined) return;
        if (peer.spmSqn !== undefined && sqnDistance(packet.spmSqn, peer.spmSqn) < 0) {
          this.stats.duplicates++;
          return;
        }
        peer.spmSqn = packet.spmSqn;
        peer.nla = packet.nla;
        peer.spmrDue = Infinity;
        const window = peer.window;
        if (window.isDefined) window.updateTrail(packet.trail);
        window.updateLead(packet.lead, now);
        peer.deliver();
        this.arm(window.nextDue());
        return;
      }
      case "ncf": {
        if (packet.header.destinationPort !== this.settings.port || packet.groupNla !== this.settings.group) return;
        const peer = this.peers.get(tsiKey(packet.header.gsi, packet.header.sourcePort));
        if (peer === undefined) return;
        peer.lastHeard = now;
        for (const sqn of packet.sqns) peer.window.confirm(sqn, now);
        peer.deliver();
        this.arm(peer.window.nextDue());
        return;
      }
      case "spmr": {
        // Another receiver asked this source for an SPM (multicast, TTL 1): ours can wait (pgm/source.c
        // `pgm_on_spmr` for a peer).
        const peer = this.peers.get(tsiKey(packet.header.gsi, packet.header.destinationPort));
        if (peer !== undefined && peer.nla === undefined) peer.spmrDue = now + SPMR_REPEAT_INTERVAL;
        return;
      }
      default:
        // NAKs and NNAKs are a source's business; POLL, POLR and ACK are not used by libzmq.
        return;
    }
  }

  /** The source of a downstream packet, made on first sight (bounded); undefined for another session's port. */
  private peerFor(header: PgmHeader, from: string, now: number): PgmPeer | undefined {
    if (header.destinationPort !== this.settings.port) {
      this.dropped("port");
      return undefined;
    }
    const last = this.lastPeer;
    if (last !== undefined && last.gsi === header.gsi && last.sourcePort === header.sourcePort) {
      last.address = from;
      last.lastHeard = now;
      return last;
    }
    const key = tsiKey(header.gsi, header.sourcePort);
    let peer = this.peers.get(key);
    if (peer === undefined) {
      if (this.peers.size >= MAX_SOURCES) {
        this.dropped("sources");
        return undefined;
      }
      peer = new PgmPeer(
        header.gsi,
        header.sourcePort,
        from,
        this.settings.port,
        this.windowCapacity,
        () => this.scheduler.random(),
        this.deliverMessage,
        this.settings.maxMessageSize,
        now,
        SPMR_EXPIRY,
      );
      this.peers.set(key, peer);
      this.arm(peer.spmrDue);
    }
    peer.address = from;
    peer.lastHeard = now;
    this.lastPeer = peer;
    return peer;
  }

  // ---- timers -----------------------------------------------------------------------------------------

  /** Makes sure the timer fires by `at`. */
  private arm(at: number): void {
    if (at >= this.timerAt || this.stopped) return;
    this.timer?.cancel();
    this.timerAt = at;
    this.timer = this.scheduler.after(Math.max(0, at - this.scheduler.now()), this.onTimer);
  }

  private readonly onTimer = (): void => {
    this.timer = undefined;
    this.timerAt = Infinity;
    if (this.stopped) return;
    const now = this.scheduler.now();
    let next = Infinity;
    const naks: number[] = [];
    for (const peer of this.peers.values()) {
      // No SPM yet: ask for one 25 ms after the first packet, and again while data is missing (no NAK can go).
      if (peer.nla === undefined && (peer.spmrDue <= now || (peer.spmrDue === Infinity && peer.window.hasMissing))) {
        this.sendSpmr(peer, now);
      }
      naks.length = 0;
      peer.window.due(now, peer.nla !== undefined, naks);
      if (naks.length > 0) this.sendNaks(peer, naks);
      peer.deliver();
      next = Math.min(next, peer.window.nextDue(), peer.spmrDue);
    }
    this.arm(next);
  };

  private sendNaks(peer: PgmPeer, sqns: number[]): void {
    const nla = peer.nla!;
    for (let i = 0; i < sqns.length; i += MAX_NAK_LIST + 1) {
      const list = sqns.slice(i, i + MAX_NAK_LIST + 1);
      this.link.send(encodeNak(peer.upstream, "nak", list, nla, this.settings.group), nla, this.settings.port);
      this.stats.naks++;
    }
  }

  /** pgm/receiver.c `send_spmr`: to the group (so other receivers hold theirs back) and to the source's address. */
  private sendSpmr(peer: PgmPeer, now: number): void {
    const spmr = encodeSpmr(peer.upstream);
    this.link.send(spmr, this.settings.group, this.settings.port);
    this.link.send(spmr, peer.address, this.settings.port);
    this.stats.spmrs++;
    peer.spmrDue = peer.window.hasMissing ? now + SPMR_REPEAT_INTERVAL : Infinity;
  }

  private readonly expirePeers = (): void => {
    if (this.stopped) return;
    const now = this.scheduler.now();
    for (const [key, peer] of this.peers) {
      if (now - peer.lastHeard > PEER_EXPIRY) {
        this.peers.delete(key);
        if (this.lastPeer === peer) this.lastPeer = undefined;
      }
    }
    this.housekeeping = this.scheduler.after(PEER_EXPIRY / 10, this.expirePeers);
  };

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.housekeeping?.cancel();
    this.peers.clear();
    this.lastPeer = undefined;
  }
}
