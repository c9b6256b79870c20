/**
 * A subscriber written by hand over a plain TCP socket (ZMTP 3.1, NULL, as a SUB): it sends whatever
 * SUBSCRIBE / CANCEL commands a test scripts, as fast as the socket takes them, the way a hostile peer
 * would, and reads back the single-frame messages the publisher sends it. Independent of src/codec.
 */
import net from "node:net";
import { commandFrame, greetingBytes, readyFrame } from "../helpers/wire.js";
import { waitUntil } from "../helpers/wait.js";

export class RawSubscriber {
  /** Bodies of the single-frame messages received, in order. */
  readonly messages: Buffer[] = [];
  private readonly socket: net.Socket;
  private input = Buffer.alloc(0);
  private greetingLeft = 64;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.on("data", (chunk: Buffer) => {
      this.read(chunk);
    });
    socket.on("error", () => undefined);
  }

  /** Connects to `endpoint` (`tcp://host:port`) and sends the greeting and READY. */
  static async connect(endpoint: string): Promise<RawSubscriber> {
    const url = new URL(endpoint);
    const socket = net.connect({ host: url.hostname, port: Number(url.port) });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("error", reject);
    });
    const peer = new RawSubscriber(socket);
    await peer.write(Buffer.concat([greetingBytes({ minor: 1 }), readyFrame([["Socket-Type", "SUB"]])]));
    return peer;
  }

  /** Sends SUBSCRIBE (or CANCEL) commands for `topics`, gathered into large writes. */
  async send(topics: Iterable<Uint8Array>, cancel = false): Promise<void> {
    let batch: Uint8Array[] = [];
    let size = 0;
    for (const topic of topics) {
      const frame = commandFrame(cancel ? "CANCEL" : "SUBSCRIBE", topic);
      batch.push(frame);
      size += frame.length;
      if (size >= 1 << 20) {
        await this.write(Buffer.concat(batch));
        batch = [];
        size = 0;
      }
    }
    if (batch.length > 0) await this.write(Buffer.concat(batch));
  }

  /** Whether a message with this text has arrived. */
  has(text: string): boolean {
    return this.messages.some((m) => m.toString() === text);
  }

  async waitFor(text: string, timeoutMs = 10_000): Promise<void> {
    await waitUntil(() => this.has(text), `"${text}" at the raw subscriber`, timeoutMs);
  }

  close(): void {
    this.socket.destroy();
  }

  private write(data: Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      this.socket.write(data, (err) => {
        if (err) reject(err);
        else resolve();
      });
    });
  }

  /** The publisher's greeting, then frames: flags, a 1- or 8-octet size, the body (RFC 37 §"Framing"). */
  private read(chunk: Buffer): void {
    let input = Buffer.concat([this.input, chunk]);
    const skip = Math.min(this.greetingLeft, input.length);
    this.greetingLeft -= skip;
    input = input.subarray(skip);
    for (;;) {
      if (input.length < 2) break;
      const flags = input[0]!;
      const long = (flags & 0x02) !== 0;
      const header = long ? 9 : 2;
      if (input.length < header) break;
      const size = long ? Number(input.readBigUInt64BE(1)) : input[1]!;
      if (input.length < header + size) break;
      const body = Buffer.from(input.subarray(header, header + size));
      input = input.subarray(header + size);
      if ((flags & 0x04) === 0) this.messages.push(body);
    }
    this.input = Buffer.from(input);
  }
}
