import { encodeGroupHeader, groupDatagramBodyOffset } from "../../codec/group-datagram.js";
import type { Message } from "../../message.js";
import type { Pipe } from "../../pipe/pipe.js";
import type { EngineConnection } from "../engine-connection.js";
import type { DatagramDestination, DatagramLink } from "./datagram-link.js";
import { formatDgramAddress, parseDgramAddress, type DgramAddress } from "./dgram-address.js";

/**
 * What the engine does with a socket's pipe (libzmq src/session_base.cpp `start_connecting()`): a RADIO
 * only sends, a DISH only receives, a DGRAM does both.
 */
export type DatagramRole = "radio" | "dish" | "dgram";

/**
 * The largest udp payload over IPv4 (65,535 − 8 udp header − 20 IP header octets). A message that cannot
 * fit is dropped, never sent in part. libzmq 4.3.5 reads at most 8,192 octets (MAX_UDP_MSG) and silently
 * truncates longer datagrams: keep RADIO messages (group + body + 1) and DGRAM bodies within 8,192 octets
 * when a 4.3.5 peer receives them. zmtp receives whole datagrams, up to this size.
 */
export const MAX_UDP_PAYLOAD = 65_507;

/**
 * Datagrams handed to the OS and not yet confirmed. Past it the engine stops reading its pipe until sends
 * complete, so a fast sender fills its pipe (RADIO then drops, DGRAM's send() waits) instead of the OS queue.
 */
const MAX_IN_FLIGHT = 64;

/** What the engine dropped, by reason: udp is lossy, but never silently in a way a test cannot see. */
export interface DatagramDrops {
  /** Received datagrams that were not a valid RADIO datagram; messages to send that were not [group, body] / [address, body]. */
  malformed: number;
  /** Larger than maxMessageSize (received) or than a udp datagram can carry (to send). */
  oversize: number;
  /** Received while the socket's pipe was at its high-water mark. */
  overflow: number;
  /** DGRAM messages whose address names no destination this socket can reach (libzmq drops them silently). */
  unsendable: number;
  /** Sends the OS refused. */
  failed: number;
}

/**
 * A datagram engine: one udp socket serving one pipe, with no handshake and no ZMTP. Outbound it reads
 * `[group, body]` (RADIO) or `[address, body]` (DGRAM) messages from the pipe and sends one datagram each;
 * inbound it writes `[group, body]` (DISH; the Dish filters groups itself, as libzmq's does over udp) or
 * `[address, body]` (DGRAM) for each datagram. JOIN/LEAVE and other typed items never go on udp (libzmq
 * drops them in `restart_output()`). Received datagrams are dropped, not queued, at the high-water mark:
 * the OS's socket buffer is what absorbs a burst, as for libzmq.
 */
export class DatagramEngine implements EngineConnection {
  readonly drops: DatagramDrops = { malformed: 0, oversize: 0, overflow: 0, unsendable: 0, failed: 0 };
  private inFlight = 0;
  private ended = false;
  private drained: (() => void) | undefined = undefined;
  /** DGRAM: the last address frame sent to and what it named (a reply loop names the same peer each time). */
  private lastAddressFrame: Buffer | undefined = undefined;
  private lastDestination: DgramAddress | undefined = undefined;
  /** RADIO: the last group and its header (a sender repeats a few groups; headers are never written to). */
  private lastGroup: Buffer | undefined = undefined;
  private lastHeader: Uint8Array | undefined = undefined;

  private readonly sent = (error: Error | null): void => {
    this.inFlight--;
    if (error !== null) this.drops.failed++;
    if (!this.ended) this.pump();
  };

  private readonly receive = (datagram: Buffer, address: string, port: number): void => {
    if (this.ended) return;
    let message: Message;
    if (this.role === "dish") {
      const bodyOffset = groupDatagramBodyOffset(datagram);
      if (bodyOffset < 0) {
        this.drops.malformed++;
        return;
      }
      message = [datagram.subarray(1, bodyOffset), datagram.subarray(bodyOffset)];
    } else {
      message = [formatDgramAddress(address, port), datagram];
    }
    const size = this.role === "dish" ? datagram.length - 1 : datagram.length;
    if (this.maxMessageSize >= 0 && size > this.maxMessageSize) {
      this.drops.oversize++;
      return;
    }
    if (!this.pipe.write(message)) this.drops.overflow++;
  };

  constructor(
    private readonly link: DatagramLink,
    /** The engine's end of the socket's pipe. */
    private readonly pipe: Pipe,
    private readonly role: DatagramRole,
    /** RADIO: where every datagram goes. */
    private readonly destination: DatagramDestination | undefined,
    /** ZMQ_MAXMSGSIZE: received messages larger than this (group and body) are dropped; -1: no limit. */
    private readonly maxMessageSize: number,
  ) {
    if (role !== "radio") link.setReceiver(this.receive);
    this.pump();
  }

  get closed(): boolean {
    return this.ended;
  }

  pipeReadable(): void {
    this.pump();
  }

  pipeWritable(): void {
    // Datagrams that found the pipe full were dropped; nothing waits to be read again.
  }

  close(): void {
    if (this.ended) return;
    this.ended = true;
    void this.link.close();
    this.settleDrain();
  }

  /** Linger: sends what the pipe holds, waits for the OS to take it, then closes. */
  drainAndClose(): Promise<void> {
    if (this.ended) return Promise.resolve();
    const done = new Promise<void>((resolve) => {
      this.drained = resolve;
    });
    this.pump();
    return done.then(() => {
      this.close();
      return this.link.close();
    });
  }

  /** Sends what the pipe holds, up to MAX_IN_FLIGHT datagrams unconfirmed. */
  private pump(): void {
    const pipe = this.pipe;
    while (!this.ended && this.inFlight < MAX_IN_FLIGHT) {
      const item = pipe.read();
      if (item === undefined) break;
      // Typed items (a DISH's JOIN/LEAVE) and anything a DISH would send never go on udp.
      if (!Array.isArray(item) || this.role === "dish") continue;
      if (this.role === "radio") this.sendGroupMessage(item);
      else this.sendAddressedMessage(item);
    }
    if (this.drained !== undefined && this.inFlight === 0 && !pipe.readable) this.settleDrain();
  }

  private settleDrain(): void {
    const drained = this.drained;
    this.drained = undefined;
    drained?.();
  }

  /** RADIO: `[group, body]` → `group_len | group | body`. */
  private sendGroupMessage(message: Message): void {
    const destination = this.destination;
    const header = message.length === 2 ? this.headerOf(message[0]!) : undefined;
    if (header === undefined || destination === undefined) {
      this.drops.malformed++;
      return;
    }
    const body = message[1]!;
    if (header.length + body.length > MAX_UDP_PAYLOAD) {
      this.drops.oversize++;
      return;
    }
    this.inFlight++;
    this.link.send([header, body], destination.port, destination.address, this.sent);
  }

  private headerOf(group: Buffer): Uint8Array | undefined {
    if (this.lastGroup === undefined || !group.equals(this.lastGroup)) {
      const header = encodeGroupHeader(group);
      if (header === undefined) return undefined;
      this.lastGroup = Buffer.from(header.buffer, header.byteOffset + 1, group.length);
      this.lastHeader = header;
    }
    return this.lastHeader;
  }

  /** DGRAM: `[address, body]` → body, to that address. */
  private sendAddressedMessage(message: Message): void {
    if (message.length !== 2) {
      this.drops.malformed++;
      return;
    }
    const destination = this.destinationOf(message[0]!);
    if (destination === undefined) {
      this.drops.unsendable++;
      return;
    }
    const body = message[1]!;
    if (body.length > MAX_UDP_PAYLOAD) {
      this.drops.oversize++;
      return;
    }
    this.inFlight++;
    this.link.send([body], destination.port, destination.address, this.sent);
  }

  /** The address a DGRAM message names, as this socket's family can reach it. */
  private destinationOf(frame: Buffer): DgramAddress | undefined {
    if (this.lastAddressFrame === undefined || !frame.equals(this.lastAddressFrame)) {
      let parsed = parseDgramAddress(frame);
      // An IPv6 socket reaches IPv4 peers through mapped addresses; an IPv4 socket reaches no IPv6 peer.
      if (parsed?.family === 4 && this.link.family === 6) parsed = { ...parsed, address: `::ffff:${parsed.address}`, family: 6 };
      if (parsed !== undefined && parsed.family !== this.link.family) parsed = undefined;
      // A copy: the user may reuse the frame's buffer for another address.
      this.lastAddressFrame = Buffer.from(frame);
      this.lastDestination = parsed;
    }
    return this.lastDestination;
  }
}
