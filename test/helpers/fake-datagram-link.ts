import type { DatagramLink } from "../../src/engine/datagram/datagram-link.js";

export interface SentDatagram {
  datagram: Buffer;
  address: string;
  port: number;
}

/**
 * A DatagramLink with no socket behind it: it records what is sent and lets the test decide when the OS
 * "takes" each datagram (`complete()`), and delivers the datagrams the test hands it (`deliver()`).
 */
export class FakeDatagramLink implements DatagramLink {
  readonly sent: SentDatagram[] = [];
  closed = false;
  private receiver: ((datagram: Buffer, address: string, port: number) => void) | undefined = undefined;
  private readonly pending: ((error: Error | null) => void)[] = [];

  constructor(readonly family: 4 | 6 = 4) {}

  setReceiver(receiver: (datagram: Buffer, address: string, port: number) => void): void {
    this.receiver = receiver;
  }

  send(chunks: readonly Uint8Array[], port: number, address: string, sent: (error: Error | null) => void): void {
    this.sent.push({ datagram: Buffer.concat(chunks), address, port });
    this.pending.push(sent);
  }

  /** Sends not yet confirmed. */
  get unconfirmed(): number {
    return this.pending.length;
  }

  /** Confirms the oldest `count` sends (all by default), with `error` if given. */
  complete(count = this.pending.length, error: Error | null = null): void {
    for (const sent of this.pending.splice(0, count)) sent(error);
  }

  /** A datagram arrives from `address`:`port`. */
  deliver(datagram: Buffer, address = "10.0.0.9", port = 4000): void {
    this.receiver?.(datagram, address, port);
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}
