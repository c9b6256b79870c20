/**
 * Socket types: libzmq's numbers (zeromq.js exposes them as `socket.type`), the names sent in
 * `Socket-Type`, and the valid peer pairs of RFC 28 (REQREP), 29 (PUBSUB), 30 (PIPELINE), 31 (EXPAIR), and of
 * the draft types (libzmq 4.3.5 src/mechanism.cpp check_socket_type).
 */
export interface SocketTypeInfo {
  readonly name: string;
  readonly number: number;
  readonly peers: readonly string[];
  /** REQ, DEALER and ROUTER send `Identity` in READY, as libzmq does (even when empty). */
  readonly sendsIdentity: boolean;
  /** SUB and XSUB send subscriptions, which the engine puts in the peer's wire form. */
  readonly sendsSubscriptions: boolean;
  /** PUB and XPUB act on subscriptions; to any other type a SUBSCRIBE/CANCEL command is not a message. */
  readonly receivesSubscriptions: boolean;
  /** DISH sends JOIN/LEAVE (GroupMembership items), which the engine writes as commands (RFC 48). */
  readonly sendsGroups: boolean;
  /** RADIO acts on JOIN/LEAVE commands; to any other type they are not messages (libzmq radio_session_t). */
  readonly receivesGroups: boolean;
  /** ROUTER, REP and STREAM address peers by identity, so a pipe is theirs only once the peer is known. */
  readonly routesByIdentity: boolean;
  /** STREAM speaks no ZMTP: its connections carry raw bytes, one pipe per connection, and no inproc. */
  readonly raw: boolean;
  /**
   * Which queue ZMQ_CONFLATE applies to: what PULL, SUB and DEALER receive, what PUSH and PUB send (never
   * the subscriptions, which travel the other way). Undefined: the type has no `conflate`.
   */
  readonly conflates: "inbound" | "outbound" | undefined;
  /**
   * ZMQ_THREAD_SAFE: the draft types (SERVER, CLIENT, RADIO, DISH, GATHER, SCATTER, PEER, CHANNEL), which
   * libzmq builds thread-safe, and which for that carry single-frame messages only (RFC 48 §"Overall Goals":
   * "a single API call to receive or send entire msg"): a multipart send is EINVAL (libzmq's xsend of each
   * type), a multi-frame message from a peer is dropped whole (its xrecv).
   */
  readonly threadSafe: boolean;
}

function type(name: string, number: number, peers: string[], flags: Partial<SocketTypeInfo> = {}): SocketTypeInfo {
  return {
    name,
    number,
    peers,
    sendsIdentity: false,
    sendsSubscriptions: false,
    receivesSubscriptions: false,
    sendsGroups: false,
    receivesGroups: false,
    routesByIdentity: false,
    raw: false,
    conflates: undefined,
    threadSafe: false,
    ...flags,
  };
}

export const SOCKET_TYPES = {
  PAIR: type("PAIR", 0, ["PAIR"]),
  PUB: type("PUB", 1, ["SUB", "XSUB"], { receivesSubscriptions: true, conflates: "outbound" }),
  SUB: type("SUB", 2, ["PUB", "XPUB"], { sendsSubscriptions: true, conflates: "inbound" }),
  REQ: type("REQ", 3, ["REP", "ROUTER"], { sendsIdentity: true }),
  REP: type("REP", 4, ["REQ", "DEALER"], { routesByIdentity: true }),
  DEALER: type("DEALER", 5, ["REP", "DEALER", "ROUTER"], { sendsIdentity: true, conflates: "inbound" }),
  ROUTER: type("ROUTER", 6, ["REQ", "DEALER", "ROUTER"], { sendsIdentity: true, routesByIdentity: true }),
  PULL: type("PULL", 7, ["PUSH"], { conflates: "inbound" }),
  PUSH: type("PUSH", 8, ["PULL"], { conflates: "outbound" }),
  XPUB: type("XPUB", 9, ["SUB", "XSUB"], { receivesSubscriptions: true }),
  XSUB: type("XSUB", 10, ["PUB", "XPUB"], { sendsSubscriptions: true }),
  STREAM: type("STREAM", 11, [], { routesByIdentity: true, raw: true }),
  // Draft types (RFC 41, 48, 49, 51, 52; libzmq 4.3.5 with ZMQ_BUILD_DRAFT_API, mechanism.cpp check_socket_type).
  SERVER: type("SERVER", 12, ["CLIENT"], { threadSafe: true }),
  CLIENT: type("CLIENT", 13, ["SERVER"], { threadSafe: true }),
  RADIO: type("RADIO", 14, ["DISH"], { receivesGroups: true, threadSafe: true }),
  DISH: type("DISH", 15, ["RADIO"], { sendsGroups: true, threadSafe: true }),
  // libzmq 4.3.5 ignores ZMQ_CONFLATE on these two (options.hpp get_effective_conflate_option); zmtp applies it.
  GATHER: type("GATHER", 16, ["SCATTER"], { conflates: "inbound", threadSafe: true }),
  SCATTER: type("SCATTER", 17, ["GATHER"], { conflates: "outbound", threadSafe: true }),
  DGRAM: type("DGRAM", 18, ["DGRAM"]),
  PEER: type("PEER", 19, ["PEER"], { threadSafe: true }),
  CHANNEL: type("CHANNEL", 20, ["CHANNEL"], { threadSafe: true }),
} as const satisfies Record<string, SocketTypeInfo>;

export function isCompatible(local: SocketTypeInfo, peerType: string): boolean {
  return local.peers.includes(peerType);
}
