import type { SocketOptions } from "../options.js";
import { boolean, integer, type OptionSpec } from "./socket-options.js";

/** The constructor options of a udp sender (Radio, Datagram). */
export interface MulticastOptions extends SocketOptions {
  /** ZMQ_MULTICAST_HOPS: the TTL of datagrams sent to a multicast group, 1 to 255. Default 1. */
  multicastHops?: number;
  /** ZMQ_MULTICAST_LOOP: whether datagrams sent to a group also reach its members on this host. Default true. */
  multicastLoop?: boolean;
}

/**
 * The options of the sockets that send udp datagrams (Radio, Datagram), with libzmq's defaults
 * (src/options.cpp; libzmq applies them in src/udp_engine.cpp `plug()` to a RADIO's multicast destination
 * only, zmtp also to a DGRAM's socket, which may send to groups):
 * - multicastHops (ZMQ_MULTICAST_HOPS, 25; zeromq.js's name): the TTL of multicast datagrams, 1 to 255
 *   (libzmq takes any positive value; the IP header has 8 bits). Default 1: the local network only.
 * - multicastLoop (ZMQ_MULTICAST_LOOP, 96, a libzmq draft option that zeromq.js leaves out; this name is
 *   the one its source reserves): whether multicast datagrams also reach receivers on this host. Default true.
 * Both are read when a udp endpoint is connected (RADIO) or bound (DGRAM).
 */
export const MULTICAST_OPTIONS: Record<"multicastHops" | "multicastLoop", OptionSpec> = {
  multicastHops: integer(1, 1, 255),
  multicastLoop: boolean(true),
};
