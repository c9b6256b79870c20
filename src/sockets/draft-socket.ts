import { ZmqError } from "../errors.js";
import type { MessageLike } from "../message.js";
import { FairQueue } from "../routing/fair-queue.js";
import { SingleFrameQueue } from "../routing/single-frame-queue.js";
import type { SocketTypeInfo } from "./socket-types.js";

/**
 * The rule the draft socket types (CLIENT, SERVER, RADIO, DISH, GATHER, SCATTER, PEER, CHANNEL) share: libzmq
 * makes them thread-safe, and for that they carry single-frame messages only (RFC 48 §"Overall Goals": "a
 * single API call to receive or send entire msg"). Their type says so (`SocketTypeInfo.threadSafe`), and
 * the socket classes apply it where they meet messages: SocketBase refuses a multipart send with EINVAL
 * (libzmq's xsend of each type); a multi-frame message from a peer is dropped whole (libzmq's xrecv of each
 * type) by their queue (SingleFrameQueue, which `inboundQueue` picks by type), or by CHANNEL's one pipe.
 */

/** What a socket type fair-queues its incoming messages with: every message, or (draft types) single frames. */
export type InboundQueue = FairQueue | SingleFrameQueue;

/** The inbound queue of a socket of `type`: a SingleFrameQueue for the draft types, else a FairQueue. */
export function inboundQueue(type: SocketTypeInfo): InboundQueue {
  return type.threadSafe ? new SingleFrameQueue() : new FairQueue();
}

/** EINVAL for a multipart message sent on a draft type (libzmq: ZMQ_SNDMORE there is EINVAL). */
export function multipartError(typeName: string): ZmqError {
  return new ZmqError("EINVAL", `Invalid argument: ${typeName} sockets send single-frame messages only (no multipart)`);
}

/**
 * The one frame of `message` (a frame, or an array of exactly one): what SERVER and RADIO put beside their
 * routing id or group. Throws EINVAL for a multipart message, as libzmq does.
 */
export function singleFrame(message: MessageLike | readonly MessageLike[], typeName: string): MessageLike {
  if (!Array.isArray(message)) return message as MessageLike;
  const parts = message as readonly MessageLike[];
  if (parts.length === 1) return parts[0]!;
  if (parts.length === 0) throw new ZmqError("EINVAL", "A message needs at least one frame");
  throw multipartError(typeName);
}
