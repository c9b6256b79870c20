import { ZmqError } from "../errors.js";
import type { Message } from "../message.js";
import type { SocketOptions } from "../options.js";
import { PullingSocket } from "./pulling-socket.js";
import { SOCKET_TYPES } from "./socket-types.js";
import { boolean, defineOptions } from "./socket-options.js";

/** What `new Gather(options)` takes: the options every socket has, and `conflate`. */
export interface GatherOptions extends SocketOptions {
  /** ZMQ_CONFLATE: keep only the newest message from each peer. */
  conflate?: boolean;
}

/**
 * GATHER (RFC 49; libzmq src/gather.cpp): fair-queues single-frame messages from its SCATTER peers, the
 * thread-safe PULL. Multi-frame messages are dropped whole.
 */
export class Gather extends PullingSocket {
  constructor(options?: GatherOptions) {
    super(SOCKET_TYPES.GATHER);
    this.applyOptions(options);
  }

  /**
   * ZMQ_CONFLATE: keep only the newest message from each peer. Set before bind/connect. (zeromq.js types it
   * on Gather; libzmq 4.3.5 accepts it there but ignores it, zmtp applies it as PULL does.)
   */
  declare conflate: boolean;

  /** Resolves to the next message, `[frame]`; waits (up to `receiveTimeout`) until one arrives. */
  receive(): Promise<[Buffer]> {
    return this.receiveMessage() as Promise<[Buffer]>;
  }

  /** The next message, `[frame]`, if one has arrived (and no `receive()` waits); undefined otherwise, waiting for nothing. */
  tryReceive(): [Buffer] | undefined {
    return this.tryReceiveMessage() as [Buffer] | undefined;
  }

  /** Resolves to every message that has arrived, at least one (waiting for it) and at most `max` (the batch path). */
  receiveMany(max = 1024): Promise<[Buffer][]> {
    return this.receiveManyMessages(max) as Promise<[Buffer][]>;
  }

  /** `for await (const [frame] of socket)`: ends when the socket closes. */
  [Symbol.asyncIterator](): AsyncIterator<[Buffer], undefined> {
    return this.messages() as AsyncIterator<[Buffer], undefined>;
  }

  protected override prepareSend(): Message {
    throw new ZmqError("ENOTSUP", "Gather sockets cannot send");
  }
}

defineOptions(Gather, { conflate: boolean() });
