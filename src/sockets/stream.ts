import { ZmqError } from "../errors.js";
import type { Message } from "../message.js";
import type { SocketOptions } from "../options.js";
import type { Pipe } from "../pipe/pipe.js";
import { FairQueue } from "../routing/fair-queue.js";
import { IdentityTable } from "../routing/identity-table.js";
import { DuplexSocket } from "./duplex-socket.js";
import { SOCKET_TYPES } from "./socket-types.js";
import { boolean, defineOptions } from "./socket-options.js";

const EMPTY = Buffer.alloc(0);

/** What `new Stream(options)` takes: the options every socket has, and its own (each also a property of the socket). */
export interface StreamOptions extends SocketOptions {
  /** ZMQ_STREAM_NOTIFY: deliver the empty `[id, <empty>]` message on connect and disconnect. Default true. */
  notify?: boolean;
}

/**
 * STREAM (ZMQ_STREAM): plain tcp (or ipc) connections with no ZMTP, to talk to anything that speaks bytes.
 * Each connection gets a generated 5-byte routing id (a zero octet then a counter, as ROUTER's). Received:
 * `[id, <empty>]` when a connection is made, `[id, data]` for each chunk read, `[id, <empty>]` when the
 * peer goes (unless `notify` is false). Sent: `[id, data]` writes the bytes, `[id, <empty>]` closes the
 * connection (after what was sent before it). As in libzmq, an unknown id fails with EHOSTUNREACH and a send waits at the mark.
 *
 * The socket never sees bytes: the raw engine delivers each chunk and the two notifications through the
 * pipe, and this class only adds or strips the routing id.
 */
export class Stream extends DuplexSocket {
  private readonly in = new FairQueue();
  private readonly identities = new IdentityTable();
  /**
   * ZMQ_STREAM_NOTIFY: deliver the empty `[id, <empty>]` message on connect and disconnect. Default true.
   * @defaultValue `true`
   */
  declare notify: boolean;
  /** A message read ahead by `readable` (when notifications are skipped). */
  private next: Message | undefined = undefined;

  constructor(options?: StreamOptions) {
    super(SOCKET_TYPES.STREAM);
    this.applyOptions(options);
  }

  /** Connects to `endpoint`; with `{ routingId }` the connection is known by that id instead of a generated one. */
  override connect(endpoint: string, options?: { routingId?: string }): void {
    this.connectAs(endpoint, options);
  }

  protected override prepareSend(message: Message): Message {
    if (message.length < 2) {
      throw new ZmqError("EINVAL", "A Stream message needs a routing id frame followed by a data frame");
    }
    return message;
  }

  protected xattach(pipe: Pipe): boolean {
    // Raw peers announce no identity: the table always generates one.
    if (this.identities.add(pipe, false) === false) return false;
    this.in.attach(pipe);
    return true;
  }

  protected xdetach(pipe: Pipe): void {
    this.identities.remove(pipe);
    // The disconnect notification (and any data before it) is still delivered.
    this.in.terminated(pipe);
  }

  protected xreadable(pipe: Pipe): void {
    this.in.activate(pipe);
  }

  protected xwritable(): void {
    // Sends are addressed: a waiting send is retried by the base when any pipe drains.
  }

  protected xsend(message: Message): boolean {
    const pipe = this.identities.lookup(message[0]!);
    if (pipe === undefined) throw new ZmqError("EHOSTUNREACH", "Host unreachable: no connection with that routing id");
    const body = message.slice(1);
    if (body.every((frame) => frame.length === 0)) {
      // Close: the id is gone at once; the connection ends once what was queued before is written.
      this.identities.remove(pipe);
      pipe.forceWrite([EMPTY]);
      return true;
    }
    return pipe.write(body);
  }

  protected xreceive(): Message | undefined {
    const next = this.next;
    if (next !== undefined) {
      this.next = undefined;
      return next;
    }
    for (let message = this.in.read(); message !== undefined; message = this.in.read()) {
      // Data chunks are never empty: an empty frame is a connect or disconnect notification.
      if (!this.notify && message[0]!.length === 0) continue;
      message.unshift(this.in.lastPipe!.routingId!);
      return message;
    }
    return undefined;
  }

  protected xhasIncoming(): boolean {
    if (this.notify && this.next === undefined) return this.in.readable;
    this.next ??= this.xreceive();
    return this.next !== undefined;
  }

  protected xcanSend(): boolean {
    // As libzmq: always ready; whether a send fits depends on the connection it is routed to.
    return true;
  }
}

defineOptions(Stream, { notify: boolean(true) });
