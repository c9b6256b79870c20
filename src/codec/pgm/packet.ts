/** PGM packets as the decoder hands them out, and why a packet is dropped. */

/** The common header (RFC 3208 §8; OpenPGM `struct pgm_header`). */
export interface PgmHeader {
  /** Downstream: the source's port (TSI); upstream (NAK, SPMR): the data-destination port. */
  readonly sourcePort: number;
  /** Downstream: the data-destination port; upstream: the source's port. */
  readonly destinationPort: number;
  /** Type octet as sent (version 0 in the high nibble). */
  readonly type: number;
  /** The options octet: OPT_PRESENT, OPT_NETWORK, OPT_PARITY… */
  readonly options: number;
  /** The 6-octet global source id, as a 48-bit integer. Upstream packets carry the source's. */
  readonly gsi: number;
  readonly tsduLength: number;
}

/** SPM (§8.1): the source's sequence state and unicast address. */
export interface SpmPacket {
  readonly kind: "spm";
  readonly header: PgmHeader;
  readonly spmSqn: number;
  readonly trail: number;
  readonly lead: number;
  /** Path NLA: the source's unicast address, where NAKs go. */
  readonly nla: string;
  /** OPT_FIN: the source is closing. */
  readonly fin: boolean;
}

/** ODATA / RDATA (§8.2): one TPDU of the source's data. */
export interface DataPacket {
  readonly kind: "odata" | "rdata";
  readonly header: PgmHeader;
  readonly sqn: number;
  readonly trail: number;
  /** The TSDU: a view into the packet. */
  readonly payload: Uint8Array;
}

/** NAK, N-NAK and NCF (§8.3): the same body, with OPT_NAK_LIST for more sequence numbers. */
export interface NakPacket {
  readonly kind: "nak" | "nnak" | "ncf";
  readonly header: PgmHeader;
  /** The requested sequence number, then those of OPT_NAK_LIST (at most 63 in all). */
  readonly sqns: readonly number[];
  readonly sourceNla: string;
  readonly groupNla: string;
}

/** SPMR (§13.6): header only; asks the source for an SPM. */
export interface SpmrPacket {
  readonly kind: "spmr";
  readonly header: PgmHeader;
}

/** POLL, POLR, ACK: well-formed types that libzmq's sockets never use; counted and ignored. */
export interface UnusedPacket {
  readonly kind: "unused";
  readonly header: PgmHeader;
}

export type PgmPacket = SpmPacket | DataPacket | NakPacket | SpmrPacket | UnusedPacket;

/** Why a datagram was dropped before any state saw it. */
export type PgmDropReason =
  /** Shorter than the header or than its type's body. */
  | "truncated"
  /** The checksum does not match. */
  | "checksum"
  /** ODATA/RDATA without a checksum (pgm/packet_parse.c `pgm_parse` rejects them too). */
  | "unchecksummed-data"
  /** Not a PGM type this implementation knows. */
  | "unknown-type"
  /** Options that are malformed or run past the packet. */
  | "options"
  /** A TSDU length that differs from the octets present (pgm/rxw.c: PGM_RXW_MALFORMED). */
  | "length"
  /** An NLA of an unknown family, or cut short. */
  | "nla"
  /** A fragment of an APDU larger than one TPDU: libzmq never sends them, and never accepts them. */
  | "fragment";

export interface PgmDrop {
  readonly kind: "drop";
  readonly reason: PgmDropReason;
}
