import { createHash, randomBytes } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { Duplex } from "node:stream";

/** RFC 6455 §1.3: the GUID the accept key is made with. */
const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/** RFC 6455 §4.2.2: base64(SHA-1(key + GUID)). */
export function acceptKey(key: string): string {
  return createHash("sha1").update(key + GUID).digest("base64");
}

/** A fresh Sec-WebSocket-Key: 16 random octets in base64 (RFC 6455 §4.1). */
export function newKey(): string {
  return randomBytes(16).toString("base64");
}

/** One header's value as a string (Node joins repeated headers with ", "; set-cookie aside). */
function header(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name];
  return Array.isArray(value) ? value.join(", ") : (value ?? "");
}

/** The comma-separated tokens of a header, trimmed, empty ones dropped. */
export function tokens(value: string): string[] {
  return value
    .split(",")
    .map((t) => t.trim())
    .filter((t) => t.length > 0);
}

/** What a server needs from an upgrade request, or why it is refused (status and reason). */
export type UpgradeRequest =
  | { ok: true; key: string; offered: string[] }
  | { ok: false; status: number; reason: string; extraHeaders?: string };

/**
 * Checks an upgrade request as RFC 6455 §4.2.1 asks (and libzmq's server at least does, ws_engine.cpp
 * `server_handshake`): GET over HTTP/1.1, `Upgrade: websocket`, `Connection` with the `upgrade` token, a
 * 16-octet key, version 13, and at least one subprotocol offered.
 */
export function checkUpgradeRequest(method: string | undefined, httpVersion: string, headers: IncomingHttpHeaders): UpgradeRequest {
  if (method !== "GET" || httpVersion !== "1.1") return { ok: false, status: 400, reason: "a WebSocket upgrade is a GET over HTTP/1.1" };
  if (header(headers, "upgrade").toLowerCase() !== "websocket") return { ok: false, status: 400, reason: "Upgrade must be websocket" };
  if (!tokens(header(headers, "connection")).some((t) => t.toLowerCase() === "upgrade")) {
    return { ok: false, status: 400, reason: "Connection must include upgrade" };
  }
  const key = header(headers, "sec-websocket-key").trim();
  if (!/^[A-Za-z0-9+/]{22}==$/.test(key)) return { ok: false, status: 400, reason: "Sec-WebSocket-Key must be 16 octets in base64" };
  if (header(headers, "sec-websocket-version").trim() !== "13") {
    return { ok: false, status: 426, reason: "only WebSocket version 13 is spoken", extraHeaders: "Sec-WebSocket-Version: 13\r\n" };
  }
  const offered = tokens(header(headers, "sec-websocket-protocol"));
  if (offered.length === 0) return { ok: false, status: 400, reason: "no Sec-WebSocket-Protocol offered (ZWS needs one, RFC 45)" };
  return { ok: true, key, offered };
}

/**
 * The 101 response, byte for byte as libzmq's server writes it (ws_engine.cpp `server_handshake`): libzmq's
 * client wants exactly this status line and `Connection: Upgrade` alone.
 */
export function switchingProtocols(key: string, protocol: string): string {
  return (
    "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
    `Sec-WebSocket-Accept: ${acceptKey(key)}\r\nSec-WebSocket-Protocol: ${protocol}\r\n\r\n`
  );
}

const STATUS_TEXT: Record<number, string> = { 400: "Bad Request", 404: "Not Found", 426: "Upgrade Required" };

/** Answers a refused upgrade (or a plain request on a WebSocket-only port) and closes the socket. */
export function refuseUpgrade(socket: Duplex, status: number, reason: string, extraHeaders = ""): void {
  if (socket.destroyed) return;
  const body = `${reason}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? "Error"}\r\nConnection: close\r\nContent-Type: text/plain\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n${extraHeaders}\r\n${body}`,
  );
  // A peer that never reads its answer must not hold the socket.
  setTimeout(() => socket.destroy(), 1000).unref();
}

/**
 * Checks a server's 101 response to our request with `key` and `offered` subprotocols: the accept key (which
 * libzmq's client does not check) and one offered subprotocol. Returns the chosen one, or throws why not.
 */
export function checkUpgradeResponse(headers: IncomingHttpHeaders, key: string, offered: readonly string[]): string {
  if (header(headers, "upgrade").toLowerCase() !== "websocket") throw new Error("the response's Upgrade is not websocket");
  if (header(headers, "sec-websocket-accept").trim() !== acceptKey(key)) throw new Error("wrong Sec-WebSocket-Accept");
  const chosen = header(headers, "sec-websocket-protocol").trim();
  if (!offered.includes(chosen)) throw new Error(`the server chose subprotocol ${JSON.stringify(chosen)}, which was not offered`);
  return chosen;
}
