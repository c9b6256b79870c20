import { ZmqError } from "../errors.js";
import type { Message } from "../message.js";
import type { SocketOptions } from "../options.js";
import type { Pipe } from "../pipe/pipe.js";
import { RoutingSocket } from "./router.js";
import { SOCKET_TYPES } from "./socket-types.js";

/** The index of the first empty frame, or -1 (a loop: no callback per request, as findIndex would take). */
function delimiterIndex(message: Message): number {
  for (let i = 0; i < message.length; i++) if (message[i]!.length === 0) return i;
  return -1;
}

/**
 * REP (RFC 28 §"The REP Socket Type"): a ROUTER with an envelope. Each request's frames up to and including
 * the first empty frame are kept and put back on the reply, which goes to the pipe the request came from.
 * Requests without a delimiter, or with nothing after it, are dropped. Receive and send strictly alternate (EFSM otherwise).
 */
export class Reply extends RoutingSocket {
  private envelope: Buffer[] | undefined = undefined;
  private replyPipe: Pipe | undefined = undefined;
  private receiveClaimed = false;

  constructor(options?: SocketOptions) {
    super(SOCKET_TYPES.REP);
    this.applyOptions(options);
  }

  /** Receives alternate with sends: a `receiveMany()` resolves to the one message that may be received. */
  protected override get receivesInBatches(): boolean {
    return false;
  }

  protected override prepareReceive(): void {
    if (this.receiveClaimed || this.envelope !== undefined) {
      throw new ZmqError("EFSM", "Operation cannot be accomplished in current state: send the reply first");
    }
    this.receiveClaimed = true;
  }

  protected override receiveAborted(): void {
    this.receiveClaimed = false;
  }

  protected override prepareSend(message: Message): Message {
    const envelope = this.envelope;
    if (envelope === undefined) {
      throw new ZmqError("EFSM", "Operation cannot be accomplished in current state: receive a request first");
    }
    this.envelope = undefined;
    return envelope.length === 0 ? message : envelope.concat(message);
  }

  /** As libzmq's rep_t::xhas_in: nothing is receivable (receive() would fail with EFSM) while a reply is owed. */
  protected override xhasIncoming(): boolean {
    return this.envelope === undefined && super.xhasIncoming();
  }

  /** As libzmq's rep_t::xhas_out: writable only while a reply is owed (send() fails with EFSM otherwise). */
  protected override xcanSend(): boolean {
    return this.envelope !== undefined;
  }

  protected xsend(message: Message): boolean {
    const pipe = this.replyPipe;
    this.replyPipe = undefined;
    // The requester may be gone; its reply is then dropped, as in libzmq.
    if (pipe !== undefined && !pipe.terminated) pipe.write(message);
    return true;
  }

  protected xreceive(): Message | undefined {
    if (!this.receiveClaimed) return undefined;
    for (;;) {
      const message = this.in.read();
      if (message === undefined) return undefined;
      const delimiter = delimiterIndex(message);
      // No delimiter, or nothing after it: a malformed request, dropped (libzmq's rep_t::xrecv rolls back
      // an envelope whose last frame ends the message).
      if (delimiter < 0 || delimiter === message.length - 1) continue;
      this.envelope = message.slice(0, delimiter + 1);
      this.replyPipe = this.in.lastPipe;
      this.receiveClaimed = false;
      return message.slice(delimiter + 1);
    }
  }
}
