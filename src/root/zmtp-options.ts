import type { ZmtpOptions } from "../engine/zmtp-connection.js";
import { NullMechanism } from "../mechanism/null-mechanism.js";
import type { PeerInfo } from "../pipe/pipe.js";
import type { SocketPort } from "../sockets/socket-context.js";
import { isCompatible } from "../sockets/socket-types.js";

const EMPTY_IDENTITY = new Uint8Array(0);

/** The socket's `routingId` as bytes, if set: the identity a ROUTER peer knows it by. */
export function routingIdentity(port: SocketPort): Buffer | undefined {
  const id = port.options.routingId;
  return id === null || id.length === 0 ? undefined : Buffer.from(id);
}

/**
 * A fresh set of options for one ZMTP connection of `port`'s socket: its mechanism (NULL; PLAIN and CURVE
 * are chosen here from the socket's security options when they come) with the READY metadata libzmq sends,
 * the peer check of RFC 28–31, and the limits.
 */
export function zmtpOptions(port: SocketPort): ZmtpOptions {
  const { type, options } = port;
  const routingId = routingIdentity(port) ?? EMPTY_IDENTITY;
  const properties: [string, Uint8Array][] = [["Socket-Type", Buffer.from(type.name)]];
  // REQ, DEALER and ROUTER send Identity, as libzmq does, even when empty.
  if (type.sendsIdentity) properties.push(["Identity", routingId]);
  return {
    mechanism: new NullMechanism(properties),
    maxMessageSize: options.maxMessageSize,
    // For the signature and for ZMTP 1.0/2.0 peers, which get them from every socket type.
    routingId,
    socketTypeNumber: type.number,
    handshakeInterval: options.handshakeInterval,
    checkPeer: (peer: PeerInfo) =>
      isCompatible(type, peer.socketType) ? undefined : `Invalid socket type: ${type.name} cannot talk to ${peer.socketType || "(none)"}`,
    receivesSubscriptions: type.receivesSubscriptions,
    heartbeat: { interval: options.heartbeatInterval, timeout: options.heartbeatTimeout, timeToLive: options.heartbeatTimeToLive },
  };
}
