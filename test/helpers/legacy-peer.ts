/**
 * A hand-driven ZMTP 1.0/2.0 peer over real tcp: the test writes the exact octets of each greeting stage
 * (test/helpers/legacy-wire.ts) and reads back what the socket under test (zmtp or libzmq) wrote, octet for
 * octet and as frames in the peer's framing. The frame parser is written here from RFC 13/15, independently
 * of src/codec.
 */
import net from "node:net";
import { useTcpPeers, type TcpPeers } from "./tcp-peers.js";
import { waitUntil } from "./wait.js";

export interface LegacyFrame {
  flags: number;
  body: Buffer;
}

export class RawLegacyPeer {
  private chunks: Buffer[] = [];
  private closedFlag = false;
  /** Settles when the far side has closed the connection. */
  readonly closed: Promise<void>;

  constructor(readonly socket: net.Socket) {
    socket.on("data", (chunk: Buffer) => this.chunks.push(chunk));
    socket.on("error", () => {
      // A reset from the socket under test is an outcome a test asserts on, not a failure of the run.
    });
    this.closed = new Promise((resolve) => {
      socket.once("close", () => {
        this.closedFlag = true;
        resolve();
      });
    });
  }

  get isClosed(): boolean {
    return this.closedFlag;
  }

  /** Every octet received so far. */
  get received(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  send(data: Uint8Array | readonly number[]): void {
    this.socket.write(Uint8Array.from(data));
  }

  /** Waits (bounded) until at least `n` octets are in. */
  async waitForBytes(n: number, label = `${n} octets`): Promise<void> {
    await waitUntil(() => this.received.length >= n, label, 3000);
  }

  /** The complete frames received from `offset` on, read in ZMTP `version`.0 framing. */
  frames(version: 1 | 2, offset: number): LegacyFrame[] {
    const data = this.received;
    const out: LegacyFrame[] = [];
    let at = offset;
    for (;;) {
      const header = version === 1 ? readV1Header(data, at) : readV2Header(data, at);
      if (header === undefined || data.length < header.start + header.size) return out;
      out.push({ flags: header.flags, body: Buffer.from(data.subarray(header.start, header.start + header.size)) });
      at = header.start + header.size;
    }
  }

  /** Complete messages (frames grouped by MORE) from `offset` on, each frame as latin1 text. */
  messages(version: 1 | 2, offset: number): string[][] {
    const out: string[][] = [];
    let current: string[] = [];
    for (const frame of this.frames(version, offset)) {
      current.push(frame.body.toString("latin1"));
      if ((frame.flags & 0x01) === 0) {
        out.push(current);
        current = [];
      }
    }
    return out;
  }

  /** Waits (bounded) until at least `count` complete messages are in from `offset` on. */
  async waitForMessages(version: 1 | 2, offset: number, count: number): Promise<string[][]> {
    await waitUntil(() => this.messages(version, offset).length >= count, `${count} message(s)`, 3000);
    return this.messages(version, offset);
  }
}

interface Header {
  flags: number;
  size: number;
  start: number;
}

/** RFC 13: length (counting the flags octet; 0xFF then uint64 when long), flags, body. */
function readV1Header(data: Buffer, at: number): Header | undefined {
  if (data.length < at + 2) return undefined;
  if (data[at] !== 0xff) return { size: data[at]! - 1, flags: data[at + 1]!, start: at + 2 };
  if (data.length < at + 10) return undefined;
  return { size: Number(data.readBigUInt64BE(at + 1)) - 1, flags: data[at + 9]!, start: at + 10 };
}

/** RFC 15: flags (bit 1 LONG), then a 1- or 8-octet length of the body. */
function readV2Header(data: Buffer, at: number): Header | undefined {
  if (data.length < at + 2) return undefined;
  const flags = data[at]!;
  if ((flags & 0x02) === 0) return { flags, size: data[at + 1]!, start: at + 2 };
  if (data.length < at + 9) return undefined;
  return { flags, size: Number(data.readBigUInt64BE(at + 1)), start: at + 9 };
}

/** Raw ZMTP 1.0/2.0 peers for a test (connections and servers destroyed after each test). */
export function useLegacyPeers(): TcpPeers<RawLegacyPeer> {
  return useTcpPeers((socket) => new RawLegacyPeer(socket), 3000);
}
