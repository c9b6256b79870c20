import type { ZmtpOptions } from "../engine/zmtp-connection.js";
import { CurveClientMechanism } from "../mechanism/curve/curve-client.js";
import { CurveServerMechanism } from "../mechanism/curve/curve-server.js";
import type { Mechanism } from "../mechanism/mechanism.js";
import { NullMechanism } from "../mechanism/null-mechanism.js";
import { PlainClient } from "../mechanism/plain/plain-client.js";
import { PlainServer } from "../mechanism/plain/plain-server.js";
import type { ZapAuthorize } from "../mechanism/zap.js";
import { ZapNullMechanism } from "../mechanism/zap-null-mechanism.js";
import type { SecurityOptionValues } from "../options.js";
import type { PeerInfo } from "../pipe/pipe.js";
import type { SocketPort } from "../sockets/socket-context.js";
import { isCompatible } from "../sockets/socket-types.js";
import { zapAuthorizer } from "./zap-authorizer.js";

const EMPTY_IDENTITY = new Uint8Array(0);

/** The socket's `routingId` as bytes, if set: the identity a ROUTER peer knows it by. */
export function routingIdentity(port: SocketPort): Buffer | undefined {
  const id = port.options.routingId;
  return id === null || id.length === 0 ? undefined : Buffer.from(id);
}

/**
 * The mechanism for one connection, from the socket's security options as they are now (libzmq reads them
 * when a connection starts). `properties` is the metadata libzmq sends in READY / INITIATE; `authorize`
 * asks ZAP (the socket's authenticator, else a handler at inproc://zeromq.zap.01) about the peer.
 */
function chooseMechanism(security: SecurityOptionValues, properties: [string, Uint8Array][], authorize: ZapAuthorize): Mechanism {
  switch (security.mechanism) {
    case "NULL":
      // libzmq asks ZAP under NULL when the socket has a zapDomain; zmtp also when it has an authenticator.
      if (security.zapDomain === "" && security.authenticator === null) return new NullMechanism(properties);
      return new ZapNullMechanism({ properties, authorize, enforce: security.zapEnforceDomain });
    case "PLAIN":
      if (security.asServer) return new PlainServer({ properties, authorize });
      return new PlainClient({ properties, username: security.plainUsername ?? "", password: security.plainPassword ?? "" });
    case "CURVE":
      return curveMechanism(security, properties, authorize);
  }
}

/** Received CURVE frames are decrypted into Buffers, as users receive them from every other mechanism. */
const allocateBuffer = (size: number): Buffer => Buffer.allocUnsafe(size);

/**
 * CURVE (RFC 26): a server (curveServer) needs its secret key; a client its key pair and the server's key.
 * The server asks ZAP about each client unless zapEnforceDomain is set without a zapDomain (libzmq
 * curve_server_t::process_initiate: `zap_required () || !options.zap_enforce_domain`).
 */
function curveMechanism(security: SecurityOptionValues, properties: [string, Uint8Array][], authorize: ZapAuthorize): Mechanism {
  if (security.asServer) {
    const asks = security.zapDomain !== "" || !security.zapEnforceDomain;
    return new CurveServerMechanism({
      secretKey: security.curveSecretKey,
      properties,
      ...(asks ? { authorize } : {}),
      enforce: security.zapEnforceDomain,
      allocate: allocateBuffer,
    });
  }
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
export function zmtpOptions(port: SocketPort, peerAddress = ""): ZmtpOptions {
  const { type, options } = port;
  const routingId = routingIdentity(port) ?? EMPTY_IDENTITY;
  const properties: [string, Uint8Array][] = [["Socket-Type", Buffer.from(type.name)]];
  // REQ, DEALER and ROUTER send Identity, as libzmq does, even when empty.
  if (type.sendsIdentity) properties.push(["Identity", routingId]);
  const security = port.security();
  const authorize = zapAuthorizer(security, { address: peerAddress, identity: routingId, handshakeInterval: options.handshakeInterval });
  return {
    mechanism: chooseMechanism(security, properties, authorize),
    maxMessageSize: options.maxMessageSize,
    // For the signature and for ZMTP 1.0/2.0 peers, which get them from every socket type.
    routingId,
    socketTypeNumber: type.number,
    handshakeInterval: options.handshakeInterval,
    checkPeer: (peer: PeerInfo) =>
      isCompatible(type, peer.socketType) ? undefined : `Invalid socket type: ${type.name} cannot talk to ${peer.socketType || "(none)"}`,
    receivesSubscriptions: type.receivesSubscriptions,
    receivesGroups: type.receivesGroups,
    heartbeat: { interval: options.heartbeatInterval, timeout: options.heartbeatTimeout, timeToLive: options.heartbeatTimeToLive },
  };
}
