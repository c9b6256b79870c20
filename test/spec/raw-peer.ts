/**
 * A hand-driven ZMTP peer over a real tcp connection, for the RFC 28–31 behaviour tests: the test writes
 * exact wire bytes (built with test/helpers/wire.ts) and reads back the frames the zmtp socket wrote. Its
 * parser is written here from RFC 23/37, independently of src/codec.
 */
import net from "node:net";
import { afterEach } from "vitest";
import { bytes, type ByteSource } from "../helpers/bytes.js";
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

/**
 * Registers an afterEach that destroys every raw connection and server the test made, and returns helpers
 * to dial a zmtp socket's tcp endpoint or to listen for one.
 */
export function useRawPeers(): {
  dial: (endpoint: string) => Promise<RawPeer>;
  listen: () => Promise<{ endpoint: string; accepted: () => Promise<RawPeer> }>;
} {
  const sockets: net.Socket[] = [];
  const servers: net.Server[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.destroy();
    await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  });
  const dial = async (endpoint: string): Promise<RawPeer> => {
    const port = Number(endpoint.slice(endpoint.lastIndexOf(":") + 1));
    const socket = net.connect({ host: "127.0.0.1", port });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("error", reject);
    });
    return new RawPeer(socket);
  };
  const listen = async (): Promise<{ endpoint: string; accepted: () => Promise<RawPeer> }> => {
    const waiting: ((peer: RawPeer) => void)[] = [];
    const ready: RawPeer[] = [];
    const server = net.createServer((socket) => {
      sockets.push(socket);
      const peer = new RawPeer(socket);
      const waiter = waiting.shift();
      if (waiter !== undefined) waiter(peer);
      else ready.push(peer);
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as net.AddressInfo;
    return {
      endpoint: `tcp://127.0.0.1:${port}`,
      accepted: () => {
        const peer = ready.shift();
        if (peer !== undefined) return Promise.resolve(peer);
        return new Promise((resolve) => waiting.push(resolve));
      },
    };
  };
  return { dial, listen };
}

/** The ZMTP 3.0 subscription message body: 1 (subscribe) or 0 (cancel), then the topic. */
export function subscriptionBody(subscribe: boolean, topic: string): Uint8Array {
  return bytes(subscribe ? 1 : 0, topic);
}
