import type { EngineConnection, EngineHandler } from "../engine/engine-connection.js";
import { RawConnection } from "../engine/raw-connection.js";
import { startZmtpConnection } from "../engine/zmtp-connection.js";
import { startZwsConnection } from "../engine/zws-connection.js";
import { zwsSubprotocols } from "../codec/zws-subprotocol.js";
import type { TransportStream } from "../transport/stream-transport.js";
import { isMessageStream } from "../transport/websocket/message-stream.js";
import type { SocketEventSink } from "../events.js";
import type { SocketOptionValues } from "../options.js";
import type { Pipe } from "../pipe/pipe.js";
import type { ConnectionOrigin, SocketHost } from "../session/socket-host.js";
import type { SocketPort } from "../sockets/socket-context.js";
import { isCompatible } from "../sockets/socket-types.js";
import { connectionTrace } from "./frame-trace.js";
import { peerAddress } from "./zap-authorizer.js";
import { routingIdentity, zmtpOptions } from "./zmtp-options.js";

/** A socket as its sessions (and inproc links) see it: read through its port, with the engine chosen here. */
export class PortHost implements SocketHost {
  constructor(private readonly port: SocketPort) {}

  get options(): SocketOptionValues {
    return this.port.options;
  }

  /** Without `immediate`, a connecting socket queues before the handshake, except ROUTER-likes (need an id). */
  get attachesBeforeHandshake(): boolean {
    return !this.port.options.immediate && !this.port.type.routesByIdentity;
  }

  get conflateInbound(): boolean {
    return this.port.options.conflate && this.port.type.conflates === "inbound";
  }

  get conflateOutbound(): boolean {
    return this.port.options.conflate && this.port.type.conflates === "outbound";
  }

  get raw(): boolean {
    return this.port.type.raw;
  }

  get socketTypeName(): string {
    return this.port.type.name;
  }

  get routingIdentity(): Buffer | undefined {
    return routingIdentity(this.port);
  }

  get events(): SocketEventSink {
    return this.port.events;
  }

  acceptsPeer(socketTypeName: string): boolean {
    return isCompatible(this.port.type, socketTypeName);
  }

  /** What ws:// and wss:// connections offer and accept: the socket's mechanism now (RFC 45). */
  get webSocketSubprotocols(): readonly string[] {
    return zwsSubprotocols(this.port.security().mechanism);
  }

  attachPipe(pipe: Pipe): boolean {
    return this.port.attach(pipe);
  }

  /** ZMTP with the socket's mechanism (traced if the frame tracer is on), or raw bytes for a Stream socket. */
  startConnection(stream: TransportStream, handler: EngineHandler, origin?: ConnectionOrigin): EngineConnection {
    // A Stream socket speaks no ZMTP: nothing to trace (and it never gets a ws:// stream).
    if (this.port.type.raw && !isMessageStream(stream)) return new RawConnection(stream, handler);
    const trace = connectionTrace(stream, origin);
    // ws://, wss://: ZWS 2.0, each frame a WebSocket message.
    if (isMessageStream(stream)) {
      const options = zmtpOptions(this.port, stream.remoteAddress ?? "");
      return startZwsConnection(stream, trace === undefined ? options : { ...options, trace }, handler);
    }
    const options = zmtpOptions(this.port, peerAddress(stream));
    return startZmtpConnection(stream, trace === undefined ? options : { ...options, trace }, handler);
  }
}
