import { ProtocolError } from "../errors.js";
import {
  AS_SERVER_OFFSET,
  GREETING_SIZE,
  MECHANISM_OFFSET,
  MECHANISM_SIZE,
  SIGNATURE_SIZE,
  ZMTP_MAJOR,
  ZMTP_MINOR,
} from "./constants.js";

/** A ZMTP 2.0 greeting (RFC 15): signature, revision, socket type. libzmq reads the same 12 from a revision 0 peer. */
export const LEGACY_GREETING_SIZE = 12;

/** What an older peer's greeting says (RFC 13, RFC 15 §"Backwards Interoperability"). */
export interface LegacyGreeting {
  /** 1: ZMTP/1.0 framing (unversioned, or revision 0); 2: ZMTP/2.0 framing (revision 1). */
  version: 1 | 2;
  /** A ZMTP/1.0 peer with no signature at all: its first frame (its identity) began where a signature would. */
  unversioned: boolean;
  /** Octet 11 of a versioned greeting: the peer's socket type as a libzmq number. Absent when unversioned. */
  socketType: number | undefined;
}

export interface Greeting {
  /** Octet 10; 0 for an unversioned peer. */
  major: number;
  minor: number;
  /** The mechanism name (ZMTP 3.x); empty for an older peer, which has none. */
  mechanism: string;
  asServer: boolean;
  /** Set for a ZMTP 1.0 or 2.0 peer, which is served as libzmq serves it (shared/wire-reference.md §5). */
  legacy?: LegacyGreeting;
}

/**
 * Our greeting in the stages libzmq sends it (see shared/wire-reference.md §5.1): the 10-octet signature at
 * once, the major version once the peer's signature is in, then either the rest of a 3.x greeting (peer
 * revision 3 or later) or our socket type (peer revision 0 or 1). Sending everything at once would confuse a
 * ZMTP 2.0 peer; holding the signature back until the peer's whole greeting arrives would deadlock against
 * libzmq. A ZMTP 1.0/2.0 peer then gets our routing id as our identity frame.
 */
export interface GreetingParts {
  signature: Uint8Array;
  major: Uint8Array;
  rest: Uint8Array;
  /** In place of `rest`, to a revision 0 or 1 peer: our socket type's libzmq number (RFC 15 `socket-type`). */
  socketType: Uint8Array;
  /** Our routing id (empty if none): the body of the identity frame a ZMTP 1.0/2.0 peer gets. */
  routingId: Uint8Array;
}

export interface GreetingOptions {
  /** The minor version we announce (1, ZMTP 3.1, unless a test says otherwise). */
  minor?: number;
  /** Our routing id; its size + 1 goes in the signature's length field, as libzmq writes it. Default: none. */
  routingId?: Uint8Array;
  /** Our socket type's libzmq number, sent to a ZMTP 2.0 peer. Default 0. */
  socketType?: number;
}

const EMPTY = new Uint8Array(0);

export function encodeGreeting(mechanism: string, asServer: boolean, options: GreetingOptions = {}): GreetingParts {
  if (mechanism.length === 0 || mechanism.length > MECHANISM_SIZE) {
    throw new RangeError(`mechanism name must be 1–${MECHANISM_SIZE} characters`);
  }
  const routingId = options.routingId ?? EMPTY;
  const bytes = new Uint8Array(GREETING_SIZE);
  bytes[0] = 0xff;
  // RFC 15 §"Backwards Interoperability": the padding is the uint64 length of our identity frame (routing id
  // plus its flags octet), so that a ZMTP 1.0 peer reads our signature as that frame's header. A 3.x peer
  // never reads these octets. The length is below 2^32 (a routing id has at most 255 octets).
  new DataView(bytes.buffer).setUint32(5, routingId.length + 1);
  bytes[9] = 0x7f;
  bytes[10] = ZMTP_MAJOR;
  bytes[11] = options.minor ?? ZMTP_MINOR;
  for (let i = 0; i < mechanism.length; i++) bytes[MECHANISM_OFFSET + i] = mechanism.charCodeAt(i) & 0x7f;
  bytes[AS_SERVER_OFFSET] = asServer ? 1 : 0;
  return {
    signature: bytes.subarray(0, SIGNATURE_SIZE),
    major: bytes.subarray(SIGNATURE_SIZE, SIGNATURE_SIZE + 1),
    rest: bytes.subarray(SIGNATURE_SIZE + 1),
    socketType: Uint8Array.of(options.socketType ?? 0),
    routingId,
  };
}

/**
 * Whether a signature octet shows an unversioned ZMTP 1.0 peer (RFC 15 §"Backwards Interoperability"; libzmq
 * `receive_greeting`): octet 0 is not 0xFF (a 1-octet frame length), or bit 0 of octet 9 is clear (the
 * flags octet of a long identity frame). The 8 octets between are never checked: libzmq writes a length there.
 */
export function isUnversionedOctet(index: number, value: number): boolean {
  return (index === 0 && value !== 0xff) || (index === SIGNATURE_SIZE - 1 && (value & 0x01) === 0);
}

/**
 * Whether a peer's revision octet (octet 10) calls for the 12-octet greeting of ZMTP 2.0: revision 0
 * (versioned ZMTP 1.0) or 1 (ZMTP 2.0). Every other value, 2 included, gets the 64-octet 3.x greeting, as
 * libzmq's `receive_greeting_versioned` decides.
 */
export function isLegacyRevision(major: number): boolean {
  return major < 2;
}

/**
 * Parses a complete greeting: 12 octets for revision 0 or 1, else 64. The as-server octet is reported but
 * never trusted for our role. Throws ProtocolError for an unversioned signature (there is no greeting to
 * parse: the peer's first frame has begun) or too few octets.
 */
export function decodeGreeting(bytes: Uint8Array): Greeting {
  for (let i = 0; i < SIGNATURE_SIZE && i < bytes.length; i++) {
    if (isUnversionedOctet(i, bytes[i]!)) throw new ProtocolError("an unversioned ZMTP 1.0 peer sends no greeting");
  }
  if (bytes.length <= SIGNATURE_SIZE) throw new ProtocolError("greeting is shorter than its signature and revision");
  const major = bytes[SIGNATURE_SIZE]!;
  const size = isLegacyRevision(major) ? LEGACY_GREETING_SIZE : GREETING_SIZE;
  if (bytes.length < size) throw new ProtocolError(`greeting is shorter than ${size} octets`);
  if (size === LEGACY_GREETING_SIZE) {
    const legacy: LegacyGreeting = { version: major === 0 ? 1 : 2, unversioned: false, socketType: bytes[SIGNATURE_SIZE + 1]! };
    return { major, minor: 0, mechanism: "", asServer: false, legacy };
  }
  let mechanism = "";
  for (let i = 0; i < MECHANISM_SIZE; i++) {
    const c = bytes[MECHANISM_OFFSET + i]!;
    if (c === 0) break;
    mechanism += String.fromCharCode(c);
  }
  return { major, minor: bytes[11]!, mechanism, asServer: bytes[AS_SERVER_OFFSET] === 1 };
}

/** The greeting an unversioned ZMTP 1.0 peer stands for: no revision, no socket type, no mechanism. */
export function unversionedGreeting(): Greeting {
  return { major: 0, minor: 0, mechanism: "", asServer: false, legacy: { version: 1, unversioned: true, socketType: undefined } };
}

/**
 * libzmq's socket type numbers as RFC 15 lists them (0–8), with XPUB (9) and XSUB (10), which libzmq sends
 * to a ZMTP 2.0 peer although RFC 15 has no number for them.
 */
const SOCKET_TYPE_NAMES = ["PAIR", "PUB", "SUB", "REQ", "REP", "DEALER", "ROUTER", "PULL", "PUSH", "XPUB", "XSUB"];

/** The name a legacy socket-type octet stands for; "" for an unknown number (libzmq never checks it). */
export function socketTypeName(type: number | undefined): string {
  return type === undefined ? "" : (SOCKET_TYPE_NAMES[type] ?? "");
}
