/**
 * Fuzzing each mechanism's handshake (RFC 23/37 NULL, RFC 24 PLAIN, RFC 26 CURVE, with RFC 27 ZAP): random
 * command frames from the peer never make a mechanism throw anything but ProtocolError, AuthError or
 * HandshakeError, and never complete it but in the exchange the RFC describes; a real handshake with one
 * message corrupted on the way fails with a typed error, or completes with the metadata each side sent.
 * After a CURVE handshake, random frames never come out of the MESSAGE box.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeMetadata } from "../../src/codec/metadata.js";
import { CurveClientMechanism } from "../../src/mechanism/curve/curve-client.js";
import { CurveServerMechanism } from "../../src/mechanism/curve/curve-server.js";
import { generateKeyPair } from "../../src/mechanism/curve/nacl-box.js";
import type { Mechanism } from "../../src/mechanism/mechanism.js";
import { NullMechanism } from "../../src/mechanism/null-mechanism.js";
import { PlainClient } from "../../src/mechanism/plain/plain-client.js";
import { PlainServer } from "../../src/mechanism/plain/plain-server.js";
import { ZapNullMechanism } from "../../src/mechanism/zap-null-mechanism.js";
import { fuzzAsync } from "../helpers/fuzz-runs.js";
import { isCodecError } from "./fuzz-kit.js";
import { commandBodyArbitrary, corruptionArbitrary, drive, exchange, seededRandom, zapAnswerArbitrary, zapAnswering, type Corruption, type ZapAnswer } from "./handshake-kit.js";

const ascii = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));
const clientProps = (): [string, Uint8Array][] => [["Socket-Type", ascii("DEALER")], ["Identity", ascii("c")]];
const serverProps = (): [string, Uint8Array][] => [["Socket-Type", ascii("ROUTER")], ["Identity", new Uint8Array(0)]];
const asMap = (props: [string, Uint8Array][]): Map<string, Uint8Array> => new Map(props.map(([name, value]) => [name.toLowerCase(), value]));

const bodies = fc.array(commandBodyArbitrary, { maxLength: 5 });

const serverKeys = generateKeyPair();
const clientKeys = generateKeyPair();
const curveClient = (seed: number): CurveClientMechanism =>
  new CurveClientMechanism({ ...clientKeys, serverKey: serverKeys.publicKey, properties: clientProps(), random: seededRandom(seed) });
const curveServer = (seed: number, answer?: ZapAnswer): CurveServerMechanism =>
  new CurveServerMechanism({
    secretKey: serverKeys.secretKey,
    properties: serverProps(),
    random: seededRandom(seed),
    ...(answer === undefined ? {} : { authorize: zapAnswering(answer) }),
  });

const CURVE_WEIGHT = 0.02;

describe("handshakes under random commands, fuzzed", () => {
  it("NULL: typed errors only; completes only on a READY whose metadata it then holds", async () => {
    await fuzzAsync(
      fc.asyncProperty(bodies, async (input) => {
        const mechanism = new NullMechanism(serverProps());
        const end = await drive(mechanism, input);
        if (!end.completed) return;
        const ready = end.taken.at(-1)!;
        expect(end.taken.map((c) => c.name)).toEqual(["READY"]);
        expect(mechanism.peerMetadata).toEqual(decodeMetadata(ready.data));
      }),
    );
  });

  it("NULL with ZAP: typed errors only; completes only when ZAP let it and the peer sent READY", async () => {
    await fuzzAsync(
      fc.asyncProperty(bodies, zapAnswerArbitrary, fc.boolean(), async (input, answer, enforce) => {
        const authorize = zapAnswering(answer);
        const end = await drive(new ZapNullMechanism({ properties: serverProps(), authorize, enforce }), input);
        expect(authorize.asked).toBe(1);
        if (!end.completed) return;
        expect(answer === 200 || (answer === "none" && !enforce)).toBe(true);
        expect(end.taken.map((c) => c.name)).toEqual(["READY"]);
      }),
    );
  });

  it("PLAIN server: typed errors only; completes only after HELLO, ZAP's 200 and INITIATE", async () => {
    await fuzzAsync(
      fc.asyncProperty(bodies, zapAnswerArbitrary, async (input, answer) => {
        const authorize = zapAnswering(answer);
        const mechanism = new PlainServer({ properties: serverProps(), authorize });
        const end = await drive(mechanism, input);
        if (!end.completed) return;
        expect(answer).toBe(200);
        expect(end.taken.map((c) => c.name)).toEqual(["HELLO", "INITIATE"]);
        expect(mechanism.peerMetadata.get("user-id")).toEqual(Uint8Array.of(0x75));
      }),
    );
  });

  it("PLAIN client: typed errors only; completes only after an empty WELCOME and a READY", async () => {
    await fuzzAsync(
      fc.asyncProperty(bodies, async (input) => {
        const mechanism = new PlainClient({ properties: clientProps(), username: "u", password: "p" });
        const end = await drive(mechanism, input);
        if (!end.completed) return;
        expect(end.taken.map((c) => c.name)).toEqual(["WELCOME", "READY"]);
        expect(end.taken[0]!.data.length).toBe(0);
        expect(mechanism.peerMetadata).toEqual(decodeMetadata(end.taken[1]!.data));
      }),
    );
  });

  it("CURVE server and client: typed errors only, and random commands never complete either", async () => {
    await fuzzAsync(
      fc.asyncProperty(bodies, fc.nat(), async (input, seed) => {
        expect((await drive(curveServer(seed), input)).completed).toBe(false);
        expect((await drive(curveClient(seed), input)).completed).toBe(false);
      }),
      CURVE_WEIGHT * 5,
    );
  });
});

describe("real handshakes with one message corrupted, fuzzed", () => {
  /**
   * Both complete on an intact exchange. Whatever was corrupted, a side completes only holding the metadata
   * it was given: for CURVE, whose boxes authenticate everything, exactly what the other side sent; for NULL
   * and PLAIN, which authenticate nothing, what the READY / INITIATE it took says (a changed octet there is
   * merely other metadata).
   */
  async function check(client: Mechanism, server: Mechanism, corruption: Corruption, authenticated: boolean): Promise<void> {
    const ends = await exchange(client, server, corruption);
    if (corruption.kind === "none") expect(ends.client.completed && ends.server.completed).toBe(true);
    for (const [end, mechanism, sent] of [
      [ends.client, client, asMap(serverProps())],
      [ends.server, server, asMap(clientProps())],
    ] as const) {
      if (!end.completed) continue;
      const given = authenticated ? sent : decodeMetadata(end.taken.at(-1)!.data);
      for (const [name, value] of given) expect(mechanism.peerMetadata.get(name)).toEqual(value);
    }
  }

  it("NULL", async () => {
    await fuzzAsync(
      fc.asyncProperty(corruptionArbitrary, async (corruption) => {
        await check(new NullMechanism(clientProps()), new NullMechanism(serverProps()), corruption, false);
      }),
    );
  });

  it("PLAIN", async () => {
    await fuzzAsync(
      fc.asyncProperty(corruptionArbitrary, async (corruption) => {
        const client = new PlainClient({ properties: clientProps(), username: "admin", password: "secret" });
        await check(client, new PlainServer({ properties: serverProps(), authorize: zapAnswering(200) }), corruption, false);
      }),
    );
  });

  it("CURVE (with and without ZAP)", async () => {
    await fuzzAsync(
      fc.asyncProperty(corruptionArbitrary, fc.nat(), fc.boolean(), async (corruption, seed, zap) => {
        await check(curveClient(seed), curveServer(seed + 1, zap ? 200 : undefined), corruption, true);
      }),
      CURVE_WEIGHT,
    );
  });

  it("CURVE traffic: random or altered frames never come out of the MESSAGE box", async () => {
    const frame = fc.oneof(fc.uint8Array({ maxLength: 120 }), fc.tuple(fc.uint8Array({ maxLength: 60 }), fc.nat(), fc.integer({ min: 1, max: 255 })));
    await fuzzAsync(
      fc.asyncProperty(fc.nat(), fc.array(frame, { minLength: 1, maxLength: 4 }), async (seed, frames) => {
        const client = curveClient(seed);
        const server = curveServer(seed + 1);
        const ends = await exchange(client, server, { message: 0, kind: "none", at: 0, value: 1 });
        expect(ends.client.completed && ends.server.completed).toBe(true);
        for (const spec of frames) {
          let body: Uint8Array;
          if (spec instanceof Uint8Array) {
            body = spec;
          } else {
            // A real MESSAGE with one octet changed.
            const [plain, at, value] = spec;
            const sealed: Uint8Array[] = [];
            client.transform!.encode(0, plain, { frame: (_flags: number, b: Uint8Array) => sealed.push(b) });
            body = sealed[0]!.slice();
            body[at % body.length]! ^= value;
          }
          const out: Uint8Array[] = [];
          try {
            server.transform!.decode(0, body, { frame: (_flags: number, b: Uint8Array) => out.push(b) });
          } catch (err) {
            if (!isCodecError(err)) throw err;
            return;
          }
          throw new Error(`a frame of ${body.length} octets came out of the box as ${out.length} frame(s)`);
        }
      }),
      CURVE_WEIGHT,
    );
  });
});
