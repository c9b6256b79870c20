import { asError, ZmqError } from "../errors.js";
import type { Message, MessageLike } from "../message.js";
import { GroupMembership } from "../pipe/pipe-item.js";
import type { Pipe } from "../pipe/pipe.js";
import { Distributor } from "../routing/distributor.js";
import { GroupTable } from "../routing/group-table.js";
import { singleFrame } from "./draft-socket.js";
import { toGroup } from "./group-name.js";
import { SocketBase } from "./socket-base.js";
import { MULTICAST_OPTIONS, type MulticastOptions } from "./multicast-options.js";
import { defineOptions, integer } from "./socket-options.js";
import { SOCKET_TYPES } from "./socket-types.js";

/** What `new Radio(options)` takes: the options every socket has, the multicast ones, and its own. */
export interface RadioOptions extends MulticastOptions {
  /**
   * zmtp's addition (libzmq has no such limit): the most groups one DISH may join here; -1 (default) for no
   * limit, as libzmq. Past it that DISH's further JOINs are ignored until a LEAVE makes room.
   */
  maxGroupsPerPeer?: number;
}

/** zeromq.js's `RadioGroupOptions`: the group a message is sent to. */
export interface RadioGroupOptions {
  /** 0 to 255 octets (a string is taken as UTF-8), none of them zero. */
  group: Buffer | string;
}

/**
 * RADIO (RFC 48; libzmq src/radio.cpp): sends each single-frame message to the DISH peers that joined its
 * group (exact match), dropping it for a peer at its high-water mark: a RADIO never blocks. DISHes tell it
 * their groups with JOIN/LEAVE, which arrive as GroupMembership items and are never delivered to the user.
 *
 * In a pipe a RADIO message is `[group, body]`, the two frames ZMTP carries (RFC 37 "radio-dish-message").
 * A pipe whose peer has `allGroups` (a udp peer: no JOIN/LEAVE there) gets every group; the DISH at the
 * other end filters (libzmq radio_t's `_udp_pipes`).
 */
export class Radio extends SocketBase {
  /** ZMQ_MULTICAST_HOPS: the TTL (router hops) of datagrams sent to a udp multicast group (1–255, default 1). */
  declare multicastHops: number;
  /** ZMQ_MULTICAST_LOOP: whether datagrams sent to a udp group also reach this host's members (default true). */
  declare multicastLoop: boolean;
  /**
   * zmtp's addition (no libzmq option): the most groups one DISH may join (-1: no limit); JOINs past it are
   * ignored. @defaultValue `-1`
   */
  declare maxGroupsPerPeer: number;
  private readonly out = new Distributor();
  private readonly groups = new GroupTable();
  /** Pipes that get every group (udp). */
  private readonly allGroups = new Set<Pipe>();
  private readonly markMatching = (pipe: Pipe): void => {
    this.out.match(pipe);
  };
  /** The last group given as a string, and its octets: a sender usually repeats a few groups. */
  private lastGroupName = "";
  private lastGroup: Buffer = Buffer.alloc(0);

  constructor(options?: RadioOptions) {
    super(SOCKET_TYPES.RADIO);
    this.applyOptions(options);
  }

  /**
   * Queues a single-frame message for the DISH peers that joined `group`; resolves at once (peers at their
   * high-water mark miss it). EINVAL for a multipart message or a group over 255 octets.
   */
  send(message: MessageLike | readonly [MessageLike], options: RadioGroupOptions): Promise<void> {
    let frame: MessageLike;
    let group: Buffer;
    try {
      frame = singleFrame(message, "RADIO");
      group = this.groupOf(options);
    } catch (err) {
      return Promise.reject(asError(err));
    }
    return this.sendMessage([group, frame]);
  }

  private groupOf(options: unknown): Buffer {
    const value = options !== null && typeof options === "object" ? (options as { group?: unknown }).group : undefined;
    if (value === undefined) throw new ZmqError("EINVAL", "Invalid argument: send() needs { group }");
    if (typeof value !== "string") return toGroup(value);
    if (value !== this.lastGroupName) {
      this.lastGroup = toGroup(value);
      this.lastGroupName = value;
    }
    return this.lastGroup;
  }

  /** The message is `[group, frame]`, built by `send()`, which has already refused a multipart one. */
  protected override prepareSend(message: Message): Message {
    return message;
  }

  protected override prepareReceive(): void {
    throw new ZmqError("ENOTSUP", "Radio sockets cannot receive");
  }

  protected xattach(pipe: Pipe): boolean {
    this.out.attach(pipe);
    if (pipe.peer?.allGroups === true) this.allGroups.add(pipe);
    // JOINs may already be waiting (inproc, or a DISH that joined before we attached).
    this.xreadable(pipe);
    return true;
  }

  protected xdetach(pipe: Pipe): void {
    this.groups.forget(pipe);
    this.allGroups.delete(pipe);
    this.out.detach(pipe);
  }

  protected override xpeerReady(pipe: Pipe): void {
    // A new connection behind the pipe: its DISH joins all its groups again.
    this.groups.forget(pipe);
    if (pipe.peer?.allGroups === true) this.allGroups.add(pipe);
    else this.allGroups.delete(pipe);
  }

  protected xreadable(pipe: Pipe): void {
    // Memberships are applied as they arrive; anything else a peer sends is dropped (RFC 48: "SHALL
    // silently discard any messages that dishes send it").
    for (let item = pipe.read(); item !== undefined; item = pipe.read()) {
      if (!(item instanceof GroupMembership) || item.group.length > GroupMembership.MAX_LENGTH) continue;
      if (!item.join) this.groups.leave(pipe, item.group);
      else if (this.admits(pipe, item.group)) this.groups.join(pipe, item.group);
    }
  }

  /**
   * Whether `pipe` may join `group`: under `maxGroupsPerPeer`, or holding it already. Past the cap a JOIN is
   * ignored rather than the peer dropped, as Publisher does with maxSubscriptionsPerPeer (a DISH replays its
   * joins on every reconnect, so dropping it would only repeat): its memory stays bounded, its groups flow.
   */
  private admits(pipe: Pipe, group: Buffer): boolean {
    const max = this.maxGroupsPerPeer;
    return max < 0 || this.groups.countOf(pipe) < max || this.groups.holds(pipe, group);
  }

  protected xwritable(): void {
    // A RADIO never waits: a peer at its mark misses the message.
  }

  protected xsend(message: Message): boolean {
    const out = this.out;
    out.unmatch();
    this.groups.forEachMember(message[0]!, this.markMatching);
    for (const pipe of this.allGroups) out.match(pipe);
    return out.sendToMatching(message);
  }

  protected xreceive(): Message | undefined {
    return undefined;
  }

  protected xhasIncoming(): boolean {
    return false;
  }

  protected xcanSend(): boolean {
    return true;
  }
}

// udp senders' options (sockets/multicast-options.ts), and the bound on one DISH's groups.
defineOptions(Radio, { ...MULTICAST_OPTIONS, maxGroupsPerPeer: integer(-1, -1) });
