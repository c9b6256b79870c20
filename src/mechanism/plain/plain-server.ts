import { encodeErrorReason, type Command } from "../../codec/command.js";
import { decodeMetadata, encodeMetadata, type Metadata } from "../../codec/metadata.js";
import { ProtocolError } from "../../errors.js";
import type { CommandWriter, Mechanism } from "../mechanism.js";
import { applyZapVerdict, withZapProperties, zapUnavailable, type ZapAuthorize, type ZapVerdict } from "../zap.js";
import { encodeLibzmqPlainError } from "./libzmq-plain-error.js";
import { decodeHello } from "./plain-commands.js";

const enum State {
  WaitingForHello,
  WaitingForZapReply,
  WaitingForInitiate,
  Ready,
}

const NO_DATA = new Uint8Array(0);

export interface PlainServerOptions {
  /** Sent in READY, in this order and spelling (Socket-Type, Identity, …). */
  properties: Iterable<readonly [string, Uint8Array]>;
  /** Who decides on the client's credentials (a ZAP handler or the socket's authenticator). */
  authorize: ZapAuthorize;
}

/**
 * The PLAIN server (RFC 24, libzmq src/plain_server.cpp as of 4.3.5): on HELLO it asks ZAP about the
 * username and password and waits; 200 sends WELCOME, a refusal ends the handshake (ERROR for 400/500,
 * see applyZapVerdict); then the client's INITIATE is answered with READY. As libzmq, a PLAIN server
 * authenticates through ZAP or not at all: with nobody to ask it refuses every client (EFAULT).
 * The User-Id and metadata of the ZAP reply join the peer's metadata.
 */
export class PlainServer implements Mechanism {
  readonly name = "PLAIN";
  readonly asServer = true;
  peerMetadata: Metadata = new Map();
  private readonly ready: Uint8Array;
  private readonly authorize: ZapAuthorize;
  private state = State.WaitingForHello;
  private verdict: ZapVerdict | undefined = undefined;

  constructor(options: PlainServerOptions) {
    this.ready = encodeMetadata(options.properties);
    this.authorize = options.authorize;
  }

  start(_out: CommandWriter): void {
    // The client speaks first (HELLO).
  }

  onCommand(command: Command, out: CommandWriter): boolean | Promise<boolean> {
    switch (this.state) {
      case State.WaitingForHello:
        return this.onHello(command, out);
      case State.WaitingForInitiate:
        return this.onInitiate(command, out);
      default:
        // libzmq's default branch of plain_server_t::process_handshake_command.
        throw new ProtocolError(`unexpected ${command.name} command during the PLAIN handshake`, "ERR_ZMTP_UNSPECIFIED");
    }
  }

  private onHello(command: Command, out: CommandWriter): Promise<boolean> {
    if (command.name !== "HELLO") throw unexpected(command);
    const { username, password } = decodeHello(command.data);
    this.state = State.WaitingForZapReply;
    // The credentials outlive this call: copy them out of the frame they arrived in.
    const request = { mechanism: "PLAIN", credentials: [username.slice(), password.slice()] } as const;
    return Promise.resolve()
      .then(() => this.authorize(request))
      .then((verdict) => {
        if (verdict === undefined) throw zapUnavailable("PLAIN");
        applyZapVerdict(verdict, out, sendLibzmqPlainError);
        this.verdict = verdict;
        out.sendCommand("WELCOME", NO_DATA);
        this.state = State.WaitingForInitiate;
        return false;
      });
  }

  private onInitiate(command: Command, out: CommandWriter): boolean {
    if (command.name !== "INITIATE") throw unexpected(command);
    this.peerMetadata = withZapProperties(decodeMetadata(command.data), this.verdict);
    out.sendCommand("READY", this.ready);
    this.state = State.Ready;
    return true;
  }
}

/**
 * A refusal as libzmq's PLAIN server sends it ("^RROR", see libzmq-plain-error.ts), so that libzmq clients
 * report it as an authentication failure with its status. A writer that cannot send raw frames gets the
 * RFC's ERROR.
 */
function sendLibzmqPlainError(out: CommandWriter, reason: string): void {
  if (out.sendCommandFrame !== undefined) out.sendCommandFrame(encodeLibzmqPlainError(reason));
  else out.sendCommand("ERROR", encodeErrorReason(reason));
}

function unexpected(command: Command): ProtocolError {
  return new ProtocolError(`unexpected ${command.name} command during the PLAIN handshake`, "ERR_ZMTP_UNEXPECTED_COMMAND");
}
