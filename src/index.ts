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
export { Stream } from "./sockets/stream.js";
export { SocketBase as Socket } from "./sockets/socket-base.js";

// Options, messages, errors.
export type { SocketOptions } from "./options.js";
export type { Message, MessageLike } from "./message.js";
export { ZmqError, ProtocolError, HandshakeError, type ErrorCode } from "./errors.js";
