import { DATA_PACKET_OFFSET, EPGM_IPV4_OVERHEAD } from "../../codec/pgm/constants.js";

/** What both PGM roles take from the socket's options and the endpoint. */
export interface PgmSettings {
  /** The endpoint's port: UDP port of data and NAKs, and the PGM data-destination port. */
  readonly port: number;
  /** The multicast group (IPv4). */
  readonly group: string;
  /** The interface's unicast address: a source's NLA, where receivers send NAKs. */
  readonly interfaceAddress: string;
  /** ZMQ_RATE, kbit/s. */
  readonly rate: number;
  /** ZMQ_RECOVERY_IVL, ms. */
  readonly recoveryInterval: number;
  /** ZMQ_MULTICAST_MAXTPDU: the largest IP packet. */
  readonly maxTpdu: number;
  /** ZMQ_MAXMSGSIZE (-1: none), for what a receiver assembles. */
  readonly maxMessageSize: number;
}

/** The smallest TPDU that carries an offset and one octet of data over epgm/IPv4. */
export const MIN_TPDU = EPGM_IPV4_OVERHEAD + DATA_PACKET_OFFSET + 3;
/** The largest: a UDP datagram's payload is at most 65,507 octets over IPv4. */
export const MAX_TPDU = 65_535;
/** Neither window holds more packets than this, whatever rate × recovery interval asks for. */
export const MAX_WINDOW_SQNS = 65_536;
/** A receiver's window holds at least this many packets (OpenPGM's would be 80 with libzmq's defaults). */
export const MIN_RECEIVE_WINDOW_SQNS = 1024;

/** The largest TSDU (PGM_MSS): the TPDU less IP, UDP, PGM and data headers; 1448 for 1500. */
export function maxTsdu(settings: Pick<PgmSettings, "maxTpdu">): number {
  return settings.maxTpdu - EPGM_IPV4_OVERHEAD - DATA_PACKET_OFFSET;
}

/**
 * Packets in recoveryInterval's worth of data at `rate` (src/pgm_socket.cpp `compute_sqns`: rate/8 in B/ms,
 * times the interval, in TPDUs; at least 1), bounded by MAX_WINDOW_SQNS: libzmq's TXW_SQNS and RXW_SQNS.
 */
export function windowSqns(settings: Pick<PgmSettings, "rate" | "recoveryInterval" | "maxTpdu">): number {
  const sqns = Math.floor((settings.recoveryInterval * Math.floor(settings.rate / 8)) / settings.maxTpdu);
  return Math.min(MAX_WINDOW_SQNS, Math.max(1, sqns));
}

/** Octets per second the source may send (PGM_ODATA_MAX_RTE = rate × 1000 / 8), IP and UDP headers counted. */
export function bytesPerSecond(settings: Pick<PgmSettings, "rate">): number {
  return Math.floor((settings.rate * 1000) / 8);
}
