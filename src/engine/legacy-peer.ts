import { socketTypeName, type LegacyGreeting } from "../codec/greeting.js";
import { ProtocolError } from "../errors.js";
import { Subscription } from "../pipe/pipe-item.js";
import type { PeerInfo } from "../pipe/pipe.js";

/** A ZMTP 1.0/2.0 peer once its identity frame is in (shared/wire-reference.md §5.2). */
export interface LegacyPeer {
  readonly info: PeerInfo;
  /** An unversioned ZMTP 1.0 peer: a PUB or XPUB gives it a phantomSubscription(). */
  readonly unversioned: boolean;
}

/**
 * libzmq's subscribe-all for an unversioned ZMTP 1.0 peer of a PUB or XPUB, delivered right after its
 * identity: 0MQ 2.x subscribers filter on their side and never send subscriptions (`process_routing_id_msg`).
 */
export function phantomSubscription(): Subscription {
  return new Subscription(true, Buffer.alloc(0));
}

const NO_METADATA: ReadonlyMap<string, Uint8Array> = new Map();

/**
 * The peer as the socket sees it: its socket type from its greeting (ZMTP 2.0; unknown, "", for an
 * unversioned peer), its identity frame (a ROUTER routes by it, others ignore it; empty means anonymous,
 * RFC 13), no metadata, and never ZMTP 3.1 (subscriptions go to it as `\x01topic`/`\x00topic` data).
 */
export function legacyPeer(greeting: LegacyGreeting, identity: Uint8Array): LegacyPeer {
  return {
    info: {
      socketType: socketTypeName(greeting.socketType),
      // A copy: the identity outlives the chunk it arrived in.
      identity: identity.length > 0 ? Buffer.from(identity) : undefined,
      metadata: NO_METADATA,
      zmtp31: false,
    },
    unversioned: greeting.unversioned,
  };
}

/**
 * Refuses a ZMTP 1.0/2.0 peer unless our mechanism is NULL: such a peer has no security handshake, so
 * libzmq serves it only when ZAP is off (`handshake_v1_0_unversioned`, `handshake_v1_0`, `handshake_v2_0`).
 * Any other mechanism (PLAIN, CURVE, …) never talks to it. libzmq also refuses it under NULL with a ZAP
 * domain set: when zmtp gets ZAP, that belongs here too.
 */
export function checkLegacyPeerAllowed(mechanism: string, greeting: LegacyGreeting): void {
  if (mechanism === "NULL") return;
  const version = greeting.unversioned ? "unversioned ZMTP 1.0" : `ZMTP ${greeting.version}.0`;
  throw new ProtocolError(
    `peer speaks ${version}, which has no security mechanism; this socket uses ${mechanism}`,
    "ERR_ZMTP_MECHANISM_MISMATCH",
  );
}
