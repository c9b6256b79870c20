import { ZmqError } from "../errors.js";
import type { Message } from "../message.js";
import type { SocketOptions } from "../options.js";
import type { Pipe } from "../pipe/pipe.js";
import { FairQueue } from "../routing/fair-queue.js";
import { IdentityTable } from "../routing/identity-table.js";
import { DuplexSocket } from "./duplex-socket.js";
import { SOCKET_TYPES, type SocketTypeInfo } from "./socket-types.js";
import { boolean, defineOptions } from "./socket-options.js";

/** What `new Router(options)` takes: the options every socket has, and its own (each also a property of the socket). */
export interface RouterOptions extends SocketOptions {
  /** Fail with EHOSTUNREACH for an unknown routing id, and wait (not drop) at a peer's mark. */
  mandatory?: boolean;
  /** A new peer with an identity in use takes it over instead of being refused. */
  handover?: boolean;
  /** Sends an empty message to each peer as it connects (ZMQ_PROBE_ROUTER). */
  probeRouter?: boolean;
}

/** The ROUTER machinery, shared by ROUTER and REP (which has none of ROUTER's options: they stay false). */
export abstract class RoutingSocket extends DuplexSocket {
  protected readonly in = new FairQueue();
  protected readonly identities = new IdentityTable();

  protected constructor(type: SocketTypeInfo) {
    super(type);
  }

  /** ZMQ_ROUTER_MANDATORY, ZMQ_ROUTER_HANDOVER, ZMQ_PROBE_ROUTER: options of Router only (REP: false). */
  private routerOption(name: "mandatory" | "handover" | "probeRouter"): boolean {
    return this.optionValues[name] === true;
  }

  protected xattach(pipe: Pipe): boolean {
    if (!this.register(pipe)) return false;
    if (this.routerOption("probeRouter")) pipe.write([Buffer.alloc(0)]);
    this.in.attach(pipe);
    return true;
  }

  protected override xpeerReady(pipe: Pipe): void {
    // A reconnect may bring a new identity (or a new generated id). One already in use refuses the peer,
    // as on first attach (libzmq's router_t::identify_peer): the pipe, and so its connection, ends.
    this.identities.remove(pipe);
    if (!this.register(pipe)) this.drop(pipe);
  }

  /** Files the pipe under its peer's id; with `handover` the pipe that had the id is dropped. */
  private register(pipe: Pipe): boolean {
    const added = this.identities.add(pipe, this.routerOption("handover"));
    if (added === false) return false;
    if (added !== true) this.drop(added);
    return true;
  }

  /** Ends a pipe the socket no longer wants: its connection closes, so its peer learns of it and reconnects. */
  private drop(pipe: Pipe): void {
    this.identities.remove(pipe);
    this.in.detach(pipe);
    pipe.terminate();
  }

  protected xdetach(pipe: Pipe): void {
    this.identities.remove(pipe);
    this.in.terminated(pipe);
  }

  protected xreadable(pipe: Pipe): void {
    this.in.activate(pipe);
  }

  protected xwritable(): void {
    // Sends are addressed: a waiting send is retried by the base when any pipe drains.
  }

  protected xhasIncoming(): boolean {
    return this.in.readable;
  }

  /**
   * As libzmq's router_t::xhas_out: a ROUTER is always writable (a send to an unknown or full peer is
   * dropped), except with `mandatory`, where it needs a peer.
   */
  protected xcanSend(): boolean {
    return !this.routerOption("mandatory") || this.identities.size > 0;
  }

  /** Queues `body` to the peer `id`; unknown peers are dropped (EHOSTUNREACH when mandatory). */
  protected route(id: Buffer, body: Message): boolean {
    const pipe = this.identities.lookup(id);
    if (pipe === undefined) {
      if (this.routerOption("mandatory")) throw new ZmqError("EHOSTUNREACH", "Host unreachable: no peer with that routing id");
      return true;
    }
    if (pipe.write(body)) return true;
    // At the peer's high-water mark: wait when mandatory, else drop (RFC 28, as libzmq).
    return !this.routerOption("mandatory");
  }
}

/**
 * ROUTER (RFC 28 §"The ROUTER Socket Type"): prefixes each received message with the sender's routing id,
 * and sends each message to the peer named by its first frame.
 */
export class Router extends RoutingSocket {
  constructor(options?: RouterOptions) {
    super(SOCKET_TYPES.ROUTER);
    this.applyOptions(options);
  }

  /**
   * ZMQ_ROUTER_MANDATORY: EHOSTUNREACH for an unknown routing id, and wait (not drop) at a peer's mark.
   * @defaultValue `false`
   */
  declare mandatory: boolean;
  /**
   * ZMQ_ROUTER_HANDOVER: a new peer with an identity in use takes it over instead of being refused.
   * @defaultValue `false`
   */
  declare handover: boolean;
  /** ZMQ_PROBE_ROUTER: sends an empty message to each peer as it connects. @defaultValue `false` */
  declare probeRouter: boolean;

  /**
   * Connects to `endpoint`; with `{ routingId }` the peer there is known by that id (ZMQ_CONNECT_ROUTING_ID)
   * rather than the one it announces, so messages can be addressed to it before it says anything.
   */
  override connect(endpoint: string, options?: { routingId?: string }): void {
    this.connectAs(endpoint, options);
  }

  protected override prepareSend(message: Message): Message {
    if (message.length < 2) {
      throw new ZmqError("EINVAL", "A Router message needs a routing id frame followed by at least one frame");
    }
    return message;
  }

  protected xsend(message: Message): boolean {
    return this.route(message[0]!, message.slice(1));
  }

  protected xreceive(): Message | undefined {
    const message = this.in.read();
    if (message === undefined) return undefined;
    message.unshift(this.in.lastPipe!.routingId!);
    return message;
  }
}

defineOptions(Router, { mandatory: boolean(), handover: boolean(), probeRouter: boolean() });
