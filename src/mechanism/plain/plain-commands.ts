import { ProtocolError, ZmqError } from "../../errors.js";

/**
 * PLAIN's HELLO data (RFC 24 §"The HELLO Command"): username and password, each a 1-octet length then up
 * to 255 octets. WELCOME carries nothing; INITIATE and READY carry metadata (codec/metadata.ts).
 */
export interface PlainCredentials {
  username: Uint8Array;
  password: Uint8Array;
}

const encoder = new TextEncoder();

/** Credentials as UTF-8, refused (EINVAL) past 255 octets: they could not be sent. */
export function plainCredentials(username: string, password: string): PlainCredentials {
  const credentials = { username: encoder.encode(username), password: encoder.encode(password) };
  if (credentials.username.length > 255 || credentials.password.length > 255) {
    throw new ZmqError("EINVAL", "PLAIN username and password are at most 255 octets each");
  }
  return credentials;
}

export function encodeHello({ username, password }: PlainCredentials): Uint8Array {
  const out = new Uint8Array(2 + username.length + password.length);
  out[0] = username.length;
  out.set(username, 1);
  out[1 + username.length] = password.length;
  out.set(password, 2 + username.length);
  return out;
}

function malformed(why: string): ProtocolError {
  return new ProtocolError(`malformed PLAIN HELLO: ${why}`, "ERR_ZMTP_MALFORMED_COMMAND_HELLO");
}

/** HELLO's data, checked as libzmq's plain_server_t::process_hello checks it: nothing missing, nothing extra. */
export function decodeHello(data: Uint8Array): PlainCredentials {
  if (data.length < 1) throw malformed("no username");
  const usernameLength = data[0]!;
  if (data.length - 1 < usernameLength) throw malformed("username is truncated");
  const username = data.subarray(1, 1 + usernameLength);
  const rest = data.length - 1 - usernameLength;
  if (rest < 1) throw malformed("no password");
  const passwordLength = data[1 + usernameLength]!;
  if (rest - 1 !== passwordLength) throw malformed("password is truncated or followed by extra octets");
  const password = data.subarray(2 + usernameLength);
  return { username, password };
}
