import type { ZmtpOptions } from "../engine/zmtp-connection.js";
import { ZmqError } from "../errors.js";
import { CurveClientMechanism } from "../mechanism/curve/curve-client.js";
import { CurveServerMechanism } from "../mechanism/curve/curve-server.js";
import type { Mechanism } from "../mechanism/mechanism.js";
import { NullMechanism } from "../mechanism/null-mechanism.js";
import type { SecurityOptionValues } from "../options.js";
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
 * The mechanism for one connection, from the socket's security options as they are now (libzmq reads them
 * when a connection starts). `properties` is the metadata libzmq sends in READY / INITIATE.
 */
function chooseMechanism(security: SecurityOptionValues, properties: [string, Uint8Array][]): Mechanism {
  switch (security.mechanism) {
    case "NULL":
      return new NullMechanism(properties);
    case "CURVE":
      return curveMechanism(security, properties);
    default:
      throw new ZmqError("ENOTSUP", `The ${security.mechanism} security mechanism is not available yet`);
  }
}

/** Received CURVE frames are decrypted into Buffers, as users receive them from every other mechanism. */
const allocateBuffer = (size: number): Buffer => Buffer.allocUnsafe(size);

/** CURVE (RFC 26): a server (curveServer) needs its secret key; a client its key pair and the server's key. */
function curveMechanism(security: SecurityOptionValues, properties: [string, Uint8Array][]): Mechanism {
  if (security.asServer) return new CurveServerMechanism({ secretKey: security.curveSecretKey, properties, allocate: allocateBuffer });
  return new CurveClientMechanism({
    publicKey: security.curvePublicKey,
    secretKey: security.curveSecretKey,
    serverKey: security.curveServerKey,
    properties,
    allocate: allocateBuffer,
  });
}

/**
 * A fresh set of options for one ZMTP connection of `port`'s socket: its mechanism (chosen from the
 * socket's security options) with the READY metadata libzmq sends, the peer check of RFC 28–31, and the
 * limits.
 */
export function zmtpOptions(port: SocketPort): ZmtpOptions {
  const { type, options } = port;
  const routingId = routingIdentity(port) ?? EMPTY_IDENTITY;
  const properties: [string, Uint8Array][] = [["Socket-Type", Buffer.from(type.name)]];
  // REQ, DEALER and ROUTER send Identity, as libzmq does, even when empty.
  if (type.sendsIdentity) properties.push(["Identity", routingId]);
  return {
    mechanism: chooseMechanism(port.security(), properties),
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
