// The composition root comes first: it installs the context every socket is wired by.
import "./root/context.js";

// Socket types (zeromq.js v6 names).
export { Push } from "./sockets/push.js";
export { Pull, type PullOptions } from "./sockets/pull.js";
export { Request, type RequestOptions } from "./sockets/request.js";
export { Reply } from "./sockets/reply.js";
export { Dealer, type DealerOptions } from "./sockets/dealer.js";
export { Router, type RouterOptions } from "./sockets/router.js";
export { Pair } from "./sockets/pair.js";
export { Publisher, type PublisherOptions } from "./sockets/publisher.js";
export { Subscriber, type SubscriberOptions } from "./sockets/subscriber.js";
export { XPublisher, type XPublisherOptions, type XPublisherVerbosity } from "./sockets/xpublisher.js";
export { XSubscriber, type XSubscriberOptions } from "./sockets/xsubscriber.js";
export { Stream, type StreamOptions } from "./sockets/stream.js";
export { SocketBase as Socket } from "./sockets/socket-base.js";
export { Observer, type Event, type EventOfType, type EventType } from "./sockets/observer.js";
export type { PeerDetails } from "./events.js";
export { Proxy } from "./proxy/proxy.js";
export type { ProxyOptions } from "./proxy/proxy-arguments.js";
export type { ProxySideStatistics, ProxyStatistics } from "./proxy/proxy-statistics.js";

// zeromq.js's helper types: Readable, Writable, SocketOptions<S>.
export type { Readable, SocketOptions, Writable } from "./sockets/socket-interfaces.js";

// Messages: as in zeromq.js, a `Message` is one frame; `receive()` resolves to `Message[]`.
/** One frame of a message, as zeromq.js's `Message` (`receive()` resolves to `Message[]`). */
export type Message = Buffer;
export type { MessageLike } from "./message.js";

// Capabilities, errors.
export { capability, version } from "./options.js";
export { Context, context } from "./sockets/context.js";
export type { AuthDecision, AuthRequest, Authenticator } from "./options.js";
// Z85 (RFC 32), as ZeroMQ writes CURVE keys: `z85.encode(bytes)`, `z85.decode(text)`.
export { z85 } from "./z85.js";
export { curveKeyPair } from "./curve-key-pair.js";
// ws:// and wss:// endpoints that mount on the user's own http.Server / https.Server (one port for both).
export { attachHttpServer } from "./transport/websocket/ws-listener.js";
// The frame tracer (also ZMTP_DEBUG=1): greetings, commands and frames of every tcp/ipc connection.
export { traceFrames } from "./root/frame-trace.js";
export type { FrameTracer, TraceEvent } from "./engine/trace/trace-event.js";
export {
  ZmqError,
  ProtocolError,
  AuthError,
  HandshakeError,
  type ErrnoError,
  type ErrorCode,
  type ProtocolErrorCode,
} from "./errors.js";
