import { packetChecksum } from "./checksum.js";
import {
  DATA_PACKET_OFFSET,
  MAX_NAK_LIST,
  OPT_END,
  OPT_LENGTH_SIZE,
  OPT_NETWORK,
  OPT_PRESENT,
  PGM_HEADER_SIZE,
  PgmOption,
  PgmType,
} from "./constants.js";
import { writeIpv4Nla } from "./nla.js";

/**
 * PGM packets as OpenPGM writes them (pgm/source.c `pgm_send_spm`, `send_odata`, `send_ncf`, `send_ncf_list`,
 * `send_rdata`; pgm/receiver.c `send_nak`, `send_nak_list`, `send_spmr`), IPv4 NLAs only, every packet
 * checksummed (OpenPGM always fills the checksum, and requires it on ODATA/RDATA).
 */

/** The header fields that say who a packet is from and to. */
export interface PgmAddressing {
  /** Downstream: the source's port; upstream (NAK, SPMR): the data-destination port. */
  readonly sourcePort: number;
  /** Downstream: the data-destination port; upstream: the source's port. */
  readonly destinationPort: number;
  /** The source's GSI (48 bits), on every packet of its session, upstream ones included. */
  readonly gsi: number;
}

function writeU16(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = (value >>> 8) & 0xff;
  bytes[at + 1] = value & 0xff;
}

function writeU32(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = (value >>> 24) & 0xff;
  bytes[at + 1] = (value >>> 16) & 0xff;
  bytes[at + 2] = (value >>> 8) & 0xff;
  bytes[at + 3] = value & 0xff;
}

function writeHeader(bytes: Uint8Array, to: PgmAddressing, type: number, options: number, tsduLength: number): void {
  writeU16(bytes, 0, to.sourcePort);
  writeU16(bytes, 2, to.destinationPort);
  bytes[4] = type;
  bytes[5] = options;
  writeU16(bytes, 6, 0);
  writeU16(bytes, 8, Math.floor(to.gsi / 0x1_0000_0000));
  writeU32(bytes, 10, to.gsi >>> 0);
  writeU16(bytes, 14, tsduLength);
}

function seal(bytes: Uint8Array): Uint8Array {
  writeU16(bytes, 6, packetChecksum(bytes));
  return bytes;
}

export interface SpmFields {
  readonly spmSqn: number;
  readonly trail: number;
  readonly lead: number;
  /** The source's unicast IPv4 address (the path NLA receivers send NAKs to). */
  readonly nla: string;
  /** OPT_FIN: the 3 SPMs a closing source sends (pgm/socket.c `pgm_close`). */
  readonly fin?: boolean;
}

/** An SPM: 36 octets, 44 with OPT_LENGTH + OPT_FIN. */
export function encodeSpm(to: PgmAddressing, fields: SpmFields): Uint8Array {
  const fin = fields.fin === true;
  const bytes = new Uint8Array(PGM_HEADER_SIZE + 20 + (fin ? 8 : 0));
  writeHeader(bytes, to, PgmType.SPM, fin ? OPT_PRESENT : 0, 0);
  writeU32(bytes, 16, fields.spmSqn);
  writeU32(bytes, 20, fields.trail);
  writeU32(bytes, 24, fields.lead);
  writeIpv4Nla(bytes, 28, fields.nla);
  if (fin) {
    bytes.set([PgmOption.LENGTH, OPT_LENGTH_SIZE, 0, 8, PgmOption.FIN | OPT_END, 4, 0, 0], 36);
  }
  return seal(bytes);
}

/**
 * Fills the 24-octet ODATA/RDATA header in front of a payload already in `packet` from DATA_PACKET_OFFSET
 * on (the TSDU is the rest of `packet`), and the checksum. No options: libzmq's traffic has none.
 */
export function sealData(packet: Uint8Array, to: PgmAddressing, rdata: boolean, sqn: number, trail: number): Uint8Array {
  writeHeader(packet, to, rdata ? PgmType.RDATA : PgmType.ODATA, 0, packet.length - DATA_PACKET_OFFSET);
  writeU32(packet, 16, sqn);
  writeU32(packet, 20, trail);
  return seal(packet);
}

/** A repair of a sent ODATA: the same packet as RDATA with the current trail (pgm/source.c `send_rdata`). */
export function toRdata(odata: Uint8Array, trail: number): Uint8Array {
  const rdata = odata.slice();
  rdata[4] = PgmType.RDATA;
  writeU16(rdata, 6, 0);
  writeU32(rdata, 20, trail);
  return seal(rdata);
}

/**
 * A NAK (upstream, unicast to the source) or an NCF (downstream, to the group): the first sequence number
 * in the body, up to 62 more in OPT_NAK_LIST (then OPT_NETWORK is set, as OpenPGM does).
 */
export function encodeNak(to: PgmAddressing, kind: "nak" | "ncf", sqns: readonly number[], sourceNla: string, groupNla: string): Uint8Array {
  const more = sqns.length - 1;
  if (more < 0 || more > MAX_NAK_LIST) throw new RangeError(`a NAK carries 1 to ${MAX_NAK_LIST + 1} sequence numbers`);
  const optionsLength = more > 0 ? OPT_LENGTH_SIZE + 4 + 4 * more : 0;
  const bytes = new Uint8Array(PGM_HEADER_SIZE + 20 + optionsLength);
  writeHeader(bytes, to, kind === "nak" ? PgmType.NAK : PgmType.NCF, more > 0 ? OPT_PRESENT | OPT_NETWORK : 0, 0);
  writeU32(bytes, 16, sqns[0]!);
  writeIpv4Nla(bytes, 20, sourceNla);
  writeIpv4Nla(bytes, 28, groupNla);
  if (more > 0) {
    bytes.set([PgmOption.LENGTH, OPT_LENGTH_SIZE], 36);
    writeU16(bytes, 38, optionsLength);
    bytes.set([PgmOption.NAK_LIST | OPT_END, 4 + 4 * more, 0, 0], 40);
    for (let i = 1; i <= more; i++) writeU32(bytes, 40 + 4 * i, sqns[i]!);
  }
  return seal(bytes);
}

/** An SPMR: the header alone (upstream addressing: ports swapped, the source's GSI). */
export function encodeSpmr(to: PgmAddressing): Uint8Array {
  const bytes = new Uint8Array(PGM_HEADER_SIZE);
  writeHeader(bytes, to, PgmType.SPMR, 0, 0);
  return seal(bytes);
}
