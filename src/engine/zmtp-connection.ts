import type { Duplex } from "node:stream";
import { encodeGreeting } from "../codec/greeting.js";
import type { EngineConnection, EngineHandler } from "./engine-connection.js";
import { ZmtpProtocol, type ProtocolOptions } from "./protocol/zmtp-protocol.js";
import { StreamWire } from "./wire/stream-wire.js";

export interface ZmtpOptions extends ProtocolOptions {
  /** Largest inbound frame (libzmq's maxmsgsize is checked per frame); -1: no limit. */
  maxMessageSize: number;
  /** Our socket type's libzmq number, which a ZMTP 2.0 peer gets in our greeting. Default 0 (PAIR). */
  socketTypeNumber?: number;
  /**
   * Our routing id (ZMQ_ROUTING_ID; empty if none), whatever our socket type: its size + 1 goes in our
   * signature, and a ZMTP 1.0/2.0 peer gets it as our identity frame. Default: empty.
   */
  routingId?: Uint8Array;
}

/** ZMTP over a byte stream (tcp, ipc): the protocol part over a StreamWire. */
export function startZmtpConnection(stream: Duplex, options: ZmtpOptions, handler: EngineHandler): EngineConnection {
  const { mechanism } = options;
  const greeting = encodeGreeting(mechanism.name, mechanism.asServer, {
    routingId: options.routingId,
    socketType: options.socketTypeNumber,
  });
  return new ZmtpProtocol((wireHandler) => new StreamWire(stream, wireHandler, greeting, options.maxMessageSize), options, handler);
}
