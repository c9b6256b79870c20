import { decodeCommand, encodeErrorReason, type Command } from "../../codec/command.js";

/**
 * libzmq's PLAIN ERROR command, misspelt. libzmq (src/plain_common.hpp, 4.3.5 and still on master) declares
 * `error_prefix[] = "\x05ERROR"`: C reads the hex escape `\x05E` as one octet, 0x5E ('^'), so the prefix is
 * the five octets "^RROR". A libzmq PLAIN server sends its ERROR as "^RROR", reason length, reason (a frame
 * whose first octet claims a 94-octet name it does not have), and a libzmq PLAIN client recognises an ERROR
 * only in that form: a well-formed one is an unexpected command to it. NULL and CURVE spell ERROR correctly.
 *
 * So that PLAIN refusals read as refusals on both sides, zmtp speaks libzmq's dialect: its PLAIN server
 * sends this form, and its PLAIN client reads both forms.
 */
const PREFIX = [0x5e, 0x52, 0x52, 0x4f, 0x52]; // "^RROR"

/** The whole command frame body a libzmq PLAIN server sends to refuse a client with `reason` (a ZAP status). */
export function encodeLibzmqPlainError(reason: string): Uint8Array {
  const data = encodeErrorReason(reason);
  const body = new Uint8Array(PREFIX.length + data.length);
  body.set(PREFIX);
  body.set(data, PREFIX.length);
  return body;
}

/**
 * A PLAIN handshake command: libzmq's "^RROR" form is read as ERROR (its data after the five octets, checked
 * later as any ERROR's), everything else as codec/command.ts reads it. A frame of the "^RROR" shape that is
 * a well-formed command (long enough for its 94-octet name) stays what it says it is.
 */
export function decodePlainCommand(body: Uint8Array): Command {
  if (body.length >= PREFIX.length && body.length < 1 + PREFIX[0]! && PREFIX.every((octet, i) => body[i] === octet)) {
    return { name: "ERROR", data: body.subarray(PREFIX.length) };
  }
  return decodeCommand(body);
}
