/**
 * Known answers from libzmq itself: curve-vectors.json holds two CURVE sessions between zmtp and libzmq
 * 4.3.5, captured octet for octet by curve-capture.ts, with the random octets zmtp drew. Replayed here
 * with the same random octets, our mechanisms must write exactly what libzmq accepted (HELLO, INITIATE,
 * WELCOME, READY, MESSAGE) and open exactly what libzmq wrote, commands included.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { decodeCommand } from "../../src/codec/command.js";
import { FLAG_COMMAND, FLAG_MORE } from "../../src/codec/constants.js";
import { publicKeyOf } from "../../src/mechanism/curve/nacl-box.js";
import { decode as z85Decode } from "../../src/z85.js";
import { ascii, bytes, hex } from "../helpers/bytes.js";
import { frameText } from "../helpers/text.js";
import { client, CommandLog, dealerProperties, FrameLog, parseStream, replayedRandom, server, type CurveKeys } from "./curve-kit.js";

interface Session {
  draws: string[];
  toServer: string;
  toClient: string;
}
interface Vectors {
  libzmq: string;
  serverKeys: { publicKey: string; secretKey: string };
  clientKeys: { publicKey: string; secretKey: string };
  client: Session;
  server: Session;
}

const vectors = JSON.parse(
  fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), "curve-vectors.json"), "utf8"),
) as Vectors;

const keys: CurveKeys = {
  server: { publicKey: z85Decode(vectors.serverKeys.publicKey), secretKey: z85Decode(vectors.serverKeys.secretKey) },
  client: { publicKey: z85Decode(vectors.clientKeys.publicKey), secretKey: z85Decode(vectors.clientKeys.secretKey) },
};

const MESSAGE = ascii("\x07MESSAGE");

describe("CURVE known answers captured from libzmq 4.3.5", () => {
  it("the vectors come from libzmq 4.3.5 and its keys are X25519 pairs", () => {
    expect(vectors.libzmq).toBe("4.3.5");
    expect(hex(publicKeyOf(keys.server.secretKey))).toBe(hex(keys.server.publicKey));
    expect(hex(publicKeyOf(keys.client.secretKey))).toBe(hex(keys.client.publicKey));
  });

  describe("zmtp client ↔ libzmq server (DEALER → ROUTER)", () => {
    const up = parseStream(vectors.client.toServer);
    const down = parseStream(vectors.client.toClient);

    it("greetings name CURVE; libzmq's server writes as-server 0 (it always does, and reads nothing there)", () => {
      expect(frameText(up.greeting.subarray(12, 17))).toBe("CURVE");
      expect(up.greeting[32]).toBe(0);
      expect(frameText(down.greeting.subarray(12, 17))).toBe("CURVE");
      expect(down.greeting[32]).toBe(0);
      // Ours, as a server, says so (RFC 23 §"The Greeting"); libzmq accepted it.
      expect(parseStream(vectors.server.toClient).greeting[32]).toBe(1);
    });

    it("writes byte for byte the HELLO and INITIATE libzmq accepted, and opens libzmq's WELCOME and READY", () => {
      const random = replayedRandom(vectors.client.draws);
      const mechanism = client(keys, { properties: dealerProperties(), random });
      const out = new CommandLog();
      mechanism.start(out);
      expect(up.frames[0]!.flags).toBe(FLAG_COMMAND);
      expect(hex(out.bodies[0]!)).toBe(hex(up.frames[0]!.body)); // HELLO: 200 octets
      expect(out.bodies[0]!.length).toBe(200);

      expect(mechanism.onCommand(decodeCommand(down.frames[0]!.body), out)).toBe(false); // WELCOME
      expect(hex(out.bodies[1]!)).toBe(hex(up.frames[1]!.body)); // INITIATE
      expect(mechanism.onCommand(decodeCommand(down.frames[1]!.body), out)).toBe(true); // READY
      expect(random.left).toBe(0);
      expect(frameText(mechanism.peerMetadata.get("socket-type")!)).toBe("ROUTER");
    });

    it("boxes each frame as libzmq does (MESSAGE in a frame with flags 0, nonces from 3) and opens libzmq's", () => {
      const mechanism = client(keys, { random: replayedRandom(vectors.client.draws) });
      const out = new CommandLog();
      mechanism.start(out);
      mechanism.onCommand(decodeCommand(down.frames[0]!.body), out);
      mechanism.onCommand(decodeCommand(down.frames[1]!.body), out);
      const transform = mechanism.transform!;

      const sent = new FrameLog();
      transform.encode(FLAG_MORE, ascii("hello"), sent);
      transform.encode(0, ascii("world"), sent);
      expect(sent.frames.map((f) => f.flags)).toEqual([up.frames[2]!.flags, up.frames[3]!.flags]);
      expect(up.frames[2]!.flags).toBe(0);
      expect(sent.frames.map((f) => hex(f.body))).toEqual([hex(up.frames[2]!.body), hex(up.frames[3]!.body)]);
      expect(hex(up.frames[2]!.body.subarray(0, 16))).toBe(hex(new Uint8Array([...MESSAGE, 0, 0, 0, 0, 0, 0, 0, 3])));

      const received = new FrameLog();
      for (const frame of down.frames.slice(2)) transform.decode(frame.flags, frame.body, received);
      expect(received.frames.map((f) => [f.flags, frameText(f.body)])).toEqual([
        [FLAG_MORE, "back"],
        [0, "again"],
      ]);
      // libzmq's server counts READY as 1: its first MESSAGE is 2, and it writes flags 0 too.
      expect(down.frames[2]!.flags).toBe(0);
      expect(hex(down.frames[2]!.body.subarray(8, 16))).toBe(hex(bytes(0, 0, 0, 0, 0, 0, 0, 2)));
    });
  });

  describe("libzmq client ↔ zmtp server (SUB → PUB)", () => {
    const up = parseStream(vectors.server.toServer);
    const down = parseStream(vectors.server.toClient);

    it("writes byte for byte the WELCOME and READY libzmq accepted, and opens libzmq's HELLO and INITIATE", () => {
      const random = replayedRandom(vectors.server.draws);
      const mechanism = server(keys, { properties: [["Socket-Type", ascii("PUB")]], random });
      const out = new CommandLog();
      mechanism.start(out);
      expect(out.bodies).toEqual([]);
      expect(mechanism.onCommand(decodeCommand(up.frames[0]!.body), out)).toBe(false); // HELLO
      expect(hex(out.bodies[0]!)).toBe(hex(down.frames[0]!.body)); // WELCOME: 168 octets
      expect(out.bodies[0]!.length).toBe(168);
      expect(mechanism.onCommand(decodeCommand(up.frames[1]!.body), out)).toBe(true); // INITIATE
      expect(hex(out.bodies[1]!)).toBe(hex(down.frames[1]!.body)); // READY
      expect(random.left).toBe(0);
      expect(frameText(mechanism.peerMetadata.get("socket-type")!)).toBe("SUB");
    });

    it("opens libzmq's boxed SUBSCRIBE command and boxes what the PUB sends exactly as libzmq read it", () => {
      const mechanism = server(keys, { properties: [["Socket-Type", ascii("PUB")]], random: replayedRandom(vectors.server.draws) });
      const out = new CommandLog();
      mechanism.start(out);
      mechanism.onCommand(decodeCommand(up.frames[0]!.body), out);
      mechanism.onCommand(decodeCommand(up.frames[1]!.body), out);
      const transform = mechanism.transform!;

      const received = new FrameLog();
      transform.decode(up.frames[2]!.flags, up.frames[2]!.body, received);
      // A ZMTP 3.1 libzmq subscriber boxes SUBSCRIBE as a command (box flags 2), not as "\x01topic".
      expect(received.frames.map((f) => [f.flags, frameText(f.body)])).toEqual([[FLAG_COMMAND, "\x09SUBSCRIBEtopic"]]);

      const sent = new FrameLog();
      transform.encode(FLAG_MORE, ascii("topic"), sent);
      transform.encode(0, ascii("news"), sent);
      expect(sent.frames.map((f) => hex(f.body))).toEqual([hex(down.frames[2]!.body), hex(down.frames[3]!.body)]);
    });
  });
});
