/**
 * `zmtp/draft`: everything `zmtp` exports, plus the draft socket types of libzmq 4.3.5 (ZMQ_BUILD_DRAFT_API),
 * with zeromq.js's names and shapes (`zeromq/draft`): Server, Client, Radio, Dish, Gather, Scatter, and
 * Peer and Channel, which zeromq.js lacks. Each carries single-frame messages only (EINVAL for multipart).
 */
export * from "./index.js";
export { Server } from "./sockets/server.js";
export { Peer } from "./sockets/peer.js";
export type { RoutingIdOptions, RoutingIdOptions as ServerRoutingOptions } from "./sockets/routing-id-socket.js";
export { Client } from "./sockets/client.js";
export { Radio, type RadioGroupOptions, type RadioOptions } from "./sockets/radio.js";
export { Dish, type DishGroupOptions } from "./sockets/dish.js";
export { Gather, type GatherOptions } from "./sockets/gather.js";
export { Scatter, type ScatterOptions } from "./sockets/scatter.js";
export { Channel } from "./sockets/channel.js";
// DGRAM: raw udp datagrams, [address, body] (udp:// only).
export { Datagram } from "./sockets/datagram.js";
