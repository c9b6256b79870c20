import type { Duplex } from "node:stream";
import { encodeGreeting } from "../codec/greeting.js";
import type { EngineConnection, EngineHandler } from "./engine-connection.js";
import { ZmtpProtocol, type ProtocolOptions } from "./protocol/zmtp-protocol.js";
import { StreamWire } from "./wire/stream-wire.js";

export interface ZmtpOptions extends ProtocolOptions {
  /** Largest inbound frame (libzmq's maxmsgsize is checked per frame); -1: no limit. */
  maxMessageSize: number;
}

/** ZMTP over a byte stream (tcp, ipc): the protocol part over a StreamWire. */
export function startZmtpConnection(stream: Duplex, options: ZmtpOptions, handler: EngineHandler): EngineConnection {
  const greeting = encodeGreeting(options.mechanism.name, options.mechanism.asServer);
  return new ZmtpProtocol((wireHandler) => new StreamWire(stream, wireHandler, greeting, options.maxMessageSize), options, handler);
}
