/**
 * What the CURVE mechanism tests share: a writer that records commands, a parser for captured ZMTP
 * streams (written here from RFC 23, independently of src/codec), replayed random octets, fresh key pairs,
 * and a handshake between two mechanisms in memory.
 */
import { expect } from "vitest";
import { decodeCommand, encodeCommandBody, type Command } from "../../src/codec/command.js";
import type { CommandWriter, FrameOutput, Mechanism } from "../../src/mechanism/mechanism.js";
import { CurveClientMechanism, type CurveClientOptions } from "../../src/mechanism/curve/curve-client.js";
import { CurveServerMechanism, type CurveServerOptions } from "../../src/mechanism/curve/curve-server.js";
import { generateKeyPair, type KeyPair, type RandomSource } from "../../src/mechanism/curve/nacl-box.js";
import { ascii } from "../helpers/bytes.js";

/** A CommandWriter that keeps each command as the frame body it becomes (name length, name, data). */
export class CommandLog implements CommandWriter {
  readonly bodies: Uint8Array[] = [];
  sendCommand(name: string, data: Uint8Array): void {
    this.bodies.push(encodeCommandBody(name, data));
  }
  /** The commands sent since the last call, decoded. */
  take(): Command[] {
    return this.bodies.splice(0).map(decodeCommand);
  }
}

/** A FrameOutput that keeps what it is given. */
export class FrameLog implements FrameOutput {
  readonly frames: { flags: number; body: Uint8Array }[] = [];
  frame(flags: number, body: Uint8Array): void {
    this.frames.push({ flags, body });
  }
}

export interface WireFrame {
  flags: number;
  body: Uint8Array;
}

/** A captured ZMTP 3.x stream: its 64-octet greeting, then its frames (RFC 23 §"Framing"). */
export function parseStream(hex: string): { greeting: Uint8Array; frames: WireFrame[] } {
  const data = Uint8Array.from(Buffer.from(hex, "hex"));
  const frames: WireFrame[] = [];
  let at = 64;
  while (at < data.length) {
    const flags = data[at]!;
    let size: number;
    if ((flags & 0x02) !== 0) {
      size = Number(Buffer.from(data.subarray(at + 1, at + 9)).readBigUInt64BE());
      at += 9;
    } else {
      size = data[at + 1]!;
      at += 2;
    }
    frames.push({ flags, body: data.subarray(at, at + size) });
    at += size;
  }
  return { greeting: data.subarray(0, 64), frames };
}

/** Hands out `draws` (hex) in order, each exactly of the size asked; fails the test on any difference. */
export function replayedRandom(draws: readonly string[]): RandomSource & { readonly left: number } {
  const queue = [...draws];
  const random = (length: number): Uint8Array => {
    const next = queue.shift();
    if (next === undefined) throw new Error(`no recorded random octets left (asked for ${length})`);
    const bytes = Uint8Array.from(Buffer.from(next, "hex"));
    if (bytes.length !== length) throw new Error(`recorded draw of ${bytes.length} octets, asked for ${length}`);
    return bytes;
  };
  return Object.defineProperty(random, "left", { get: () => queue.length }) as RandomSource & { readonly left: number };
}

export const dealerProperties = (): [string, Uint8Array][] => [
  ["Socket-Type", ascii("DEALER")],
  ["Identity", new Uint8Array(0)],
];
export const routerProperties = (): [string, Uint8Array][] => [
  ["Socket-Type", ascii("ROUTER")],
  ["Identity", new Uint8Array(0)],
];

/** Long-term keys for one client and one server. */
export interface CurveKeys {
  server: KeyPair;
  client: KeyPair;
}

export function freshKeys(): CurveKeys {
  return { server: generateKeyPair(), client: generateKeyPair() };
}

export function client(keys: CurveKeys, options: Partial<CurveClientOptions> = {}): CurveClientMechanism {
  return new CurveClientMechanism({
    publicKey: keys.client.publicKey,
    secretKey: keys.client.secretKey,
    serverKey: keys.server.publicKey,
    properties: dealerProperties(),
    ...options,
  });
}

export function server(keys: CurveKeys, options: Partial<CurveServerOptions> = {}): CurveServerMechanism {
  return new CurveServerMechanism({ secretKey: keys.server.secretKey, properties: routerProperties(), ...options });
}

/** One command from `from`'s log to `to`; returns what `to.onCommand` returned. */
export function deliver(from: CommandLog, to: Mechanism, out: CommandLog): boolean | Promise<boolean> {
  const [command, ...rest] = from.take();
  expect(rest).toEqual([]);
  return to.onCommand(command!, out);
}

/** A client and a server for `keys`, both started: the client's HELLO waits in `toServer`. */
export function startPair(keys: CurveKeys): { c: CurveClientMechanism; s: CurveServerMechanism; toServer: CommandLog; toClient: CommandLog } {
  const c = client(keys);
  const s = server(keys);
  const toServer = new CommandLog();
  const toClient = new CommandLog();
  s.start(toClient);
  c.start(toServer);
  return { c, s, toServer, toClient };
}

/** A full handshake in memory (no ZAP). Returns both mechanisms, connected. */
export function handshake(keys: CurveKeys = freshKeys()): { client: CurveClientMechanism; server: CurveServerMechanism; keys: CurveKeys } {
  const { c, s, toServer, toClient } = startPair(keys);
  expect(deliver(toServer, s, toClient)).toBe(false); // HELLO → WELCOME
  expect(deliver(toClient, c, toServer)).toBe(false); // WELCOME → INITIATE
  expect(deliver(toServer, s, toClient)).toBe(true); // INITIATE → READY
  expect(deliver(toClient, c, toServer)).toBe(true); // READY
  return { client: c, server: s, keys };
}
