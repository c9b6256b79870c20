/**
 * Mechanisms that exist only to prove the engine's seams (issue 13 item 3), the way ZAP and CURVE will use
 * them: a handshake step that finishes later, and a transform of every traffic frame, commands included.
 */
import { decodeCommand, encodeCommandBody, type Command } from "../../src/codec/command.js";
import { FLAG_COMMAND } from "../../src/codec/constants.js";
import { ProtocolError } from "../../src/errors.js";
import type { CommandWriter, FrameOutput, FrameTransform, Mechanism } from "../../src/mechanism/mechanism.js";
import { NullMechanism } from "../../src/mechanism/null-mechanism.js";

/**
 * NULL, except that the peer's READY is judged by someone outside (as a ZAP handler would): `onCommand`
 * returns a promise that settles when the test calls `approve()` or `deny(error)`.
 */
export class DeferredNullMechanism implements Mechanism {
  readonly name = "NULL";
  readonly asServer = false;
  /** Resolves when the step is waiting for a verdict. */
  readonly asked: Promise<void>;
  private readonly inner: NullMechanism;
  private verdict: { resolve: (done: boolean) => void; reject: (err: Error) => void } | undefined;
  private markAsked!: () => void;

  constructor(properties: Iterable<readonly [string, Uint8Array]>) {
    this.inner = new NullMechanism(properties);
    this.asked = new Promise((resolve) => (this.markAsked = resolve));
  }

  get peerMetadata(): NullMechanism["peerMetadata"] {
    return this.inner.peerMetadata;
  }

  start(out: CommandWriter): void {
    this.inner.start(out);
  }

  onCommand(command: Command, out: CommandWriter): Promise<boolean> {
    const done = this.inner.onCommand(command, out);
    return new Promise<boolean>((resolve, reject) => {
      this.verdict = {
        resolve: () => {
          resolve(done);
        },
        reject,
      };
      this.markAsked();
    });
  }

  approve(): void {
    this.verdict?.resolve(true);
  }

  deny(error: Error): void {
    this.verdict?.reject(error);
  }
}

/**
 * A toy "encryption": after a NULL handshake (under the name XOR), every frame, commands included, travels
 * as an XOR command whose body is the frame's flags then its body XORed with `key`. Not security: a seam
 * test, as CURVE's MESSAGE boxes will go through the same two calls.
 */
export class XorMechanism implements Mechanism, FrameTransform {
  readonly name = "XOR";
  readonly asServer = false;
  readonly transform: FrameTransform = this;
  /** How many frames went through each direction. */
  encoded = 0;
  decoded = 0;
  private readonly inner: NullMechanism;

  constructor(
    properties: Iterable<readonly [string, Uint8Array]>,
    private readonly key = 0x5a,
  ) {
    this.inner = new NullMechanism(properties);
  }

  get peerMetadata(): NullMechanism["peerMetadata"] {
    return this.inner.peerMetadata;
  }

  start(out: CommandWriter): void {
    this.inner.start(out);
  }

  onCommand(command: Command, out: CommandWriter): boolean {
    return this.inner.onCommand(command, out);
  }

  encode(flags: number, body: Uint8Array, out: FrameOutput): void {
    this.encoded++;
    const boxed = new Uint8Array(1 + body.length);
    boxed[0] = flags;
    for (let i = 0; i < body.length; i++) boxed[i + 1] = body[i]! ^ this.key;
    out.frame(FLAG_COMMAND, encodeCommandBody("XOR", boxed));
  }

  decode(flags: number, body: Uint8Array, out: FrameOutput): void {
    if ((flags & FLAG_COMMAND) === 0) throw new ProtocolError("XOR: plain frame after the handshake", "ERR_ZMTP_CRYPTOGRAPHIC");
    const command = decodeCommand(body);
    if (command.name !== "XOR" || command.data.length === 0) throw new ProtocolError("XOR: not an XOR box", "ERR_ZMTP_CRYPTOGRAPHIC");
    this.decoded++;
    const inner = Buffer.allocUnsafe(command.data.length - 1);
    for (let i = 0; i < inner.length; i++) inner[i] = command.data[i + 1]! ^ this.key;
    out.frame(command.data[0]!, inner);
  }
}
