import { ZmqError } from "../errors.js";
import type { Message, MessageLike } from "../message.js";
import { ExclusivePairSocket } from "./exclusive-pair-socket.js";
import { MULTICAST_OPTIONS, type MulticastOptions } from "./multicast-options.js";
import { defineOptions } from "./socket-options.js";
import { SOCKET_TYPES } from "./socket-types.js";

/**
 * DGRAM (libzmq src/dgram.cpp, a draft type; zeromq.js's `Datagram`): raw udp datagrams, each message
 * `[address, body]`. It binds only (`udp://*:5555`, `udp://127.0.0.1:*`, a group to join); connect is
 * ENOCOMPATPROTO, as in libzmq. Replies go to whatever address the message names.
 *
 * - `send([address, body])`: `address` is `"a.b.c.d:port"` (zmtp also takes `"[v6]:port"` on a socket bound
 *   to IPv6), with or without a trailing NUL octet, so an address received here or from libzmq can be sent
 *   back as it is. Anything but two frames is EINVAL. A message whose address names no destination, or
 *   whose body cannot fit in one datagram (65,507 octets), is dropped, as libzmq drops it.
 * - `receive()` → `[address, body]`, the address being `"a.b.c.d:port"` followed by a NUL octet: libzmq's
 *   bytes exactly (zeromq.js hands out the same), so code written for zeromq.js behaves the same. Strip it
 *   for display: `address.toString("latin1", 0, address.length - 1)`.
 *
 * udp is lossy: datagrams that arrive while `receiveHighWaterMark` messages wait unread are dropped. libzmq
 * 4.3.5 peers read at most 8,192 octets of a datagram (the rest is lost), so keep bodies within that for them.
 * One endpoint at a time, as libzmq's DGRAM has one pipe (a second bind is EINVAL here; libzmq's silently
 * serves nothing).
 */
export class Datagram extends ExclusivePairSocket {
  /** ZMQ_MULTICAST_HOPS: the TTL (router hops) of datagrams sent to a multicast group (1–255, default 1). */
  declare multicastHops: number;
  /** ZMQ_MULTICAST_LOOP: whether datagrams sent to a group also reach this host's members (default true). */
  declare multicastLoop: boolean;

  constructor(options?: MulticastOptions) {
    super(SOCKET_TYPES.DGRAM);
    this.applyOptions(options);
  }

  /** Queues `[address, body]` to be sent as one datagram; waits at the high-water mark (or until bound). */
  override send(message: readonly [MessageLike, MessageLike]): Promise<void> {
    return this.sendMessage(message);
  }

  /** Resolves to the next datagram: `[address, body]`. */
  override receive(): Promise<[Buffer, Buffer]> {
    return this.receiveMessage() as Promise<[Buffer, Buffer]>;
  }

  /** `for await (const [address, body] of socket)`: ends when the socket closes. */
  override [Symbol.asyncIterator](): AsyncIterator<[Buffer, Buffer], undefined> {
    return this.messages() as AsyncIterator<[Buffer, Buffer], undefined>;
  }

  /** libzmq dgram_t::xsend: the first frame (with MORE) is the address, the second (without) the body. */
  protected override prepareSend(message: Message): Message {
    if (message.length !== 2) {
      throw new ZmqError("EINVAL", `Invalid argument: a Datagram message is [address, body], not ${message.length} frame(s)`);
    }
    return message;
  }
}

defineOptions(Datagram, MULTICAST_OPTIONS);
