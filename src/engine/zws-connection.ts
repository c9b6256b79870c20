import type { EngineConnection, EngineHandler } from "./engine-connection.js";
import { ZMTP_MAJOR, ZMTP_MINOR } from "../codec/constants.js";
import { ZmtpProtocol, type WireFactory } from "./protocol/zmtp-protocol.js";
import { tracedWireFactory } from "./trace/traced-wire.js";
import { MessageWire, type MessageChannel } from "./wire/message-wire.js";
import type { ZmtpOptions } from "./zmtp-connection.js";

const EMPTY = new Uint8Array(0);

/**
 * ZWS 2.0 (RFC 45) over a message channel (ws://, wss://): the same protocol part as over tcp, with a
 * MessageWire under it. ZMQ_HEARTBEAT_IVL becomes WebSocket pings (where the channel can send them).
 */
export function startZwsConnection(channel: MessageChannel, options: ZmtpOptions, handler: EngineHandler): EngineConnection {
  const heartbeat = options.heartbeat;
  const wireOptions = {
    maxMessageSize: options.maxMessageSize,
    routingId: options.routingId ?? EMPTY,
    ...(heartbeat !== undefined && heartbeat.interval > 0 ? { heartbeat: { interval: heartbeat.interval, timeout: heartbeat.timeout } } : {}),
  };
  const createWire: WireFactory = (wireHandler) => new MessageWire(channel, wireHandler, wireOptions);
  if (options.trace === undefined) return new ZmtpProtocol(createWire, options, handler);
  const { mechanism } = options;
  const ours = { major: ZMTP_MAJOR, minor: ZMTP_MINOR, mechanism: mechanism.name, asServer: mechanism.asServer };
  const opening = `ZWS 2.0 ${mechanism.name} ${mechanism.asServer ? "server" : "client"} (WebSocket)`;
  return new ZmtpProtocol(tracedWireFactory(createWire, options.trace, ours, opening), options, handler);
}
