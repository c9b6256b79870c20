import { decodeErrorReason, type Command } from "../../codec/command.js";
import { decodeMetadata, encodeMetadata, type Metadata } from "../../codec/metadata.js";
import { ProtocolError } from "../../errors.js";
import type { CommandWriter, Mechanism } from "../mechanism.js";
import { peerError } from "../peer-error.js";
import { decodePlainCommand } from "./libzmq-plain-error.js";
import { encodeHello, plainCredentials } from "./plain-commands.js";

const enum State {
  WaitingForWelcome,
  WaitingForReady,
  Ready,
}

export interface PlainClientOptions {
  /** Sent in INITIATE, in this order and spelling (Socket-Type, Identity, …). */
  properties: Iterable<readonly [string, Uint8Array]>;
  username: string;
  password: string;
}

/**
 * The PLAIN client (RFC 24, libzmq src/plain_client.cpp): HELLO with the credentials, then on WELCOME an
 * INITIATE with our metadata, then the server's READY. ERROR from the server (a ZAP refusal: "400") ends
 * the handshake as an AuthError. Errors carry libzmq's protocol error codes.
 */
export class PlainClient implements Mechanism {
  readonly name = "PLAIN";
  readonly asServer = false;
  peerMetadata: Metadata = new Map();
  private readonly hello: Uint8Array;
  private readonly initiate: Uint8Array;
  private state = State.WaitingForWelcome;

  constructor(options: PlainClientOptions) {
    this.hello = encodeHello(plainCredentials(options.username, options.password));
    this.initiate = encodeMetadata(options.properties);
  }

  start(out: CommandWriter): void {
    out.sendCommand("HELLO", this.hello);
  }

  /** libzmq's PLAIN servers misspell ERROR: read it as ERROR too (libzmq-plain-error.ts). */
  decodeCommand(body: Uint8Array): Command {
    return decodePlainCommand(body);
  }

  onCommand(command: Command, out: CommandWriter): boolean {
    switch (command.name) {
      case "WELCOME":
        this.expect(State.WaitingForWelcome, command);
        // RFC 24 §"The WELCOME Command": no data at all.
        if (command.data.length !== 0) throw new ProtocolError("malformed PLAIN WELCOME: it carries data", "ERR_ZMTP_MALFORMED_COMMAND_WELCOME");
        out.sendCommand("INITIATE", this.initiate);
        this.state = State.WaitingForReady;
        return false;
      case "READY":
        this.expect(State.WaitingForReady, command);
        this.peerMetadata = decodeMetadata(command.data);
        this.state = State.Ready;
        return true;
      case "ERROR":
        // libzmq takes ERROR while it waits for WELCOME or READY (plain_client_t::process_error).
        if (this.state === State.Ready) throw unexpected(command);
        throw peerError(decodeErrorReason(command.data));
      default:
        throw unexpected(command);
    }
  }

  private expect(state: State, command: Command): void {
    if (this.state !== state) throw unexpected(command);
  }
}

function unexpected(command: Command): ProtocolError {
  return new ProtocolError(`unexpected ${command.name} command during the PLAIN handshake`, "ERR_ZMTP_UNEXPECTED_COMMAND");
}
