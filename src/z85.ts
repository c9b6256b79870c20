import { ZmqError } from "./errors.js";

/**
 * Z85 (RFC 32): four octets as five printable characters, how ZeroMQ writes CURVE keys. Pure: no `node:`
 * import, so keys can be checked anywhere (options, mechanisms, browsers).
 */
const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";

/** Character code → digit, 255 for characters outside the alphabet. */
const DIGITS = new Uint8Array(128).fill(255);
for (let i = 0; i < ALPHABET.length; i++) DIGITS[ALPHABET.charCodeAt(i)] = i;

/** RFC 32 §"Encoding": the input's length must be a multiple of 4 (EINVAL otherwise). */
export function encode(bytes: Uint8Array): string {
  if (!(bytes instanceof Uint8Array)) throw new TypeError("z85.encode() takes a Uint8Array (or Buffer)");
  if (bytes.length % 4 !== 0) {
    throw new ZmqError("EINVAL", `Invalid argument: Z85 encodes a multiple of 4 bytes, not ${bytes.length}`);
  }
  let text = "";
  for (let i = 0; i < bytes.length; i += 4) {
    // Big-endian 32-bit value, unsigned.
    let value = ((bytes[i]! << 24) | (bytes[i + 1]! << 16) | (bytes[i + 2]! << 8) | bytes[i + 3]!) >>> 0;
    const chunk = new Array<string>(5);
    for (let j = 4; j >= 0; j--) {
      chunk[j] = ALPHABET[value % 85]!;
      value = Math.floor(value / 85);
    }
    text += chunk.join("");
  }
  return text;
}

/**
 * RFC 32 §"Decoding": the text's length must be a multiple of 5, every character in the alphabet, and no
 * group may exceed 2^32 - 1 (libzmq's zmq_z85_decode refuses all three); EINVAL otherwise.
 */
export function decode(text: string): Uint8Array {
  if (typeof text !== "string") throw new TypeError("z85.decode() takes a string");
  if (text.length % 5 !== 0) {
    throw new ZmqError("EINVAL", `Invalid argument: Z85 text is a multiple of 5 characters, not ${text.length}`);
  }
  const bytes = new Uint8Array((text.length / 5) * 4);
  for (let i = 0, out = 0; i < text.length; i += 5, out += 4) {
    let value = 0;
    for (let j = 0; j < 5; j++) {
      const code = text.charCodeAt(i + j);
      const digit = code < 128 ? DIGITS[code]! : 255;
      if (digit === 255) {
        throw new ZmqError("EINVAL", `Invalid argument: ${JSON.stringify(text[i + j])} at ${i + j} is not a Z85 character`);
      }
      value = value * 85 + digit;
    }
    if (value > 0xffffffff) throw new ZmqError("EINVAL", `Invalid argument: Z85 group at ${i} exceeds 32 bits`);
    bytes[out] = value >>> 24;
    bytes[out + 1] = (value >>> 16) & 0xff;
    bytes[out + 2] = (value >>> 8) & 0xff;
    bytes[out + 3] = value & 0xff;
  }
  return bytes;
}

/** The two functions as one object, as the package exports them (`z85.encode`, `z85.decode`). */
export const z85: Readonly<{
  /** Bytes (a multiple of 4) as Z85 text, 5 characters per 4 octets (RFC 32 §"Encoding"; EINVAL otherwise). */
  encode: typeof encode;
  /** Z85 text (a multiple of 5 characters, in the alphabet) as bytes (RFC 32 §"Decoding"; EINVAL otherwise). */
  decode: typeof decode;
}> = Object.freeze({ encode, decode });
