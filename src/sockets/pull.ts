import { ZmqError } from "../errors.js";
import type { Message } from "../message.js";
import type { SocketOptions } from "../options.js";
import { PullingSocket } from "./pulling-socket.js";
import { SOCKET_TYPES } from "./socket-types.js";
import { boolean, defineOptions } from "./socket-options.js";

/** What `new Pull(options)` takes: the options every socket has, and its own (each also a property of the socket). */
export interface PullOptions extends SocketOptions {
  /** ZMQ_CONFLATE: keep only the newest message from each peer (multipart messages whole). */
  conflate?: boolean;
}

/** PULL (RFC 30): fair-queues messages from connected PUSH peers. */
export class Pull extends PullingSocket {
  constructor(options?: PullOptions) {
    super(SOCKET_TYPES.PULL);
    this.applyOptions(options);
  }

  /**
   * ZMQ_CONFLATE: keep only the newest message from each peer (multipart messages whole). Set before bind/connect.
   * @defaultValue `false`
   */
  declare conflate: boolean;

  /** Resolves to the next message's frames; waits (up to `receiveTimeout`) until one arrives. */
  receive(): Promise<Buffer[]> {
    return this.receiveMessage();
  }

  /** The next message if one has arrived (and no `receive()` waits); undefined otherwise, waiting for nothing. */
  tryReceive(): Buffer[] | undefined {
    return this.tryReceiveMessage();
  }

  /** Resolves to every message that has arrived, at least one (waiting for it) and at most `max` (the batch path). */
  receiveMany(max = 1024): Promise<Buffer[][]> {
    return this.receiveManyMessages(max);
  }

  /** `for await (const message of socket)`: ends when the socket closes. */
  [Symbol.asyncIterator](): AsyncIterator<Buffer[], undefined> {
    return this.messages();
  }

  protected override prepareSend(): Message {
    throw new ZmqError("ENOTSUP", "Pull sockets cannot send");
  }
}

defineOptions(Pull, { conflate: boolean() });
