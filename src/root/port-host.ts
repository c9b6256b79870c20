import type { Duplex } from "node:stream";
import type { EngineConnection, EngineHandler } from "../engine/engine-connection.js";
import { RawConnection } from "../engine/raw-connection.js";
import { startZmtpConnection } from "../engine/zmtp-connection.js";
import type { SocketEventSink } from "../events.js";
import type { SocketOptionValues } from "../options.js";
import type { Pipe } from "../pipe/pipe.js";
import type { SocketHost } from "../session/socket-host.js";
import type { SocketPort } from "../sockets/socket-context.js";
import { isCompatible } from "../sockets/socket-types.js";
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

  attachPipe(pipe: Pipe): boolean {
    return this.port.attach(pipe);
  }

  /** ZMTP with the socket's mechanism, or raw bytes for a Stream socket. */
  startConnection(stream: Duplex, handler: EngineHandler): EngineConnection {
    if (this.port.type.raw) return new RawConnection(stream, handler);
    return startZmtpConnection(stream, zmtpOptions(this.port, peerAddress(stream)), handler);
  }
}
