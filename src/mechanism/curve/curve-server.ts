import type { Command } from "../../codec/command.js";
import { decodeMetadata, encodeMetadata, type Metadata } from "../../codec/metadata.js";
import { ProtocolError } from "../../errors.js";
import type { CommandWriter, FrameTransform, Mechanism } from "../mechanism.js";
import { applyZapVerdict, withZapProperties, zapUnavailable, type ZapAuthorize, type ZapVerdict } from "../zap.js";
import { requireKey } from "./curve-client.js";
import { openHello } from "./hello.js";
import { openInitiate, type ServerConnectionKeys } from "./initiate.js";
import { CurveMessageBox, type Allocate } from "./message-box.js";
import { generateKeyPair, KEY_BYTES, publicKeyOf, randomBytes, sharedKey, type RandomSource } from "./nacl-box.js";
import { CLIENT_MESSAGE_PREFIX, PeerNonce, SERVER_MESSAGE_PREFIX } from "./nonces.js";
import { produceReady } from "./ready.js";
import { produceWelcome } from "./welcome.js";

export interface CurveServerOptions {
  /** s: our long-term secret key (curveSecretKey), 32 octets; S is derived from it. */
  secretKey: Uint8Array | null;
  /** Our metadata (sent boxed in READY), in this order, with these spellings. */
  properties: Iterable<readonly [string, Uint8Array]>;
  /**
   * Who decides on the client's long-term key (RFC 27: a ZAP handler or the socket's authenticator).
   * Absent: nobody is asked (libzmq asks unless zapEnforceDomain is set without a zapDomain).
   */
  authorize?: ZapAuthorize;
  /** zapEnforceDomain: with nobody to answer, refuse the client (EFAULT) instead of letting it in. */
  enforce?: boolean;
  /** Buffers for received frames (default: Uint8Array). */
  allocate?: Allocate;
  /** Random octets (default: Web Crypto's getRandomValues). */
  random?: RandomSource;
}

const enum State {
  ExpectHello,
  ExpectInitiate,
  Authorizing,
  Connected,
}

/**
 * The CURVE server (RFC 26, libzmq curve_server_t): HELLO opened with our secret key, WELCOME with a fresh
 * short-term key pair and a cookie under a cookie key drawn for this connection alone, INITIATE checked
 * (cookie, box, vouch), ZAP asked about the client's long-term key C, then READY with our metadata (nonce 1;
 * MESSAGEs from 2) or, for a refusal, ERROR with the ZAP status code as libzmq sends it (none for 300).
 * With nobody to ask, the client is let in (the "Stonehouse" pattern: encrypted, not authenticated)
 * unless zapEnforceDomain is set. ZAP's User-Id and metadata join the client's metadata.
 */
export class CurveServerMechanism implements Mechanism {
  readonly name = "CURVE";
  readonly asServer = true;
  transform: FrameTransform | undefined = undefined;
  private state = State.ExpectHello;
  private keys: ServerConnectionKeys | undefined = undefined;
  private secretKey: Uint8Array | undefined = undefined;
  private readonly peerNonce = new PeerNonce();
  private readonly metadata: Uint8Array;
  private readonly random: RandomSource;
  private clientMetadata: Metadata = new Map();
  private verdict: ZapVerdict | undefined = undefined;

  constructor(private readonly options: CurveServerOptions) {
    this.metadata = encodeMetadata(options.properties);
    this.random = options.random ?? randomBytes;
  }

  get peerMetadata(): Metadata {
    return withZapProperties(this.clientMetadata, this.verdict);
  }

  start(_out: CommandWriter): void {
    // The client opens; a server without a secret key could only fail on its HELLO, so fail now, clearly.
    this.secretKey = requireKey(this.options.secretKey, "curveSecretKey", "server");
  }

  onCommand(command: Command, out: CommandWriter): boolean | Promise<boolean> {
    if (this.state === State.ExpectHello && command.name === "HELLO") {
      this.onHello(command.data, out);
      return false;
    }
    if (this.state === State.ExpectInitiate && command.name === "INITIATE") return this.onInitiate(command.data, out);
    // libzmq's server takes nothing else, ERROR included.
    throw new ProtocolError(`unexpected ${command.name} command during the CURVE handshake`, "ERR_ZMTP_UNEXPECTED_COMMAND");
  }

  private onHello(data: Uint8Array, out: CommandWriter): void {
    const secretKey = this.secretKey!;
    const clientShortKey = openHello(data, secretKey, this.peerNonce);
    const keys: ServerConnectionKeys = {
      cookieKey: this.random(KEY_BYTES),
      clientShortKey,
      short: generateKeyPair(this.random),
      serverKey: publicKeyOf(secretKey),
    };
    const welcome = produceWelcome(clientShortKey, secretKey, keys.short, keys.cookieKey, this.random);
    if (welcome === undefined) throw new ProtocolError("the client's short-term key is not usable", "ERR_ZMTP_CRYPTOGRAPHIC");
    this.keys = keys;
    out.sendCommand("WELCOME", welcome);
    this.state = State.ExpectInitiate;
  }

  private onInitiate(data: Uint8Array, out: CommandWriter): boolean | Promise<boolean> {
    const keys = this.keys!;
    const initiate = openInitiate(data, keys, this.peerNonce);
    const shared = sharedKey(keys.clientShortKey, keys.short.secretKey);
    if (shared === undefined) throw new ProtocolError("the client's short-term key is not usable", "ERR_ZMTP_CRYPTOGRAPHIC");
    this.clientMetadata = decodeMetadata(initiate.metadata);
    // The cookie has served: nothing of the handshake's secrets outlives it but the shared key.
    keys.cookieKey.fill(0);
    keys.short.secretKey.fill(0);
    this.keys = undefined;
    const { authorize, enforce = false } = this.options;
    if (authorize === undefined) return this.sendReady(shared, out);
    this.state = State.Authorizing;
    const request = { mechanism: "CURVE", credentials: [initiate.clientKey] } as const;
    return Promise.resolve()
      .then(() => authorize(request))
      .then((verdict) => {
        if (verdict === undefined) {
          if (enforce) throw zapUnavailable("CURVE", "zapEnforceDomain is set and no ZAP handler is bound at inproc://zeromq.zap.01");
        } else {
          // 200 goes on; 400/500 send ERROR with the status code and throw, 300 throws without ERROR.
          applyZapVerdict(verdict, out);
          this.verdict = verdict;
        }
        return this.sendReady(shared, out);
      });
  }

  private sendReady(shared: Uint8Array, out: CommandWriter): true {
    out.sendCommand("READY", produceReady(shared, 1, this.metadata));
    this.transform = new CurveMessageBox(
      { sharedKey: shared, ourPrefix: SERVER_MESSAGE_PREFIX, peerPrefix: CLIENT_MESSAGE_PREFIX, firstCounter: 2, peerNonce: this.peerNonce },
      this.options.allocate,
    );
    this.state = State.Connected;
    return true;
  }
}
