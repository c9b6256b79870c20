import { ZmqError } from "../errors.js";
import { InprocLink, type InprocEnd } from "./inproc-link.js";

export type { InprocEnd } from "./inproc-link.js";

/** A bound inproc name: its socket and the links joined to it. `close()` is unbind. */
export class InprocBinding {
  readonly links = new Set<InprocLink>();
  private open = true;

  constructor(
    private readonly registry: InprocRegistry,
    readonly name: string,
    readonly end: InprocEnd,
  ) {}

  /** Frees the name and ends every link to it (both sockets drop their pipes). */
  close(): void {
    if (!this.open) return;
    this.open = false;
    this.registry.release(this);
    for (const link of [...this.links]) link.end();
    this.links.clear();
  }
}

/** One `connect()` to an inproc name, joined at once or waiting for the bind. `close()` is disconnect. */
export class InprocConnection {
  constructor(
    readonly name: string,
    readonly link: InprocLink,
  ) {}

  close(): void {
    this.link.end();
  }
}

/**
 * The process's inproc names (libzmq keeps them per context; a process has one context here, as zeromq.js's
 * default one). Bind and connect work in either order: a connect to a name nobody bound waits here until the
 * bind, as libzmq allows. Linking two sockets is InprocLink's job; this only pairs names with sockets.
 */
export class InprocRegistry {
  private readonly bound = new Map<string, InprocBinding>();
  private readonly pending = new Map<string, Set<InprocLink>>();

  bind(name: string, end: InprocEnd): InprocBinding {
    if (this.bound.has(name)) {
      throw new ZmqError("EADDRINUSE", `Address already in use: inproc://${name} is bound by another socket`, `inproc://${name}`);
    }
    const binding = new InprocBinding(this, name, end);
    this.bound.set(name, binding);
    const waiting = this.pending.get(name);
    this.pending.delete(name);
    if (waiting !== undefined) for (const link of waiting) this.join(link, binding);
    return binding;
  }

  /** `peerRoutingId`: the id the connecting socket knows the binder by (ZMQ_CONNECT_ROUTING_ID). */
  connect(name: string, end: InprocEnd, peerRoutingId?: Buffer): InprocConnection {
    const link = new InprocLink(end, peerRoutingId);
    const binding = this.bound.get(name);
    if (binding !== undefined) {
      this.join(link, binding);
    } else {
      let waiting = this.pending.get(name);
      if (waiting === undefined) this.pending.set(name, (waiting = new Set()));
      forgetClosed(waiting);
      waiting.add(link);
      link.attachEarly();
    }
    return new InprocConnection(name, link);
  }

  /** Called by a binding as it closes. */
  release(binding: InprocBinding): void {
    if (this.bound.get(binding.name) === binding) this.bound.delete(binding.name);
  }

  private join(link: InprocLink, binding: InprocBinding): void {
    if (link.closed) return;
    forgetClosed(binding.links);
    binding.links.add(link);
    link.join(binding.end);
  }
}

/** Links end without telling the registry (a socket dropped its pipe, a disconnect): prune them lazily. */
function forgetClosed(links: Set<InprocLink>): void {
  for (const link of links) if (link.closed) links.delete(link);
}

/** The one registry every socket of this process shares. */
export const inprocRegistry = new InprocRegistry();
