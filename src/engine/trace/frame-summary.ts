import { decodeCommand, decodeErrorReason, decodePing } from "../../codec/command.js";
import { FLAG_COMMAND, FLAG_MORE } from "../../codec/constants.js";
import type { Greeting } from "../../codec/greeting.js";
import { decodeMetadata } from "../../codec/metadata.js";

/** Octets shown of a frame's body: enough to recognise a message, short enough for one line. */
const PREVIEW_OCTETS = 24;

const hex = (byte: number): string => byte.toString(16).padStart(2, "0");

/** Whether every octet is printable ASCII (then the preview is text, else hex). */
function printable(bytes: Uint8Array, length: number): boolean {
  for (let i = 0; i < length; i++) {
    const byte = bytes[i]!;
    if (byte < 0x20 || byte > 0x7e) return false;
  }
  return true;
}

/** The first octets of `bytes`: `"text"` if printable, else hex; `…` when cut. Empty: `""`. */
export function preview(bytes: Uint8Array): string {
  if (bytes.length === 0) return "";
  const length = Math.min(bytes.length, PREVIEW_OCTETS);
  const more = bytes.length > length ? "…" : "";
  if (printable(bytes, length)) {
    let text = "";
    for (let i = 0; i < length; i++) text += String.fromCharCode(bytes[i]!);
    return `${JSON.stringify(text)}${more}`;
  }
  let out = "";
  for (let i = 0; i < length; i++) out += (i === 0 ? "" : " ") + hex(bytes[i]!);
  return `${out}${more}`;
}

/** Our greeting or the peer's, as one line: `ZMTP 3.1 NULL client`, `ZMTP 2.0 (legacy)`. */
export function greetingSummary(greeting: Pick<Greeting, "major" | "minor" | "mechanism" | "asServer" | "legacy">): string {
  if (greeting.legacy !== undefined) {
    const version = greeting.legacy.unversioned ? "1.0, unversioned" : `${greeting.legacy.version}.0`;
    return `ZMTP ${version} (legacy peer${greeting.legacy.socketType === undefined ? "" : `, socket type ${greeting.legacy.socketType}`})`;
  }
  return `ZMTP ${greeting.major}.${greeting.minor} ${greeting.mechanism} ${greeting.asServer ? "server" : "client"}`;
}

/** READY / INITIATE / HELLO … data as `Name=value` pairs where it is metadata; else a preview. */
function metadataSummary(data: Uint8Array): string {
  try {
    const parts: string[] = [];
    for (const [name, value] of decodeMetadata(data)) parts.push(`${name}=${preview(value)}`);
    return parts.join(" ");
  } catch {
    return preview(data);
  }
}

/** A command frame's body: its name and what its data says (RFC 37 §"Commands", RFC 23 READY metadata). */
export function commandSummary(body: Uint8Array): { name: string; summary: string } {
  let name: string;
  let data: Uint8Array;
  try {
    ({ name, data } = decodeCommand(body));
  } catch {
    return { name: "", summary: `malformed command ${preview(body)}`.trimEnd() };
  }
  let detail: string;
  try {
    switch (name) {
      case "READY":
        detail = metadataSummary(data);
        break;
      case "ERROR":
        detail = JSON.stringify(decodeErrorReason(data));
        break;
      case "PING": {
        const ping = decodePing(data);
        detail = `ttl=${ping.ttlDeciseconds * 100}ms context=${preview(ping.context)}`;
        break;
      }
      case "SUBSCRIBE":
      case "CANCEL":
        detail = `topic=${preview(data)}`;
        break;
      default:
        // HELLO, WELCOME, INITIATE, MESSAGE (CURVE boxes), PONG, …: their size and first octets.
        detail = `${data.length} B ${preview(data)}`;
    }
  } catch {
    detail = `malformed: ${preview(data)}`;
  }
  return { name, summary: `${name} ${detail}`.trimEnd() };
}

/** A data frame: flags, size, preview (`MORE 5 B "hello"`). */
export function frameSummary(flags: number, body: Uint8Array): string {
  const more = (flags & FLAG_MORE) !== 0 ? "MORE " : "";
  return `frame ${more}${body.length} B ${preview(body)}`.trimEnd();
}

const MESSAGE_NAME = [0x07, 0x4d, 0x45, 0x53, 0x53, 0x41, 0x47, 0x45]; // "\x07MESSAGE"

/**
 * Whether a frame is a CURVE box (RFC 26 §"The MESSAGE Command"): on a CURVE connection every frame after the
 * handshake is one, sent with the boxed frame's MORE flag and no COMMAND flag, as libzmq sends it.
 */
export function isCurveMessage(body: Uint8Array): boolean {
  if (body.length < MESSAGE_NAME.length) return false;
  for (let i = 0; i < MESSAGE_NAME.length; i++) if (body[i] !== MESSAGE_NAME[i]) return false;
  return true;
}

/** A CURVE box: `MESSAGE MORE 57 B (boxed)`. */
export function curveMessageSummary(flags: number, body: Uint8Array): string {
  return `MESSAGE ${(flags & FLAG_MORE) !== 0 ? "MORE " : ""}${body.length} B (boxed)`;
}

/** Whether a frame is a command (RFC 37 §"Framing": flags bit 2). */
export function isCommand(flags: number): boolean {
  return (flags & FLAG_COMMAND) !== 0;
}
