/**
 * An in-memory epgm network on a clock the test drives, for the PGM engines: a source and receivers on one
 * multicast group, each with a unicast address; datagrams arrive after a fixed latency, or are dropped by a
 * rule the test sets (deterministic loss). Nothing touches a real socket or timer.
 */
import { decodePgmPacket } from "../../src/codec/pgm/packet-decoder.js";
import type { PgmPacket } from "../../src/codec/pgm/packet.js";
import type { PgmLink } from "../../src/engine/pgm/pgm-link.js";
import { PgmReceiver } from "../../src/engine/pgm/pgm-receiver.js";
import type { PgmSettings } from "../../src/engine/pgm/pgm-settings.js";
import { PgmSource } from "../../src/engine/pgm/pgm-source.js";
import type { PgmScheduler, PgmTimer } from "../../src/engine/pgm/scheduler.js";
import type { Message } from "../../src/message.js";
import { Pipe } from "../../src/pipe/pipe.js";
import { seededRandom } from "./bytes.js";

interface Pending {
  at: number;
  seq: number;
  callback: () => void;
  cancelled: boolean;
}

/** A clock that moves only when the test says: `advance(ms)` runs every timer due, in time order. */
export class FakeScheduler implements PgmScheduler {
  private time = 0;
  private seq = 0;
  private queue: Pending[] = [];
  readonly random: () => number;

  constructor(seed = 1) {
    this.random = seededRandom(seed);
  }

  now(): number {
    return this.time;
  }

  after(ms: number, callback: () => void): PgmTimer {
    const entry: Pending = { at: this.time + Math.max(0, ms), seq: this.seq++, callback, cancelled: false };
    this.queue.push(entry);
    return {
      cancel: () => {
        entry.cancelled = true;
      },
    };
  }

  /** Runs what is due within `ms`, timer by timer, letting microtasks (pipe wake-ups) run in between. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      await Promise.resolve();
      this.queue = this.queue.filter((e) => !e.cancelled);
      let next: Pending | undefined;
      for (const e of this.queue) if (next === undefined || e.at < next.at || (e.at === next.at && e.seq < next.seq)) next = e;
      if (next === undefined || next.at > end) break;
      this.queue.splice(this.queue.indexOf(next), 1);
      this.time = next.at;
      next.callback();
    }
    this.time = end;
    await Promise.resolve();
  }

  /** Advances in steps of `step` ms until `done()` holds; throws after `limit` ms of fake time. */
  async until(done: () => boolean, limit: number, step = 10): Promise<void> {
    const deadline = this.time + limit;
    while (!done()) {
      if (this.time >= deadline) throw new Error(`not done after ${limit} ms of fake time`);
      await this.advance(step);
    }
  }
}

/** What the network tells a drop rule about a datagram. */
export interface Datagram {
  readonly packet: PgmPacket;
  readonly from: string;
  readonly to: string;
  /** The receiver it is delivered to (multicast: one decision per receiver), or "source". */
  readonly node: string;
  /** When it was sent (fake time, ms). */
  readonly at: number;
}

export const GROUP = "239.192.1.1";
export const PORT = 5555;
export const SOURCE_ADDRESS = "10.0.0.1";

export function settings(address: string, overrides: Partial<PgmSettings> = {}): PgmSettings {
  return { port: PORT, group: GROUP, interfaceAddress: address, rate: 100_000, recoveryInterval: 10_000, maxTpdu: 1500, maxMessageSize: -1, ...overrides };
}

export interface FakeReceiver {
  readonly name: string;
  readonly engine: PgmReceiver;
  /** The socket's end of its pipe. */
  readonly pipe: Pipe;
  /** Reads what arrived so far (as a socket would). */
  take(): Message[];
}

/** One source and any number of receivers on a group, all on `scheduler`'s clock. */
export class FakeNetwork {
  readonly source: PgmSource;
  /** The socket's end of the source's pipe: write messages here. */
  readonly sourcePipe: Pipe;
  readonly receivers: FakeReceiver[] = [];
  /** Return true to drop the datagram. */
  drop: (datagram: Datagram) => boolean = () => false;
  /** Every datagram sent, before the drop rule (for assertions on what went on the wire). */
  readonly sent: Datagram[] = [];
  private readonly latency = 1;

  constructor(
    readonly scheduler: FakeScheduler,
    sourceOverrides: Partial<PgmSettings> = {},
    sendHighWaterMark = 100_000,
  ) {
    const [socketEnd, engineEnd] = Pipe.forSocket(sendHighWaterMark, 1000);
    this.sourcePipe = socketEnd;
    this.source = new PgmSource(settings(SOURCE_ADDRESS, sourceOverrides), this.link(SOURCE_ADDRESS), scheduler, engineEnd, 0x123456789abc, 40000);
  }

  /** Adds a receiver at 10.0.0.<n>; `start` it (or let `addReceiver` do it) to begin hearing the group. */
  addReceiver(overrides: Partial<PgmSettings> = {}, receiveHighWaterMark = 100_000): FakeReceiver {
    const name = `10.0.0.${this.receivers.length + 2}`;
    const [socketEnd, engineEnd] = Pipe.forSocket(1000, receiveHighWaterMark);
    const engine = new PgmReceiver(settings(name, overrides), this.link(name), this.scheduler, engineEnd);
    engine.start();
    const receiver: FakeReceiver = {
      name,
      engine,
      pipe: socketEnd,
      take: () => {
        const out: Message[] = [];
        for (let m = socketEnd.readMessage(); m !== undefined; m = socketEnd.readMessage()) out.push(m);
        return out;
      },
    };
    this.receivers.push(receiver);
    return receiver;
  }

  private link(from: string): PgmLink {
    return {
      send: (bytes, address, port) => {
        if (port !== PORT) throw new Error(`sent to port ${port}`);
        const copy = bytes.slice();
        const packet = decodePgmPacket(copy);
        if (packet.kind === "drop") throw new Error(`sent a malformed packet: ${packet.reason}`);
        if (address === GROUP) {
          for (const receiver of this.receivers) {
            if (receiver.name === from) continue;
            this.deliver({ packet, from, to: address, node: receiver.name, at: this.scheduler.now() }, () => {
              receiver.engine.onPacket(packet, from);
            });
          }
        } else if (address === SOURCE_ADDRESS) {
          this.deliver({ packet, from, to: address, node: "source", at: this.scheduler.now() }, () => {
            this.source.onPacket(packet);
          });
        } else {
          throw new Error(`sent to an address nobody has: ${address}`);
        }
      },
    };
  }

  private deliver(datagram: Datagram, arrive: () => void): void {
    this.sent.push(datagram);
    if (this.drop(datagram)) return;
    this.scheduler.after(this.latency, arrive);
  }

  /** How many datagrams of `kind` were sent (before the drop rule). */
  count(kind: PgmPacket["kind"]): number {
    return this.sent.filter((d) => d.packet.kind === kind).length;
  }
}

/** Messages whose frames say where they belong: `[seq, ...parts]` as text, checked whole by `checkSequence`. */
export function numbered(i: number): Message {
  const parts = [Buffer.from(`m${i}`)];
  // Every 7th message is multipart; every 5th has a body that spans APDUs.
  if (i % 7 === 0) parts.push(Buffer.from(`part-b-${i}`), Buffer.from(`part-c-${i}`));
  if (i % 5 === 0) parts.push(Buffer.alloc(3000 + (i % 13), i & 0xff));
  return parts;
}

/** Throws unless `got` are exactly `numbered(first)`, `numbered(first + 1)`, … in order, whole. */
export function checkSequence(got: readonly Message[], first = 0): void {
  got.forEach((message, k) => {
    const expected = numbered(first + k);
    const same = message.length === expected.length && message.every((frame, f) => frame.equals(expected[f]!));
    if (!same) throw new Error(`message ${k} is not numbered(${first + k}): [${message.map((f) => f.subarray(0, 16).toString()).join(", ")}]`);
  });
}
