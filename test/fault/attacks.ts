/**
 * A corpus of hostile byte streams, built from the wire helpers (independently of src/codec) and a seeded
 * PRNG, so every run sends the same bytes. Each attack says whether a conforming zmtp socket must hang up
 * on it (a protocol violation) or may keep the connection (legal but odd traffic).
 */
import { bytes, concat, filled, randomInt, randomSplit, seededRandom } from "../helpers/bytes.js";
import { commandFrame, frameBytes, greetingBytes, messageBytes, metadataBytes, readyFrame } from "../helpers/wire.js";

export interface Attack {
  name: string;
  /** The stream, already cut into the chunks to write (one read each, roughly). */
  chunks: Uint8Array[];
  /** true: the zmtp side must close the connection; false: it may stay open (we end it ourselves). */
  mustHangUp: boolean;
}

/** A long-size frame header (LONG set) announcing `size` octets, with nothing after it. */
export function longHeader(flags: number, size: bigint): Uint8Array {
  const header = new Uint8Array(9);
  header[0] = flags | 0x02;
  new DataView(header.buffer).setBigUint64(1, size);
  return header;
}

function randomBytes(random: () => number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = randomInt(random, 256);
  return out;
}

/** Random frames that are each well-formed on their own: flags from the legal set, honest sizes. */
function randomLegalFrames(random: () => number, count: number): Uint8Array {
  const parts: Uint8Array[] = [];
  let inMessage = false;
  for (let i = 0; i < count; i++) {
    const kind = randomInt(random, 10);
    const size = kind === 0 ? 256 + randomInt(random, 2000) : randomInt(random, 40);
    if (kind === 1 && !inMessage) {
      // A command with a random name (unknown commands are ignored).
      const name = String.fromCharCode(...Array.from({ length: 1 + randomInt(random, 12) }, () => 65 + randomInt(random, 26)));
      parts.push(commandFrame(name, randomBytes(random, size)));
      continue;
    }
    const more = randomInt(random, 3) === 0;
    inMessage = more;
    parts.push(frameBytes(more ? 0x01 : 0x00, randomBytes(random, size), { long: size > 255 || randomInt(random, 8) === 0 }));
  }
  if (inMessage) parts.push(frameBytes(0x00, []));
  return concat(parts);
}

/** Greeting and READY of a well-behaved ZMTP 3.1 peer of `socketType`. */
export function handshake(socketType: string, properties: readonly (readonly [string, Uint8Array | string])[] = []): Uint8Array {
  return concat([greetingBytes(), readyFrame([["Socket-Type", socketType], ...properties])]);
}

/** READY whose raw metadata octets are given as they are (for malformed metadata). */
function readyWithRawMetadata(metadata: Uint8Array): Uint8Array {
  return commandFrame("READY", metadata);
}

/**
 * The corpus against a bound socket whose compatible peer type is `peerType` (PUSH for a PULL, …).
 * Deterministic for a given seed.
 */
export function attacksFor(peerType: string, seed: number): Attack[] {
  const random = seededRandom(seed);
  const hs = handshake(peerType);
  const whole = (name: string, data: Uint8Array, mustHangUp: boolean): Attack => ({ name, chunks: [data], mustHangUp });
  const split = (name: string, data: Uint8Array, mustHangUp: boolean): Attack => ({
    name,
    chunks: randomSplit(data, randomInt(random, 1 << 30)),
    mustHangUp,
  });
  const attacks: Attack[] = [];

  // --- before and during the greeting ---
  for (let i = 0; i < 6; i++) {
    const junk = randomBytes(random, 1 + randomInt(random, 3000));
    // A first octet other than 0xFF makes an unversioned ZMTP 1.0 peer, served as libzmq serves it: its
    // random "frames" may be legal (or end in a length of 0, which is a violation).
    if (junk[0] === 0xff) junk[0] = 0x00;
    attacks.push(split(`random garbage #${i}`, junk, false));
  }
  attacks.push(whole("ZMTP 1.0 greeting (an anonymous identity frame)", bytes(0x01, 0x00), false));
  attacks.push(whole("ZMTP 1.0 frame of length 0 (it must count the flags octet)", bytes(0x01, 0x00, 0x00), true));
  // Unversioned: a long ZMTP 1.0 header whose length (the zero padding) is 0.
  attacks.push(whole("signature without bit 0 of octet 9", greetingBytes({ last: 0x7e }), true));
  // ZMTP 2.0: after 12 octets, "NULL…" read as a frame: 'N' has LONG set and "ULL\0…" is a length past 2^53.
  attacks.push(whole("ZMTP 2.0 (revision 1) with a 3.x greeting's tail", greetingBytes({ major: 1 }), true));
  attacks.push(whole("revision 2 (a 3.x greeting for libzmq)", greetingBytes({ major: 2 }), false));
  attacks.push(whole("revision 0 (versioned ZMTP 1.0), a frame cut short", greetingBytes({ major: 0 }), false));
  attacks.push(whole("mechanism PLAIN", concat([greetingBytes({ mechanism: "PLAIN" }), readyFrame([["Socket-Type", peerType]])]), true));
  attacks.push(whole("mechanism CURVE", greetingBytes({ mechanism: "CURVE" }), true));
  attacks.push(whole("empty mechanism", greetingBytes({ mechanism: "" }), true));
  const binaryMechanism = greetingBytes();
  binaryMechanism.set(randomBytes(random, 20).map((b) => b | 0x80), 12);
  attacks.push(whole("binary mechanism name", binaryMechanism, true));
  for (let i = 0; i < 4; i++) {
    const cut = 1 + randomInt(random, 63);
    attacks.push(whole(`greeting truncated at ${cut}`, greetingBytes().subarray(0, cut), false));
  }
  attacks.push(whole("greeting with random padding and filler", greetingBytes({ padding: [9, 8, 7, 6, 5, 4, 3, 2], filler: 0xee, asServer: 1 }), false));
  attacks.push({ name: "greeting one octet at a time", chunks: Array.from(hs, (b) => Uint8Array.of(b)), mustHangUp: false });
  for (let i = 0; i < 4; i++) {
    attacks.push(split(`greeting then random bytes #${i}`, concat([greetingBytes(), randomBytes(random, 1 + randomInt(random, 2000))]), false));
  }

  // --- handshake ---
  attacks.push(whole("message frame instead of READY", concat([greetingBytes(), messageBytes(["hello"])]), true));
  attacks.push(whole("READY from an incompatible socket type", handshake("PAIR" === peerType ? "PUSH" : "PAIR"), true));
  attacks.push(whole("READY with an unknown socket type", handshake("FOO"), true));
  attacks.push(whole("READY without Socket-Type", concat([greetingBytes(), readyFrame([])]), true));
  attacks.push(whole("READY with a 255-octet Socket-Type value", handshake("X".repeat(255)), true));
  attacks.push(whole("READY with a 255-octet property name", handshake(peerType, [["N".repeat(255), "v"]]), false));
  attacks.push(whole("READY with a 64 KiB property value", handshake(peerType, [["X-Big", filled(65536, 0x41)]]), false));
  attacks.push(whole("READY with a 255-octet Identity", handshake(peerType, [["Identity", filled(255, 0x49)]]), false));
  const fourGiB = concat([bytes(11, "Socket-Type"), bytes(0xff, 0xff, 0xff, 0xff), bytes(peerType)]);
  attacks.push(whole("READY with a 4 GiB value length", concat([greetingBytes(), readyWithRawMetadata(fourGiB)]), true));
  attacks.push(whole("READY with a zero-length property name", concat([greetingBytes(), readyWithRawMetadata(bytes(0, 0, 0, 0, 0))]), true));
  attacks.push(
    whole("READY with a name length past the end", concat([greetingBytes(), readyWithRawMetadata(bytes(200, "Socket-Type"))]), true),
  );
  attacks.push(
    whole(
      "READY with a bad character in a name",
      concat([greetingBytes(), readyWithRawMetadata(concat([metadataBytes([["Socket-Type", peerType]]), bytes(3, "a b", 0, 0, 0, 0)]))]),
      true,
    ),
  );
  attacks.push(
    whole(
      "READY with a stray trailing octet",
      concat([greetingBytes(), readyWithRawMetadata(concat([metadataBytes([["Socket-Type", peerType]]), bytes(7)]))]),
      true,
    ),
  );
  attacks.push(whole("empty command frame in the handshake", concat([greetingBytes(), frameBytes(0x04, [])]), true));
  attacks.push(whole("command name longer than its frame", concat([greetingBytes(), frameBytes(0x04, bytes(40, "READY"))]), true));
  attacks.push(whole("ERROR instead of READY", concat([greetingBytes(), commandFrame("ERROR", bytes(4, "nope"))]), true));
  attacks.push(whole("ERROR with a truncated reason", concat([greetingBytes(), commandFrame("ERROR", bytes(200, "x"))]), true));
  attacks.push(whole("unknown command in the handshake", concat([greetingBytes(), commandFrame("HELLO", "x")]), true));
  attacks.push(whole("command frame with MORE", concat([greetingBytes(), frameBytes(0x05, bytes(5, "READY"))]), true));
  attacks.push(whole("reserved flag bits in the handshake", concat([greetingBytes(), bytes(0x80, 0)]), true));

  // --- traffic ---
  for (const size of [2n ** 64n - 1n, 2n ** 63n, 2n ** 53n + 1n, 2n ** 53n]) {
    attacks.push(whole(`long size 0x${size.toString(16)}`, concat([hs, longHeader(0x00, size)]), true));
  }
  attacks.push(whole("long size 2^53-1 then a hang-up", concat([hs, longHeader(0x00, 2n ** 53n - 1n), filled(100, 1)]), false));
  attacks.push(whole("long size 4 GiB, body never sent", concat([hs, longHeader(0x01, 2n ** 32n)]), false));
  attacks.push(whole("command with a 2^63 long size", concat([hs, longHeader(0x04, 2n ** 63n)]), true));
  attacks.push(whole("reserved flag bits in traffic", concat([hs, messageBytes(["ok"]), bytes(0x08, 0)]), true));
  attacks.push(whole("flags 0xFF", concat([hs, bytes(0xff, 0, 0, 0, 0, 0, 0, 0, 0)]), true));
  attacks.push(whole("COMMAND|MORE in traffic", concat([hs, frameBytes(0x05, bytes(4, "PING", 0, 0))]), true));
  attacks.push(whole("long size below 256", concat([hs, frameBytes(0x00, "tiny", { long: true })]), false));
  attacks.push(whole("50,000 empty messages", concat([hs, filled(100_000, 0)]), false));
  const moreFlood = new Uint8Array(100_000);
  for (let i = 0; i < moreFlood.length; i += 2) moreFlood[i] = 0x01;
  attacks.push(whole("50,000 empty MORE frames, then the last one", concat([hs, moreFlood, bytes(0, 0)]), false));
  attacks.push(whole("50,000 empty MORE frames, never finished", concat([hs, moreFlood]), false));
  const pings = concat(Array.from({ length: 5000 }, (_, i) => commandFrame("PING", bytes(0, 10, `c${i}`))));
  attacks.push(split("5,000 PINGs", concat([hs, pings]), false));
  const unknown = concat(Array.from({ length: 5000 }, (_, i) => commandFrame(`X${i % 97}`, bytes(i & 0xff))));
  attacks.push(split("5,000 unknown commands", concat([hs, unknown]), false));
  attacks.push(whole("PING with a 64 KiB context", concat([hs, commandFrame("PING", concat([bytes(0, 10), filled(65536, 7)]))]), false));
  attacks.push(whole("PING with a 300-octet context", concat([hs, commandFrame("PING", concat([bytes(0, 10), filled(300, 7)]))]), false));
  attacks.push(whole("PING without a TTL", concat([hs, commandFrame("PING", bytes(1))]), true));
  attacks.push(whole("PONG out of the blue", concat([hs, commandFrame("PONG", "abc")]), false));
  attacks.push(whole("SUBSCRIBE and CANCEL", concat([hs, commandFrame("SUBSCRIBE", "good"), commandFrame("CANCEL", "good"), commandFrame("SUBSCRIBE", filled(400, 0x67))]), false));
  attacks.push(whole("second READY in traffic", concat([hs, readyFrame([["Socket-Type", peerType]])]), false));
  attacks.push(whole("empty command frame in traffic", concat([hs, frameBytes(0x04, [])]), true));
  attacks.push(whole("zero-length command name in traffic", concat([hs, frameBytes(0x04, bytes(0, "x"))]), true));
  attacks.push(whole("ERROR mid-traffic", concat([hs, messageBytes(["a"]), commandFrame("ERROR", bytes(3, "bye")), messageBytes(["b"])]), true));
  attacks.push(whole("ERROR with an empty body mid-traffic", concat([hs, commandFrame("ERROR", [])]), true));
  attacks.push(whole("half a multipart message, then a hang-up", concat([hs, frameBytes(0x01, "part1"), frameBytes(0x01, "part2")]), false));
  attacks.push(whole("a header cut in half", concat([hs, bytes(0x02, 0, 0, 0)]), false));
  for (let i = 0; i < 6; i++) {
    attacks.push(split(`handshake then random legal frames #${i}`, concat([hs, randomLegalFrames(random, 50 + randomInt(random, 300))]), false));
  }
  for (let i = 0; i < 4; i++) {
    attacks.push(split(`handshake then random bytes #${i}`, concat([hs, randomBytes(random, 1 + randomInt(random, 4000))]), false));
  }
  return attacks;
}
