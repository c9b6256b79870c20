/**
 * Key-value message class (the guide's kvsimple, chapter 5), for the Clone examples. A message is three
 * frames on the wire: the key (a string), the sequence number (8 bytes, network order) and the body (a
 * blob). Not a program: clonesrv1, clonecli1, clonesrv2 and clonecli2 import it.
 */
import type { Publisher, Router, Subscriber, Dealer, Pair } from "../../src/index.js";

//  Keys are short strings
const KVMSG_KEY_MAX = 255;
const KVMSG_FRAMES = 3;

export class KeyValueMessage {
  constructor(
    public sequence: bigint,
    public key = "",
    public body: Buffer = Buffer.alloc(0),
  ) {}

  /** The message as its three frames: key, sequence, body. */
  frames(): Buffer[] {
    const sequence = Buffer.alloc(8);
    sequence.writeBigInt64BE(this.sequence);
    return [Buffer.from(this.key.slice(0, KVMSG_KEY_MAX)), sequence, this.body];
  }

  /** A message from its frames, or null if they are not a key-value message (the C's "reject if bogus"). */
  static fromFrames(frames: readonly Buffer[]): KeyValueMessage | null {
    const [key, sequence, body] = frames;
    if (frames.length !== KVMSG_FRAMES || sequence!.length !== 8) return null;
    return new KeyValueMessage(sequence!.readBigInt64BE(), String(key), body);
  }

  /** Sends the message to a socket, after `envelope` frames if given (a ROUTER's routing id). */
  async send(socket: Publisher | Router | Dealer | Pair, envelope: readonly Buffer[] = []): Promise<void> {
    await socket.send([...envelope, ...this.frames()]);
  }

  /** Reads a key-value message from a socket; null if what came is not one. */
  static async recv(socket: Subscriber | Dealer | Pair): Promise<KeyValueMessage | null> {
    return KeyValueMessage.fromFrames(await socket.receive());
  }

  /** Stores the message in a hash map under its key. */
  store(map: Map<string, KeyValueMessage>): void {
    map.set(this.key, this);
  }

  /** The message, for debugging and tracing: [seq:1][key:…][size:n] body in hex. */
  toString(): string {
    return `[seq:${this.sequence}][key:${this.key}][size:${this.body.length}] ${this.body.toString("hex").toUpperCase()}`;
  }
}
