import { packetChecksum } from "./checksum.js";
import {
  DATA_HEADER_SIZE,
  MAX_NAK_LIST,
  MAX_OPTIONS,
  OPT_END,
  OPT_LENGTH_SIZE,
  OPT_PRESENT,
  OPT_TYPE_MASK,
  PGM_HEADER_SIZE,
  PgmOption,
  PgmType,
} from "./constants.js";
import { nlaSize, readNla } from "./nla.js";
import type { PgmDrop, PgmDropReason, PgmHeader, PgmPacket } from "./packet.js";

const DROPS = new Map<PgmDropReason, PgmDrop>();
/** One frozen drop per reason: dropping allocates nothing. */
function drop(reason: PgmDropReason): PgmDrop {
  let found = DROPS.get(reason);
  if (found === undefined) {
    found = Object.freeze({ kind: "drop", reason });
    DROPS.set(reason, found);
  }
  return found;
}

function u16(bytes: Uint8Array, at: number): number {
  return (bytes[at]! << 8) | bytes[at + 1]!;
}

function u32(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
}

/** What the options of a packet said that matters here. */
interface Options {
  /** Octets all options take (0 without OPT_PRESENT). */
  total: number;
  fin: boolean;
  fragment: boolean;
  /** OPT_NAK_LIST's sequence numbers. */
  nakList: number[] | undefined;
}

const NO_OPTIONS: Options = Object.freeze({ total: 0, fin: false, fragment: false, nakList: undefined });

/**
 * Reads the options at `at` (RFC 3208 §9): OPT_LENGTH first (4 octets, the total length of all options),
 * then options of at least 3 octets each, the last flagged OPT_END, all inside the total and the packet, at
 * most 16. OpenPGM leaves these checks as a TODO (pgm/receiver.c `pgm_on_spm`); here a packet that breaks
 * one is dropped, never read past its end.
 */
function readOptions(bytes: Uint8Array, header: PgmHeader, at: number): Options | undefined {
  if ((header.options & OPT_PRESENT) === 0) return NO_OPTIONS;
  if (at + OPT_LENGTH_SIZE > bytes.length) return undefined;
  if (bytes[at] !== PgmOption.LENGTH || bytes[at + 1] !== OPT_LENGTH_SIZE) return undefined;
  const total = u16(bytes, at + 2);
  const end = at + total;
  if (total < OPT_LENGTH_SIZE + 3 || end > bytes.length) return undefined;
  let fin = false;
  let fragment = false;
  let nakList: number[] | undefined;
  let p = at + OPT_LENGTH_SIZE;
  for (let count = 0; ; count++) {
    if (count >= MAX_OPTIONS || p + 3 > end) return undefined;
    const type = bytes[p]!;
    const length = bytes[p + 1]!;
    if (length < 3 || p + length > end) return undefined;
    switch (type & OPT_TYPE_MASK) {
      case PgmOption.FIN:
        fin = true;
        break;
      case PgmOption.FRAGMENT:
        fragment = true;
        break;
      case PgmOption.NAK_LIST: {
        // type, length, reserved (header) + reserved octet, then 4 octets per sequence number.
        const listed = length - 4;
        if (length < 4 || listed % 4 !== 0 || listed / 4 > MAX_NAK_LIST) return undefined;
        nakList = [];
        for (let q = p + 4; q < p + length; q += 4) nakList.push(u32(bytes, q));
        break;
      }
      default:
        // Options that change nothing here (OPT_SYN, OPT_PARITY_PRM, OPT_CRQST…) are skipped by length.
        break;
    }
    p += length;
    if ((type & OPT_END) !== 0) return { total, fin, fragment, nakList };
  }
}

/**
 * Decodes one PGM packet (the whole UDP payload of an epgm datagram), checking what OpenPGM checks before it
 * acts on a packet (pgm/packet_parse.c, pgm/rxw.c) and more: a bad checksum, a truncated header or body, an
 * unknown type, options that overrun, a TSDU length that differs from what is there. Any of those gives a
 * drop with its reason; nothing is ever read past the end of `bytes`. Views, not copies, are handed out.
 */
export function decodePgmPacket(bytes: Uint8Array): PgmPacket | PgmDrop {
  if (bytes.length < PGM_HEADER_SIZE) return drop("truncated");
  const type = bytes[4]!;
  const checksum = u16(bytes, 6);
  const isData = type === PgmType.ODATA || type === PgmType.RDATA;
  if (checksum === 0) {
    if (isData) return drop("unchecksummed-data");
  } else if (packetChecksum(bytes) !== checksum) {
    return drop("checksum");
  }
  const header: PgmHeader = {
    sourcePort: u16(bytes, 0),
    destinationPort: u16(bytes, 2),
    type,
    options: bytes[5]!,
    gsi: u16(bytes, 8) * 0x1_0000_0000 + u32(bytes, 10),
    tsduLength: u16(bytes, 14),
  };
  const body = PGM_HEADER_SIZE;
  switch (type) {
    case PgmType.ODATA:
    case PgmType.RDATA: {
      if (bytes.length < body + DATA_HEADER_SIZE) return drop("truncated");
      const options = readOptions(bytes, header, body + DATA_HEADER_SIZE);
      if (options === undefined) return drop("options");
      if (options.fragment) return drop("fragment");
      const start = body + DATA_HEADER_SIZE + options.total;
      if (bytes.length - start !== header.tsduLength) return drop("length");
      return {
        kind: type === PgmType.ODATA ? "odata" : "rdata",
        header,
        sqn: u32(bytes, body),
        trail: u32(bytes, body + 4),
        payload: bytes.subarray(start),
      };
    }
    case PgmType.SPM: {
      if (bytes.length < body + 12 + 4) return drop("truncated");
      const nla = readNla(bytes, body + 12, bytes.length);
      if (nla === undefined) return drop("nla");
      const options = readOptions(bytes, header, body + 12 + nlaSize(u16(bytes, body + 12)));
      if (options === undefined) return drop("options");
      return {
        kind: "spm",
        header,
        spmSqn: u32(bytes, body),
        trail: u32(bytes, body + 4),
        lead: u32(bytes, body + 8),
        nla,
        fin: options.fin,
      };
    }
    case PgmType.NAK:
    case PgmType.NNAK:
    case PgmType.NCF: {
      if (bytes.length < body + 4 + 4) return drop("truncated");
      const sourceNla = readNla(bytes, body + 4, bytes.length);
      if (sourceNla === undefined) return drop("nla");
      const groupAt = body + 4 + nlaSize(u16(bytes, body + 4));
      const groupNla = readNla(bytes, groupAt, bytes.length);
      if (groupNla === undefined) return drop("nla");
      const options = readOptions(bytes, header, groupAt + nlaSize(u16(bytes, groupAt)));
      if (options === undefined) return drop("options");
      const sqns = [u32(bytes, body)];
      if (options.nakList !== undefined) sqns.push(...options.nakList);
      const kind = type === PgmType.NAK ? "nak" : type === PgmType.NNAK ? "nnak" : "ncf";
      return { kind, header, sqns, sourceNla, groupNla };
    }
    case PgmType.SPMR:
      return readOptions(bytes, header, body) === undefined ? drop("options") : { kind: "spmr", header };
    case PgmType.POLL:
    case PgmType.POLR:
    case PgmType.ACK:
      return { kind: "unused", header };
    default:
      return drop("unknown-type");
  }
}
