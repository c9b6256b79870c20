/**
 * A WebSocket client made of a bare tcp socket, for tests that must send what no well-behaved client would:
 * any request text, any frame bytes. It collects everything the server sends and tells when the server closed.
 */
import net from "node:net";
import { randomBytes } from "node:crypto";
import { acceptKey } from "../../src/transport/websocket/http-upgrade.js";
import { applyMask } from "../../src/transport/websocket/ws-frame-decoder.js";
import { within } from "./wait.js";

export interface RawClient {
  readonly socket: net.Socket;
  /** Everything received so far. */
  received(): Buffer;
  /** Resolves with what was received once the server closes the connection. */
  closed(): Promise<Buffer>;
  /** Resolves once `predicate` holds for what was received. */
  until(predicate: (received: Buffer) => boolean, label: string): Promise<Buffer>;
  write(bytes: Uint8Array | string): void;
}

/** Connects to `port` on loopback. */
export async function rawConnect(port: number): Promise<RawClient> {
  const socket = net.connect({ host: "127.0.0.1", port });
  await within(new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject)), "raw connect", 5000);
  let data = Buffer.alloc(0);
  const waiters: (() => void)[] = [];
  socket.on("data", (chunk: Buffer) => {
    data = Buffer.concat([data, chunk]);
    for (const wake of waiters.splice(0)) wake();
  });
  const closed = new Promise<Buffer>((resolve) => socket.once("close", () => { resolve(data); }));
  socket.on("error", () => undefined);
  return {
    socket,
    received: () => data,
    closed: () => within(closed, "the server to close the connection", 5000),
    until: async (predicate, label) => {
      while (!predicate(data)) {
        await within(
          new Promise<void>((resolve) => {
            waiters.push(resolve);
            void closed.then(() => { resolve(); });
          }),
          label,
          5000,
        );
        if (socket.destroyed && !predicate(data)) throw new Error(`closed before ${label}`);
      }
      return data;
    },
    write: (bytes) => {
      socket.write(bytes);
    },
  };
}

/** An upgrade request for `path` offering `protocols` (none: no Sec-WebSocket-Protocol header). */
export function upgradeRequest(path: string, protocols: string | undefined, key = randomBytes(16).toString("base64"), extra = ""): string {
  return (
    `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\n` +
    `${protocols === undefined ? "" : `Sec-WebSocket-Protocol: ${protocols}\r\n`}Sec-WebSocket-Version: 13\r\n${extra}\r\n`
  );
}

/** Upgrades a raw client; resolves with the server's subprotocol once it switched protocols (and checks its key). */
export async function rawUpgrade(port: number, path: string, protocols: string): Promise<{ client: RawClient; protocol: string; rest: () => Buffer }> {
  const client = await rawConnect(port);
  const key = randomBytes(16).toString("base64");
  client.write(upgradeRequest(path, protocols, key));
  const head = await client.until((d) => d.includes("\r\n\r\n"), "the 101 response");
  const end = head.indexOf("\r\n\r\n") + 4;
  const text = head.subarray(0, end).toString("latin1");
  if (!text.startsWith("HTTP/1.1 101 Switching Protocols\r\n")) throw new Error(`no 101: ${text}`);
  if (!text.includes(`Sec-WebSocket-Accept: ${acceptKey(key)}\r\n`)) throw new Error(`wrong accept key: ${text}`);
  const protocol = /Sec-WebSocket-Protocol: (.*)\r\n/.exec(text)?.[1] ?? "";
  return { client, protocol, rest: () => client.received().subarray(end) };
}

/** One client frame: FIN and opcode in `first`, masked with a fixed key (or unmasked), payload as given. */
export function clientFrame(first: number, payload: Uint8Array, masked = true): Buffer {
  const size = payload.length;
  const header: number[] = [first];
  const maskBit = masked ? 0x80 : 0;
  if (size < 126) header.push(maskBit | size);
  else if (size < 0x10000) header.push(maskBit | 126, size >>> 8, size & 0xff);
  else header.push(maskBit | 127, 0, 0, 0, 0, (size >>> 24) & 0xff, (size >>> 16) & 0xff, (size >>> 8) & 0xff, size & 0xff);
  const mask = Uint8Array.of(0x12, 0x34, 0x56, 0x78);
  const body = Buffer.from(payload);
  if (masked) applyMask(body, 0, body.length, mask, 0);
  return Buffer.concat([Buffer.from(header), masked ? Buffer.from(mask) : Buffer.alloc(0), body]);
}

/** The payloads of the unmasked binary frames a server sent, in order (control frames as `[opcode]`). */
export function serverMessages(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  while (at + 2 <= bytes.length) {
    const opcode = bytes[at]! & 0x0f;
    let size = bytes[at + 1]! & 0x7f;
    let p = at + 2;
    if (size === 126) {
      size = bytes.readUInt16BE(p);
      p += 2;
    } else if (size === 127) {
      size = Number(bytes.readBigUInt64BE(p));
      p += 8;
    }
    if (p + size > bytes.length) break;
    out.push(opcode === 2 ? bytes.subarray(p, p + size) : Buffer.from([opcode]));
    at = p + size;
  }
  return out;
}
