import {
  Dealer,
  Pair,
  Publisher,
  Pull,
  Push,
  Reply,
  Request,
  Router,
  Stream,
  Subscriber,
  XPublisher,
  XSubscriber,
  ZmqError,
  type MessageLike,
  type Socket as ZmtpSocket,
} from "../index.js";

/**
 * The socket type names v5 takes (`zmq.socket("push")`), each over a zmtp socket: `pair` (Pair), `req`
 * (Request), `rep` (Reply), `pub` (Publisher), `sub` (Subscriber), `dealer` and its old name `xreq` (Dealer),
 * `router` and its old name `xrep` (Router), `pull` (Pull), `push` (Push), `xpub` (XPublisher), `xsub`
 * (XSubscriber), `stream` (Stream).
 */
export type SocketType =
  | "pair"
  | "req"
  | "rep"
  | "pub"
  | "sub"
  | "dealer"
  | "xreq"
  | "router"
  | "xrep"
  | "pull"
  | "push"
  | "xpub"
  | "xsub"
  | "stream";

/**
 * How a type's traffic is driven. REQ and REP strictly alternate (RFC 28): v5 queued a send that came out of
 * turn until the socket could take it, and read only when a reply or request was due; zmtp's Request and
 * Reply refuse an out-of-turn send() or receive() with EFSM, so the v5 layer keeps the turn itself.
 */
export type Turns = "free" | "request-first" | "receive-first";

interface TypeSpec {
  make(): ZmtpSocket;
  readonly turns: Turns;
}

const TYPES: Readonly<Record<SocketType, TypeSpec>> = {
  pair: { make: () => new Pair(), turns: "free" },
  req: { make: () => new Request(), turns: "request-first" },
  rep: { make: () => new Reply(), turns: "receive-first" },
  pub: { make: () => new Publisher(), turns: "free" },
  sub: { make: () => new Subscriber(), turns: "free" },
  dealer: { make: () => new Dealer(), turns: "free" },
  xreq: { make: () => new Dealer(), turns: "free" },
  router: { make: () => new Router(), turns: "free" },
  xrep: { make: () => new Router(), turns: "free" },
  pull: { make: () => new Pull(), turns: "free" },
  push: { make: () => new Push(), turns: "free" },
  xpub: { make: () => new XPublisher(), turns: "free" },
  xsub: { make: () => new XSubscriber(), turns: "free" },
  stream: { make: () => new Stream(), turns: "free" },
};

/** The part of a zmtp socket that sends (the types that can). */
export interface Sender {
  send(message: MessageLike | MessageLike[]): Promise<void>;
}

/** The part of a zmtp socket that receives (the types that can). */
export interface Receiver {
  receive(): Promise<Buffer[]>;
}

/** A zmtp socket for a v5 type name, with what it can do. */
export interface ZmtpSocketOfType {
  readonly socket: ZmtpSocket;
  readonly sender: Sender | undefined;
  readonly receiver: Receiver | undefined;
  readonly turns: Turns;
}

export function isSocketType(type: string): type is SocketType {
  return Object.hasOwn(TYPES, type);
}

/** Makes the zmtp socket behind a v5 socket: TypeError for a non-string, EINVAL for an unknown name. */
export function zmtpSocketFor(type: unknown): ZmtpSocketOfType {
  if (typeof type !== "string") throw new TypeError(`Socket type must be a string such as "push", not ${typeof type}`);
  if (!isSocketType(type)) {
    throw new ZmqError("EINVAL", `Invalid socket type: ${type} (one of ${Object.keys(TYPES).join(", ")})`);
  }
  const spec = TYPES[type];
  const socket = spec.make();
  // Each zmtp class has only what its type supports: `send` on writers, `receive` on readers.
  const sender = "send" in socket ? (socket as unknown as Sender) : undefined;
  const receiver = "receive" in socket ? (socket as unknown as Receiver) : undefined;
  return { socket, sender, receiver, turns: spec.turns };
}
