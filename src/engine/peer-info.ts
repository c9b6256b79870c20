import type { Metadata } from "../codec/metadata.js";
import type { PeerInfo } from "../pipe/pipe.js";

const ascii = new TextDecoder("latin1");

/** What the socket needs to know of a peer, read from its READY metadata and greeting. */
export function peerInfoFrom(metadata: Metadata, minor: number): PeerInfo {
  const type = metadata.get("socket-type");
  const identity = metadata.get("identity");
  return {
    socketType: type === undefined ? "" : ascii.decode(type),
    identity: identity !== undefined && identity.length > 0 ? Buffer.from(identity) : undefined,
    metadata,
    zmtp31: minor >= 1,
  };
}
