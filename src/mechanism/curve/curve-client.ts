import { decodeErrorReason, type Command } from "../../codec/command.js";
import { decodeMetadata, encodeMetadata, type Metadata } from "../../codec/metadata.js";
import { ProtocolError } from "../../errors.js";
import type { CommandWriter, FrameTransform, Mechanism } from "../mechanism.js";
import { peerError } from "../peer-error.js";
import { produceHello } from "./hello.js";
import { produceInitiate, type ClientKeys } from "./initiate.js";
import { CurveMessageBox, type Allocate } from "./message-box.js";
import { generateKeyPair, KEY_BYTES, randomBytes, sharedKey, type RandomSource } from "./nacl-box.js";
import { CLIENT_MESSAGE_PREFIX, PeerNonce, SERVER_MESSAGE_PREFIX } from "./nonces.js";
import { openReady } from "./ready.js";
import { openWelcome } from "./welcome.js";

export interface CurveClientOptions {
  /** C and c: our long-term key pair (curvePublicKey, curveSecretKey), 32 octets each. */
  publicKey: Uint8Array | null;
  secretKey: Uint8Array | null;
  /** S: the server's long-term public key (curveServerKey). */
  serverKey: Uint8Array | null;
  /** Our metadata (sent boxed in INITIATE), in this order, with these spellings. */
  properties: Iterable<readonly [string, Uint8Array]>;
  /** Buffers for received frames (default: Uint8Array). */
  allocate?: Allocate;
  /** Random octets (default: Web Crypto's getRandomValues). */
  random?: RandomSource;
}

const enum State {
  SendHello,
  ExpectWelcome,
  ExpectReady,
  Connected,
}

/** A key option as 32 octets, or a ProtocolError naming the missing option. */
export function requireKey(key: Uint8Array | null, option: string, side: string): Uint8Array {
  if (key === null || key.length !== KEY_BYTES) {
    throw new ProtocolError(`a CURVE ${side} needs ${option} (32 octets, or 40 Z85 characters)`, "ERR_ZMTP_CRYPTOGRAPHIC");
  }
  return key;
}

/**
 * The CURVE client (RFC 26, libzmq curve_client_t): HELLO with a fresh short-term key pair, WELCOME opened
 * with the server key we were given (that is how we know it is the server we meant), INITIATE with the
 * server's cookie, our vouch and our metadata, then READY with the server's metadata. Its nonces: HELLO 1,
 * INITIATE 2, MESSAGEs from 3, as libzmq counts them.
 */
export class CurveClientMechanism implements Mechanism {
  readonly name = "CURVE";
  readonly asServer = false;
  peerMetadata: Metadata = new Map();
  transform: FrameTransform | undefined = undefined;
  private state = State.SendHello;
  private keys: ClientKeys | undefined = undefined;
  private sharedKey: Uint8Array | undefined = undefined;
  private counter = 1;
  private readonly peerNonce = new PeerNonce();
  private readonly metadata: Uint8Array;
  private readonly random: RandomSource;

  constructor(private readonly options: CurveClientOptions) {
    this.metadata = encodeMetadata(options.properties);
    this.random = options.random ?? randomBytes;
  }

  start(out: CommandWriter): void {
    const { options } = this;
    // A client without keys cannot vouch for itself: say so here rather than let the server guess.
    this.keys = {
      long: {
        publicKey: requireKey(options.publicKey, "curvePublicKey", "client"),
        secretKey: requireKey(options.secretKey, "curveSecretKey", "client"),
      },
      short: generateKeyPair(this.random),
      serverKey: requireKey(options.serverKey, "curveServerKey", "client"),
    };
    const hello = produceHello(this.keys.serverKey, this.keys.short, this.counter++);
    if (hello === undefined) throw new ProtocolError("curveServerKey is not a usable public key", "ERR_ZMTP_CRYPTOGRAPHIC");
    out.sendCommand("HELLO", hello);
    this.state = State.ExpectWelcome;
  }

  onCommand(command: Command, out: CommandWriter): boolean {
    switch (command.name) {
      case "WELCOME":
        if (this.state !== State.ExpectWelcome) break;
        this.onWelcome(command.data, out);
        return false;
      case "READY":
        if (this.state !== State.ExpectReady) break;
        this.onReady(command.data);
        return true;
      case "ERROR":
        // libzmq takes ERROR only while it waits for WELCOME or READY.
        if (this.state !== State.ExpectWelcome && this.state !== State.ExpectReady) break;
        throw peerError(decodeErrorReason(command.data));
      default:
        break;
    }
    throw new ProtocolError(`unexpected ${command.name} command during the CURVE handshake`, "ERR_ZMTP_UNEXPECTED_COMMAND");
  }

  private onWelcome(data: Uint8Array, out: CommandWriter): void {
    const keys = this.keys!;
    const welcome = openWelcome(data, keys.serverKey, keys.short.secretKey);
    this.sharedKey = sharedKey(welcome.serverShortKey, keys.short.secretKey);
    const initiate = this.sharedKey && produceInitiate(keys, welcome.serverShortKey, welcome.cookie, this.counter++, this.metadata, this.random);
    if (initiate === undefined) throw new ProtocolError("the server's short-term key is not usable", "ERR_ZMTP_CRYPTOGRAPHIC");
    out.sendCommand("INITIATE", initiate);
    this.state = State.ExpectReady;
  }

  private onReady(data: Uint8Array): void {
    const sharedKey = this.sharedKey!;
    this.peerMetadata = decodeMetadata(openReady(data, sharedKey, this.peerNonce));
    this.transform = new CurveMessageBox(
      { sharedKey, ourPrefix: CLIENT_MESSAGE_PREFIX, peerPrefix: SERVER_MESSAGE_PREFIX, firstCounter: this.counter, peerNonce: this.peerNonce },
      this.options.allocate,
    );
    // What only the handshake needed goes.
    this.keys!.short.secretKey.fill(0);
    this.keys = undefined;
    this.state = State.Connected;
  }
}
