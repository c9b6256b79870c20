/**
 * The messages epgm tests send, and their check, shared by the zmtp programs and mirrored by
 * test/interop/programs/epgm-libzmq.py: message i is `[i as text, (100 + i % 50) octets of i & 0xff]`, and
 * every 10th has a third frame of 3,000 octets of (i + 1) & 0xff, which spans three APDUs. A receiver can
 * tell a whole, uncorrupted message from anything else, and where it belongs.
 */
export function epgmMessage(i: number): Buffer[] {
  const frames = [Buffer.from(String(i)), Buffer.alloc(100 + (i % 50), i & 0xff)];
  if (i % 10 === 0) frames.push(Buffer.alloc(3000, (i + 1) & 0xff));
  return frames;
}

/** The index of a message if it is exactly `epgmMessage(index)`, else undefined (corrupt or partial). */
export function epgmIndex(message: readonly Buffer[]): number | undefined {
  const text = message[0]?.toString() ?? "";
  if (!/^\d+$/.test(text)) return undefined;
  const i = Number(text);
  const expected = epgmMessage(i);
  if (message.length !== expected.length) return undefined;
  return message.every((frame, k) => frame.equals(expected[k]!)) ? i : undefined;
}

/** What a receiver saw: whole messages, corrupt ones, and whether the whole ones came in order. */
export class EpgmTally {
  received = 0;
  corrupt = 0;
  /** Whole messages whose index was not above the one before. */
  disorder = 0;
  /** Indices skipped between whole messages (messages lost). */
  skipped = 0;
  first = -1;
  last = -1;

  add(message: readonly Buffer[]): void {
    const i = epgmIndex(message);
    if (i === undefined) {
      this.corrupt++;
      return;
    }
    this.received++;
    if (this.first < 0) this.first = i;
    else if (i <= this.last) this.disorder++;
    else this.skipped += i - this.last - 1;
    this.last = i;
  }

  toString(): string {
    return `received ${this.received} corrupt ${this.corrupt} disorder ${this.disorder} skipped ${this.skipped} first ${this.first} last ${this.last}`;
  }
}

/** An EpgmTally as a child program reports it (its fields). */
export type EpgmCounts = Pick<EpgmTally, "received" | "corrupt" | "disorder" | "skipped" | "first" | "last">;

/** The counts of a receiver that got all `count` messages, whole and in order. */
export function allReceived(count: number): EpgmCounts {
  return { received: count, corrupt: 0, disorder: 0, skipped: 0, first: 0, last: count - 1 };
}
