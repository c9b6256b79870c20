import type { Duplex } from "node:stream";
import { ZMTP_MAJOR, ZMTP_MINOR } from "../codec/constants.js";
import { encodeGreeting } from "../codec/greeting.js";
import type { EngineConnection, EngineHandler } from "./engine-connection.js";
import { ZmtpProtocol, type ProtocolOptions, type WireFactory } from "./protocol/zmtp-protocol.js";
import type { ConnectionTrace } from "./trace/trace-event.js";
import { tracedWireFactory } from "./trace/traced-wire.js";
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
  /**
   * Set when the frame tracer is on (ZMTP_DEBUG, traceFrames): the wire is wrapped in a tracing decorator.
   * Decided here, once per connection, so an untraced connection has nothing of the tracer on its path.
   */
  trace?: ConnectionTrace;
}

/** ZMTP over a byte stream (tcp, ipc): the protocol part over a StreamWire. */
export function startZmtpConnection(stream: Duplex, options: ZmtpOptions, handler: EngineHandler): EngineConnection {
  const { mechanism } = options;
  const greeting = encodeGreeting(mechanism.name, mechanism.asServer, {
    routingId: options.routingId,
    socketType: options.socketTypeNumber,
  });
  const createWire: WireFactory = (wireHandler) => new StreamWire(stream, wireHandler, greeting, options.maxMessageSize);
  if (options.trace === undefined) return new ZmtpProtocol(createWire, options, handler);
  const ours = { major: ZMTP_MAJOR, minor: ZMTP_MINOR, mechanism: mechanism.name, asServer: mechanism.asServer };
  return new ZmtpProtocol(tracedWireFactory(createWire, options.trace, ours), options, handler);
}
