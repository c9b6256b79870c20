import type { PeerDetails } from "../events.js";
import type { PeerInfo } from "../pipe/pipe.js";

/** A `handshake` event's `peer`: the peer's metadata (and ZAP's User-Id) as plain data for users. */
export function peerDetails(peer: PeerInfo): PeerDetails {
  const properties: Record<string, Buffer> = {};
  for (const [name, value] of peer.metadata) properties[name] = Buffer.from(value);
  const userId = peer.metadata.get("user-id");
  return userId === undefined
    ? { socketType: peer.socketType, properties }
    : { socketType: peer.socketType, userId: Buffer.from(userId).toString(), properties };
}
