/**
 * PGM (RFC 3208) numbers as OpenPGM puts them on the wire (pgm/include/pgm/packet.h). Every multi-octet
 * integer is big-endian.
 */

/** The common header (§8): ports, type, options, checksum, GSI, TSDU length. */
export const PGM_HEADER_SIZE = 16;
/** The ODATA/RDATA header after the common one (§8.2): sqn and trail. */
export const DATA_HEADER_SIZE = 8;
/** Common header + data header: where an ODATA's payload starts when it carries no options. */
export const DATA_PACKET_OFFSET = PGM_HEADER_SIZE + DATA_HEADER_SIZE;
/** IPv4 + UDP headers, which OpenPGM's rate control and maximum TSDU count (pgm/socket.c `pgm_bind3`). */
export const EPGM_IPV4_OVERHEAD = 28;

/** Packet types (§8, the low nibble; the high nibble is the version, 0). */
export const PgmType = {
  SPM: 0x00,
  POLL: 0x01,
  POLR: 0x02,
  ODATA: 0x04,
  RDATA: 0x05,
  NAK: 0x08,
  NNAK: 0x09,
  NCF: 0x0a,
  SPMR: 0x0c,
  ACK: 0x0d,
} as const;

/** Bits of the header's options octet. */
export const OPT_PRESENT = 0x01;
export const OPT_NETWORK = 0x02;
export const OPT_PARITY = 0x80;

/** Option types (§9; the high bit of the type octet marks the last option). */
export const PgmOption = {
  LENGTH: 0x00,
  FRAGMENT: 0x01,
  NAK_LIST: 0x02,
  JOIN: 0x03,
  SYN: 0x0d,
  FIN: 0x0e,
  RST: 0x0f,
} as const;
export const OPT_END = 0x80;
export const OPT_TYPE_MASK = 0x7f;
/** OPT_LENGTH is 4 octets: type, length (4), total length of all options. */
export const OPT_LENGTH_SIZE = 4;
/** RFC 3208 §9: at most 16 options in a packet. */
export const MAX_OPTIONS = 16;
/** OPT_NAK_LIST carries at most 62 more sequence numbers (pgm/source.c `pgm_on_nak` rejects more). */
export const MAX_NAK_LIST = 62;

/** NLA address family indicators (RFC 1700), as in SPM, NAK and NCF bodies. */
export const AFI_IP = 1;
export const AFI_IP6 = 2;
