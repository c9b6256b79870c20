import { ZmqError } from "../errors.js";
import type { Message } from "../message.js";
import type { SocketOptions } from "../options.js";
import { GroupMembership } from "../pipe/pipe-item.js";
import type { Pipe } from "../pipe/pipe.js";
import { groupKey, toGroup } from "./group-name.js";
import { SOCKET_TYPES } from "./socket-types.js";
import { UpstreamSocket } from "./upstream-socket.js";

/** zeromq.js's `DishGroupOptions`: the group a received message was sent to. */
export interface DishGroupOptions {
  /** The group's name, as the RADIO sent it. */
  group: Buffer;
}

/**
 * DISH (RFC 48; libzmq src/dish.cpp): receives the messages RADIO peers send to the groups it joined,
 * fair-queued. `join`/`leave` go to every RADIO as GroupMembership items (JOIN/LEAVE commands on ZMTP), and
 * all current groups again to each new or reconnected one. It also filters locally, as libzmq's
 * dish_t::xxrecv does: on udp the RADIO sends every group, and a message for a group left a moment ago may
 * still be on its way.
 *
 * A message from a RADIO is `[group, body]` in the pipe; anything else (one frame, three, a group over 255
 * octets: a broken peer, which libzmq's dish_session_t refuses with EFAULT) is dropped.
 */
export class Dish extends UpstreamSocket {
  /** The joined groups, by key, with their octets (replayed to each new RADIO). */
  private readonly joined = new Map<string, Buffer>();
  /** A message `xhasIncoming` found (it must look past messages for groups not joined). */
  private ready: [Buffer, DishGroupOptions] | undefined = undefined;

  constructor(options?: SocketOptions) {
    super(SOCKET_TYPES.DISH);
    this.applyOptions(options);
  }

  /**
   * Joins each group (zmq_join): a string (UTF-8) or a Buffer of at most 255 octets, none of them zero.
   * Throws EINVAL for an invalid group or one already joined (as libzmq), after joining those before it.
   */
  join(...groups: (Buffer | string)[]): void {
    this.assertJoinable();
    for (const value of groups) {
      const group = toGroup(value);
      const key = groupKey(group);
      if (this.joined.has(key)) throw new ZmqError("EINVAL", `Invalid argument: group ${JSON.stringify(key)} is already joined`);
      this.joined.set(key, group);
      this.upstream.forceToAll(new GroupMembership(true, group));
    }
  }

  /** Leaves each group (zmq_leave). Throws EINVAL for a group not joined, after leaving those before it. */
  leave(...groups: (Buffer | string)[]): void {
    this.assertJoinable();
    for (const value of groups) {
      const group = toGroup(value);
      if (!this.joined.delete(groupKey(group))) {
        throw new ZmqError("EINVAL", `Invalid argument: group ${JSON.stringify(groupKey(group))} is not joined`);
      }
      this.upstream.forceToAll(new GroupMembership(false, group));
    }
  }

  /** Resolves to the next message and its group: `[frame, { group }]`. */
  receive(): Promise<[Buffer, DishGroupOptions]> {
    // xreceive hands the base `[frame, { group }]`, which it passes on untouched.
    return this.receiveMessage() as unknown as Promise<[Buffer, DishGroupOptions]>;
  }

  /** `for await (const [frame, { group }] of socket)`: ends when the socket closes. */
  [Symbol.asyncIterator](): AsyncIterator<[Buffer, DishGroupOptions], undefined> {
    return this.messages() as unknown as AsyncIterator<[Buffer, DishGroupOptions], undefined>;
  }

  private assertJoinable(): void {
    if (this.closed) throw new ZmqError("EBADF", "Socket is closed");
  }

  protected override prepareSend(): Message {
    throw new ZmqError("ENOTSUP", "Dish sockets cannot send");
  }

  protected xsend(): boolean {
    return false;
  }

  protected xreceive(): Message | undefined {
    const message = this.ready ?? this.nextJoined();
    this.ready = undefined;
    return message as unknown as Message | undefined;
  }

  protected xhasIncoming(): boolean {
    this.ready ??= this.nextJoined();
    return this.ready !== undefined;
  }

  protected xcanSend(): boolean {
    return false;
  }

  /** The next well-formed message for a joined group, dropping the others. */
  private nextJoined(): [Buffer, DishGroupOptions] | undefined {
    for (let message = this.in.read(); message !== undefined; message = this.in.read()) {
      if (message.length !== 2) continue;
      const group = message[0]!;
      if (group.length <= GroupMembership.MAX_LENGTH && this.joined.has(groupKey(group))) return [message[1]!, { group }];
    }
    return undefined;
  }

  protected replay(pipe: Pipe): void {
    for (const group of this.joined.values()) pipe.forceWrite(new GroupMembership(true, group));
  }
}
