import { ZmqError } from "../errors.js";
import type { SocketOptions } from "../options.js";
import { RoutingIdSocket } from "./routing-id-socket.js";
import { SOCKET_TYPES } from "./socket-types.js";

/**
 * PEER (RFC 51; libzmq src/peer.cpp): a SERVER whose peers are PEERs, which can also dial out and learn the
 * routing id of the peer it dialled at once (`connectPeer`), so either side may speak first.
 */
export class Peer extends RoutingIdSocket {
  constructor(options?: SocketOptions) {
    super(SOCKET_TYPES.PEER);
    this.applyOptions(options);
  }

  /**
   * Connects to `endpoint` and returns the routing id of the new peer's pipe (zmq_connect_peer): messages
   * sent to it are queued until the connection is up. As in libzmq, this needs the pipe at once, so it
   * fails with EFAULT when `immediate` is set.
   */
  connectPeer(endpoint: string): number {
    if (this.closed) throw new ZmqError("EBADF", "Socket is closed");
    if (this.immediate) throw new ZmqError("EFAULT", "connectPeer() cannot work with immediate set (libzmq peer_t::connect_peer)");
    const before = this.attachedPipes;
    this.connect(endpoint);
    if (this.attachedPipes === before) {
      throw new ZmqError("EFAULT", `connectPeer() made no pipe to ${endpoint} (the peer there refused it)`, endpoint);
    }
    return this.lastAttachedId;
  }
}
