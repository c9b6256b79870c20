import type { SocketOptions } from "../options.js";
import { ExclusivePairSocket } from "./exclusive-pair-socket.js";
import { SOCKET_TYPES } from "./socket-types.js";

/** PAIR (RFC 31): exactly one peer at a time; a second peer is refused while the first is attached. */
export class Pair extends ExclusivePairSocket {
  constructor(options?: SocketOptions) {
    super(SOCKET_TYPES.PAIR);
    this.applyOptions(options);
  }
}
