/**
 * Driving mechanisms (src/mechanism/) with whatever a peer might send, for the handshake fuzz properties:
 * a writer that keeps every command body, command bodies built from the names and data shapes the
 * handshakes use, ZAP hooks that answer anything, and a lockstep exchange between a client and a server
 * whose messages a property may corrupt on the way.
 */
import fc from "fast-check";
import { decodeCommand, encodeCommandBody, encodeErrorReason, type Command } from "../../src/codec/command.js";
import { encodeMetadata } from "../../src/codec/metadata.js";
import { ProtocolError } from "../../src/errors.js";
import type { CommandWriter, Mechanism } from "../../src/mechanism/mechanism.js";
import type { ZapAuthorize, ZapStatusCode, ZapVerdict } from "../../src/mechanism/zap.js";
import { isHandshakeError } from "./fuzz-kit.js";

/** Keeps each command as the frame body it becomes (raw frames too: libzmq's "^RROR"). */
export class BodyLog implements CommandWriter {
  readonly bodies: Uint8Array[] = [];
  sendCommand(name: string, data: Uint8Array): void {
    this.bodies.push(encodeCommandBody(name, data));
  }
  sendCommandFrame(body: Uint8Array): void {
    this.bodies.push(body.slice());
  }
}

/** How a drive ended: complete, refused with a typed error, or still waiting for the peer. */
export interface Ending {
  completed: boolean;
  /** The typed error's code, if one ended it. */
  error: string | undefined;
  /** The commands the mechanism took, in order (the last one completed it or failed). */
  taken: Command[];
}

/** Anything but a typed handshake error is rethrown, so that fast-check reports it with its seed and path. */
function typedOnly(err: unknown): string {
  if (!isHandshakeError(err)) throw err;
  return (err as ProtocolError).code;
}

/** Reads a command frame body as the engine does: the mechanism's own reader if it has one. */
export function readCommand(mechanism: Mechanism, body: Uint8Array): Command {
  return mechanism.decodeCommand !== undefined ? mechanism.decodeCommand(body) : decodeCommand(body);
}

/** Starts `mechanism`, then gives it `bodies` one by one until it completes or fails. */
export async function drive(mechanism: Mechanism, bodies: readonly Uint8Array[], out: CommandWriter = new BodyLog()): Promise<Ending> {
  const taken: Command[] = [];
  try {
    await mechanism.start(out);
    for (const body of bodies) {
      const command = readCommand(mechanism, body);
      taken.push(command);
      if (await mechanism.onCommand(command, out)) return { completed: true, error: undefined, taken };
    }
  } catch (err) {
    return { completed: false, error: typedOnly(err), taken };
  }
  return { completed: false, error: undefined, taken };
}

const NAMES = ["READY", "ERROR", "HELLO", "WELCOME", "INITIATE", "MESSAGE", "PING", "SUBSCRIBE"];
const SIZES = [30, 64, 160, 168, 194, 200, 257, 300];

const metadataArbitrary = fc.array(fc.tuple(fc.stringMatching(/^[A-Za-z-]{1,12}$/), fc.uint8Array({ maxLength: 16 })), { maxLength: 3 });

/** Command data as the handshakes shape it: metadata, an ERROR reason, HELLO credentials, CURVE-sized boxes, noise. */
export const commandDataArbitrary: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 64 }),
  metadataArbitrary.map((props) => encodeMetadata(props)),
  fc.constantFrom("300", "400", "500", "go away", "").map(encodeErrorReason),
  fc.tuple(fc.uint8Array({ maxLength: 20 }), fc.uint8Array({ maxLength: 20 })).map(([u, p]) => Uint8Array.of(u.length, ...u, p.length, ...p)),
  fc.tuple(fc.constantFrom(...SIZES), fc.uint8Array({ minLength: 2, maxLength: 2 })).map(([size, head]) => {
    const data = new Uint8Array(size);
    data.set(head);
    // CURVE HELLO starts with its version, 1.0.
    if (head[0]! < 128) data.set([1, 0]);
    return data;
  }),
);

/** A command frame body a peer might send during a handshake: a known name or any, then data; or noise. */
export const commandBodyArbitrary: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.oneof(fc.constantFrom(...NAMES), fc.stringMatching(/^[A-Z]{1,10}$/)), commandDataArbitrary).map(([name, data]) => encodeCommandBody(name, data)) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 40 }) },
);

/** What a ZAP handler might answer: any status, no handler at all, or a reply that could not be read. */
export type ZapAnswer = ZapStatusCode | "none" | "malformed";
export const zapAnswerArbitrary: fc.Arbitrary<ZapAnswer> = fc.constantFrom<ZapAnswer>(200, 200, 300, 400, 500, "none", "malformed");

/** A ZapAuthorize that answers `answer` and counts the requests it got. */
export function zapAnswering(answer: ZapAnswer): ZapAuthorize & { readonly asked: number } {
  let asked = 0;
  const authorize = (): Promise<ZapVerdict | undefined> => {
    asked++;
    if (answer === "none") return Promise.resolve(undefined);
    if (answer === "malformed") return Promise.reject(new ProtocolError("ZAP reply has 2 frames, not 7", "ERR_ZAP_MALFORMED_REPLY"));
    const verdict: ZapVerdict = { statusCode: answer, statusText: "", userId: Uint8Array.of(0x75), metadata: new Map() };
    return Promise.resolve(verdict);
  };
  return Object.defineProperty(authorize, "asked", { get: () => asked }) as unknown as ZapAuthorize & { readonly asked: number };
}

/** Changes a command body on its way: flip an octet, cut it short, or leave it. */
export interface Corruption {
  /** Which message of the exchange (counting both directions, in order). */
  message: number;
  kind: "flip" | "truncate" | "none";
  at: number;
  value: number;
}

export const corruptionArbitrary: fc.Arbitrary<Corruption> = fc.record({
  message: fc.nat(4),
  kind: fc.constantFrom("flip", "flip", "truncate", "none"),
  at: fc.nat(),
  value: fc.integer({ min: 1, max: 255 }),
});

function corrupt(body: Uint8Array, c: Corruption): Uint8Array {
  if (c.kind === "none" || body.length === 0) return body;
  const copy = body.slice();
  if (c.kind === "truncate") return copy.subarray(0, c.at % body.length);
  copy[c.at % body.length]! ^= c.value;
  return copy;
}

/**
 * Runs a handshake between `client` and `server` in memory, each command passed the other way in order,
 * with `corruption` applied to one of them. Returns how each side ended.
 */
export async function exchange(client: Mechanism, server: Mechanism, corruption: Corruption): Promise<{ client: Ending; server: Ending }> {
  const toServer = new BodyLog();
  const toClient = new BodyLog();
  const ends: Record<"client" | "server", Ending> = {
    client: { completed: false, error: undefined, taken: [] },
    server: { completed: false, error: undefined, taken: [] },
  };
  let index = 0;
  const step = async (side: "client" | "server", mechanism: Mechanism, inbox: BodyLog, out: BodyLog): Promise<boolean> => {
    const end = ends[side];
    let moved = false;
    while (inbox.bodies.length > 0 && !end.completed && end.error === undefined) {
      const body = inbox.bodies.shift()!;
      const delivered = index++ === corruption.message ? corrupt(body, corruption) : body;
      moved = true;
      try {
        const command = readCommand(mechanism, delivered);
        end.taken.push(command);
        end.completed = await mechanism.onCommand(command, out);
      } catch (err) {
        end.error = typedOnly(err);
      }
    }
    return moved;
  };
  for (const [side, mechanism, out] of [["server", server, toClient], ["client", client, toServer]] as const) {
    try {
      await mechanism.start(out);
    } catch (err) {
      ends[side].error = typedOnly(err);
    }
  }
  for (let round = 0; round < 8; round++) {
    const a = await step("server", server, toServer, toClient);
    const b = await step("client", client, toClient, toServer);
    if (!a && !b) break;
  }
  return ends;
}

/** A deterministic RandomSource (xorshift32) so that a failing case replays exactly. */
export function seededRandom(seed: number): (length: number) => Uint8Array {
  let state = seed >>> 0 || 0x9e3779b9;
  return (length) => {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      out[i] = state & 0xff;
    }
    return out;
  };
}
