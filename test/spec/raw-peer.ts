/**
 * A hand-driven ZMTP peer over a real tcp connection, for the RFC 28–31 behaviour tests: the test writes
 * exact wire bytes (built with test/helpers/wire.ts) and reads back the frames the zmtp socket wrote. Its
 * parser is written here from RFC 23/37, independently of src/codec.
 */
import net from "node:net";
import { bytes, type ByteSource } from "../helpers/bytes.js";
import { useTcpPeers, type TcpPeers } from "../helpers/tcp-peers.js";
import { waitUntil } from "../helpers/wait.js";
import { commandFrame, greetingBytes, messageBytes, readyFrame } from "../helpers/wire.js";

export interface WireFrame {
  flags: number;
  body: Buffer;
}

const MORE = 0x01;
const LONG = 0x02;
const COMMAND = 0x04;

export class RawPeer {
  /** Frames the zmtp socket wrote after its 64-octet greeting, in order. */
  readonly frames: WireFrame[] = [];
  private pending = Buffer.alloc(0);
  private greetingSeen = false;
  closed = false;

  constructor(readonly socket: net.Socket) {
    socket.on("data", (chunk: Buffer) => {
      this.pending = Buffer.concat([this.pending, chunk]);
      this.parse();
    });
    socket.on("close", () => {
      this.closed = true;
    });
    socket.on("error", () => {
      // A reset by the zmtp side ends the conversation, not the test run.
    });
  }

  /** Sends a ZMTP 3.`minor` NULL greeting and READY announcing `socketType` (and any other properties). */
  handshake(minor: number, socketType: string, properties: readonly (readonly [string, ByteSource])[] = []): void {
    this.write(greetingBytes({ minor }));
    this.write(readyFrame([["Socket-Type", socketType], ...properties]));
  }

  write(data: Uint8Array): void {
    this.socket.write(data);
  }

  /** Sends a message (MORE on all frames but the last). */
  sendMessage(frames: readonly ByteSource[]): void {
    this.write(messageBytes(frames));
  }

  sendCommand(name: string, data: ByteSource = []): void {
    this.write(commandFrame(name, data));
  }

  /** Complete messages (frames without COMMAND, grouped by MORE), as latin1 text joined with "|". */
  get messages(): string[] {
    const out: string[] = [];
    let current: string[] = [];
    for (const frame of this.frames) {
      if ((frame.flags & COMMAND) !== 0) continue;
      current.push(frame.body.toString("latin1"));
      if ((frame.flags & MORE) === 0) {
        out.push(current.join("|"));
        current = [];
      }
    }
    return out;
  }

  /** Command frames as `NAME data` (data as latin1), READY included. */
  get commands(): string[] {
    return this.frames
      .filter((f) => (f.flags & COMMAND) !== 0)
      .map((f) => {
        const length = f.body[0]!;
        const name = f.body.subarray(1, 1 + length).toString("latin1");
        return `${name} ${f.body.subarray(1 + length).toString("latin1")}`.trimEnd();
      });
  }

  /** Waits until `predicate` holds (bounded: a broken case fails, never hangs). */
  async until(predicate: (peer: RawPeer) => boolean, label: string): Promise<void> {
    await waitUntil(() => predicate(this), label, 3000);
  }

  private parse(): void {
    if (!this.greetingSeen) {
      if (this.pending.length < 64) return;
      this.pending = this.pending.subarray(64);
      this.greetingSeen = true;
    }
    for (;;) {
      if (this.pending.length < 2) return;
      const flags = this.pending[0]!;
      const headerLength = (flags & LONG) !== 0 ? 9 : 2;
      if (this.pending.length < headerLength) return;
      const size = headerLength === 9 ? Number(this.pending.readBigUInt64BE(1)) : this.pending[1]!;
      if (this.pending.length < headerLength + size) return;
      const body = Buffer.from(this.pending.subarray(headerLength, headerLength + size));
      this.frames.push({ flags, body });
      this.pending = this.pending.subarray(headerLength + size);
    }
  }
}

/** Raw ZMTP 3.x peers for a test (connections and servers destroyed after each test). */
export function useRawPeers(): TcpPeers<RawPeer> {
  return useTcpPeers((socket) => new RawPeer(socket));
}

/** The ZMTP 3.0 subscription message body: 1 (subscribe) or 0 (cancel), then the topic. */
export function subscriptionBody(subscribe: boolean, topic: string): Uint8Array {
  return bytes(subscribe ? 1 : 0, topic);
}
