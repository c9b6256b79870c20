import { FLAG_COMMAND, FLAG_MORE } from "../../codec/constants.js";
import { ProtocolError } from "../../errors.js";
import type { FrameOutput, FrameTransform } from "../mechanism.js";
import { MAC_BYTES, NONCE_BYTES, openInto, sealInPlace } from "./nacl-box.js";
import { writeCounter, type PeerNonce } from "./nonces.js";

/** "\x07MESSAGE", the 8-octet counter, then the box: what every frame becomes once CURVE is up. */
const MESSAGE_NAME = new Uint8Array([7, 0x4d, 0x45, 0x53, 0x53, 0x41, 0x47, 0x45]);
const HEADER_SIZE = MESSAGE_NAME.length + 8;
/** The header, the MAC and the flags octet: the smallest MESSAGE libzmq accepts (check_validity). */
const MIN_SIZE = HEADER_SIZE + MAC_BYTES + 1;

/** Inside the box the flags are libzmq's msg_t flags (more = 1, command = 2), not the wire's (1, 4). */
const BOX_MORE = 1;
const BOX_COMMAND = 2;

/** Makes a buffer the engine may keep (the root passes Buffer.allocUnsafe, so users receive Buffers). */
export type Allocate = (size: number) => Uint8Array;

export const allocateBytes: Allocate = (size) => new Uint8Array(size);

function asciiBytes(text: string): Uint8Array {
  const bytes = new Uint8Array(NONCE_BYTES);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** What the two sides agreed during the handshake, for traffic. */
export interface MessageBoxKeys {
  /** crypto_box_beforenm(peer's short-term key, our short-term secret). */
  sharedKey: Uint8Array;
  /** Our MESSAGE nonce prefix ("CurveZMQMESSAGEC" for a client) and the peer's. */
  ourPrefix: string;
  peerPrefix: string;
  /** The counter of our first MESSAGE (the handshake used the ones before it). */
  firstCounter: number;
  /** The peer's last nonce, as its handshake commands left it. */
  peerNonce: PeerNonce;
}

/**
 * CURVE traffic (RFC 26 §"The MESSAGE Command", libzmq curve_encoding_t): every frame, commands included,
 * travels as a MESSAGE whose box holds a flags octet then the frame's body, under the connection's shared
 * key and a short nonce that increases with every frame. libzmq writes MESSAGE as a plain frame (flags 0: the
 * boxed message replaces the original, flags and all), and so do we; it reads any frame flags.
 */
export class CurveMessageBox implements FrameTransform {
  private readonly key: Uint8Array;
  private readonly sendNonce: Uint8Array;
  private readonly receiveNonce: Uint8Array;
  private counter: number;
  private readonly peerNonce: PeerNonce;

  constructor(
    keys: MessageBoxKeys,
    private readonly allocate: Allocate = allocateBytes,
  ) {
    this.key = keys.sharedKey;
    this.sendNonce = asciiBytes(keys.ourPrefix);
    this.receiveNonce = asciiBytes(keys.peerPrefix);
    this.counter = keys.firstCounter;
    this.peerNonce = keys.peerNonce;
  }

  encode(flags: number, body: Uint8Array, out: FrameOutput): void {
    // Layout for sealInPlace: 32 octets of room (header + MAC once sealed), the flags octet, the body.
    const frame = this.allocate(body.length + 1 + 32);
    frame[32] = ((flags & FLAG_MORE) !== 0 ? BOX_MORE : 0) | ((flags & FLAG_COMMAND) !== 0 ? BOX_COMMAND : 0);
    frame.set(body, 33);
    const nonce = this.sendNonce;
    writeCounter(nonce, 16, this.counter++);
    sealInPlace(this.key, nonce, frame);
    frame.set(MESSAGE_NAME, 0);
    frame.set(nonce.subarray(16), MESSAGE_NAME.length);
    out.frame(0, frame);
  }

  /**
   * One frame from the peer: a MESSAGE with a nonce above the last one and a box that opens, or the
   * connection ends with libzmq's reasons (curve_mechanism_base_t::decode): a malformed command, anything
   * but MESSAGE (ERR_ZMTP_UNEXPECTED_COMMAND), a short MESSAGE, a replayed or older nonce
   * (ERR_ZMTP_INVALID_SEQUENCE), a forged box (ERR_ZMTP_CRYPTOGRAPHIC). Nothing unboxed gets through.
   */
  decode(_flags: number, body: Uint8Array, out: FrameOutput): void {
    if (body.length <= 1 || body.length <= body[0]!) {
      throw new ProtocolError("malformed command where a CURVE MESSAGE was expected", "ERR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED");
    }
    for (let i = 0; i < MESSAGE_NAME.length; i++) {
      if (body[i] !== MESSAGE_NAME[i]) throw new ProtocolError("a frame that is not a CURVE MESSAGE after the handshake", "ERR_ZMTP_UNEXPECTED_COMMAND");
    }
    if (body.length < MIN_SIZE) throw new ProtocolError(`CURVE MESSAGE of ${body.length} octets`, "ERR_ZMTP_MALFORMED_COMMAND_MESSAGE");
    if (!this.peerNonce.advance(body, MESSAGE_NAME.length)) {
      throw new ProtocolError("CURVE MESSAGE nonce does not increase (replayed or reordered)", "ERR_ZMTP_INVALID_SEQUENCE");
    }
    const nonce = this.receiveNonce;
    nonce.set(body.subarray(MESSAGE_NAME.length, HEADER_SIZE), 16);
    const boxed = body.subarray(HEADER_SIZE);
    // The plaintext lands at output[48..] (see openInto): its flags octet, then the frame's body.
    const output = this.allocate(boxed.length + 32);
    if (!openInto(this.key, nonce, boxed, output)) {
      throw new ProtocolError("CURVE MESSAGE box does not open (forged or corrupted)", "ERR_ZMTP_CRYPTOGRAPHIC");
    }
    const boxFlags = output[48]!;
    out.frame(((boxFlags & BOX_MORE) !== 0 ? FLAG_MORE : 0) | ((boxFlags & BOX_COMMAND) !== 0 ? FLAG_COMMAND : 0), output.subarray(49));
  }
}
