/** Frame flag bits (RFC 23/37 §"Framing"): bits 3–7 are reserved and must be zero. */
export const FLAG_MORE = 0x01;
export const FLAG_LONG = 0x02;
export const FLAG_COMMAND = 0x04;
export const FLAG_RESERVED = 0xf8;

/** The greeting is always 64 octets (RFC 23 §"The Greeting"). */
export const GREETING_SIZE = 64;
/** Signature: 0xFF, 8 padding octets, 0x7F. */
export const SIGNATURE_SIZE = 10;
export const MECHANISM_OFFSET = 12;
export const MECHANISM_SIZE = 20;
export const AS_SERVER_OFFSET = 32;

export const ZMTP_MAJOR = 3;
export const ZMTP_MINOR = 1;

/** Largest body a short frame can carry; longer bodies use the 8-octet size. */
export const MAX_SHORT_SIZE = 255;
