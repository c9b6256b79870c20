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

export interface Greeting {
  major: number;
  minor: number;
  mechanism: string;
  asServer: boolean;
}

/**
 * The greeting split in the three stages libzmq sends it in (see shared/conformance.md): the 10-octet
 * signature at once, the major version once the peer's signature is in, and the rest once the peer's
 * major version says 3. Sending everything at once would confuse a ZMTP 2.0 peer; holding the signature
 * back until the peer's whole greeting arrives would deadlock against libzmq.
 */
export interface GreetingParts {
  signature: Uint8Array;
  major: Uint8Array;
  rest: Uint8Array;
}

export function encodeGreeting(mechanism: string, asServer: boolean, minor = ZMTP_MINOR): GreetingParts {
  if (mechanism.length === 0 || mechanism.length > MECHANISM_SIZE) {
    throw new RangeError(`mechanism name must be 1–${MECHANISM_SIZE} characters`);
  }
  const bytes = new Uint8Array(GREETING_SIZE);
  bytes[0] = 0xff;
  bytes[9] = 0x7f;
  bytes[10] = ZMTP_MAJOR;
  bytes[11] = minor;
  for (let i = 0; i < mechanism.length; i++) bytes[MECHANISM_OFFSET + i] = mechanism.charCodeAt(i) & 0x7f;
  bytes[AS_SERVER_OFFSET] = asServer ? 1 : 0;
  return {
    signature: bytes.subarray(0, SIGNATURE_SIZE),
    major: bytes.subarray(SIGNATURE_SIZE, SIGNATURE_SIZE + 1),
    rest: bytes.subarray(SIGNATURE_SIZE + 1),
  };
}

/**
 * Checks the signature as far as it has arrived. ZMTP 1.0 peers start with a length byte, not 0xFF, and
 * leave bit 0 of octet 9 clear (RFC 23 §"Backwards Interoperability"). The 8 padding octets are never
 * checked: libzmq writes a length there.
 */
export function checkSignatureByte(index: number, value: number): void {
  if (index === 0 && value !== 0xff) {
    throw new ProtocolError("peer speaks ZMTP 1.0 (no 0xFF signature); only ZMTP 3.x is supported");
  }
  if (index === 9 && (value & 0x01) === 0) {
    throw new ProtocolError("peer speaks ZMTP 1.0 (signature octet 9 lacks bit 0); only ZMTP 3.x is supported");
  }
}

export function checkMajorVersion(major: number): void {
  if (major < ZMTP_MAJOR) {
    throw new ProtocolError(`peer speaks ZMTP ${major === 0 ? 1 : 2}.0 (major version ${major}); only ZMTP 3.x is supported`);
  }
}

/** Parses a complete 64-octet greeting. The as-server octet is reported but never trusted for our role. */
export function decodeGreeting(bytes: Uint8Array): Greeting {
  if (bytes.length < GREETING_SIZE) throw new ProtocolError("greeting is shorter than 64 octets");
  for (let i = 0; i < SIGNATURE_SIZE; i++) checkSignatureByte(i, bytes[i]!);
  // The major version is not judged here: which revisions can be framed is the engine's choice.
  const major = bytes[10]!;
  let mechanism = "";
  for (let i = 0; i < MECHANISM_SIZE; i++) {
    const c = bytes[MECHANISM_OFFSET + i]!;
    if (c === 0) break;
    mechanism += String.fromCharCode(c);
  }
  return { major, minor: bytes[11]!, mechanism, asServer: bytes[AS_SERVER_OFFSET] === 1 };
}
