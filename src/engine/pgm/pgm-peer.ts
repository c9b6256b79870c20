import type { PgmAddressing } from "../../codec/pgm/packet-encoder.js";
import type { Message } from "../../message.js";
import { ApduStream } from "./apdu-stream.js";
import { ReceiveWindow } from "./receive-window.js";

/**
 * What a receiver knows of one source (one TSI: GSI and source port): its receive window, its stream of
 * APDUs back into messages, where to NAK it (the NLA of its SPMs), and where its packets come from (for a
 * unicast SPMR before any SPM has told its NLA).
 */
export class PgmPeer {
  /** The path NLA of its last SPM; undefined until one arrives (no NAK can go before). */
  nla: string | undefined = undefined;
  /** The last SPM's sequence number: older SPMs are dropped (pgm/receiver.c `pgm_on_spm`). */
  spmSqn: number | undefined = undefined;
  /** When an SPMR is due (Infinity: none), and when the source was last heard. */
  spmrDue: number;
  lastHeard: number;
  /** Sequence numbers this source lost for good (gaps the stream started over after). */
  resets = 0;
  readonly window: ReceiveWindow;
  readonly stream: ApduStream;
  /** NAKs and SPMRs to it: ports swapped, its GSI. */
  readonly upstream: PgmAddressing;

  constructor(
    readonly gsi: number,
    readonly sourcePort: number,
    /** The IP address its packets come from. */
    public address: string,
    dataPort: number,
    windowCapacity: number,
    random: () => number,
    deliver: (message: Message) => boolean,
    maxMessageSize: number,
    now: number,
    spmrDelay: number,
  ) {
    this.window = new ReceiveWindow(windowCapacity, random);
    this.stream = new ApduStream(deliver, maxMessageSize);
    this.upstream = { sourcePort: dataPort, destinationPort: sourcePort, gsi };
    this.lastHeard = now;
    this.spmrDue = now + spmrDelay;
  }

  /** Hands the stream what the window has in order, until it lacks the next packet or the pipe is full. */
  deliver(): void {
    const { window, stream } = this;
    while (!stream.blocked) {
      const head = window.head();
      if (head === undefined) break;
      window.advance();
      if (head === "lost") {
        this.lostData();
        continue;
      }
      if (window.gap) this.lostData();
      stream.push(head);
    }
    if (window.gap && !stream.blocked) this.lostData();
  }

  private lostData(): void {
    this.window.gap = false;
    if (this.stream.joined) this.resets++;
    this.stream.reset();
  }
}

/** The key of a TSI in a receiver's table of sources (48 + 16 bits: more than a double holds exactly). */
export function tsiKey(gsi: number, sourcePort: number): string {
  return `${gsi}:${sourcePort}`;
}
