import type { SocketOptions } from "../options.js";
import { LoadBalancingSocket } from "./load-balancing-socket.js";
import { SOCKET_TYPES } from "./socket-types.js";
import { boolean, defineOptions } from "./socket-options.js";

/** What `new Dealer(options)` takes: the options every socket has, and its own (each also a property of the socket). */
export interface DealerOptions extends SocketOptions {
  /** Sends an empty message to each peer as it connects (ZMQ_PROBE_ROUTER). */
  probeRouter?: boolean;
  /** ZMQ_CONFLATE: keep only the newest message from each peer (multipart messages whole). */
  conflate?: boolean;
}

/** DEALER (RFC 28): round-robins outgoing messages and fair-queues incoming ones, with no envelope. */
export class Dealer extends LoadBalancingSocket {
  constructor(options?: DealerOptions) {
    super(SOCKET_TYPES.DEALER);
    this.applyOptions(options);
  }

  /**
   * ZMQ_CONFLATE: keep only the newest message from each peer (multipart messages whole). Set before
   * bind/connect. Unlike libzmq, only inbound queues conflate; outgoing messages still wait at the mark.
   * @defaultValue `false`
   */
  declare conflate: boolean;
}

defineOptions(Dealer, { conflate: boolean() });
