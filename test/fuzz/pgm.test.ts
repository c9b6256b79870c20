/**
 * Fuzzing epgm's receiving side (issue 22: malformed PGM never crashes): the packet decoder on any octets and
 * on OpenPGM's packets with octets changed (resealed, so the checksum passes); a receiver fed such packets,
 * which never throws and never holds more sources than its bound; and a source's APDU stream with APDUs lost
 * at random, which delivers only whole messages that were sent, in order, however the losses fall.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ApduWriter } from "../../src/codec/pgm/apdu-writer.js";
import { packetChecksum } from "../../src/codec/pgm/checksum.js";
import { DATA_PACKET_OFFSET } from "../../src/codec/pgm/constants.js";
import { decodePgmPacket } from "../../src/codec/pgm/packet-decoder.js";
import { encodeNak, sealData } from "../../src/codec/pgm/packet-encoder.js";
import { ApduStream } from "../../src/engine/pgm/apdu-stream.js";
import { MAX_SOURCES } from "../../src/engine/pgm/pgm-receiver.js";
import { FIN_SPM, FIRST_SPM, HEARTBEAT_SPM, ODATA } from "../codec/pgm/libzmq-captures.js";
import { FakeNetwork, FakeScheduler, GROUP, PORT } from "../helpers/pgm-fake-network.js";
import { fuzz, fuzzAsync } from "../helpers/fuzz-runs.js";

const GOOD = [FIRST_SPM, HEARTBEAT_SPM, FIN_SPM, ODATA, encodeNak({ sourcePort: PORT, destinationPort: 9, gsi: 1 }, "nak", [1, 2, 3], "10.0.0.1", GROUP)];

function reseal(bytes: Uint8Array): Uint8Array {
  if (bytes.length >= 8) {
    const sum = packetChecksum(bytes);
    bytes[6] = sum >> 8;
    bytes[7] = sum & 0xff;
  }
  return bytes;
}

/** A well-formed packet with octets changed (and the checksum made right again), or cut short, or grown. */
const mutatedArbitrary = fc
  .record({
    base: fc.constantFrom(...GOOD),
    edits: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
    cut: fc.option(fc.nat(), { nil: undefined }),
    tail: fc.uint8Array({ maxLength: 12 }),
  })
  .map(({ base, edits, cut, tail }) => {
    const bytes = new Uint8Array(base.length + tail.length);
    bytes.set(base);
    bytes.set(tail, base.length);
    for (const [at, value] of edits) bytes[at % bytes.length] = value;
    return reseal(cut === undefined ? bytes : bytes.slice(0, cut % (bytes.length + 1)));
  });

describe("fuzzing epgm's receiving side", () => {
  it("the decoder never throws, whatever the octets, and a packet it accepts has what its kind promises", () => {
    fuzz(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 80 }), mutatedArbitrary), (bytes) => {
        const packet = decodePgmPacket(bytes);
        if (packet.kind === "odata" || packet.kind === "rdata") expect(packet.payload.length).toBe(packet.header.tsduLength);
        if (packet.kind === "nak" || packet.kind === "ncf" || packet.kind === "nnak") expect(packet.sqns.length).toBeLessThanOrEqual(63);
      }),
    );
  });

  it("a receiver fed changed, resealed packets (and random data under a real source's TSI) never throws and bounds its sources", async () => {
    await fuzzAsync(
      fc.asyncProperty(fc.array(fc.oneof(mutatedArbitrary, fc.uint8Array({ minLength: 16, maxLength: 200 }).map(asData)), { maxLength: 60 }), async (datagrams) => {
        const clock = new FakeScheduler();
        const net = new FakeNetwork(clock);
        const receiver = net.addReceiver();
        for (const bytes of datagrams) {
          const packet = decodePgmPacket(bytes);
          if (packet.kind === "drop") receiver.engine.dropped(packet.reason);
          else receiver.engine.onPacket(packet, "10.0.0.1");
          await clock.advance(7);
        }
        await clock.advance(2000);
        receiver.take();
        expect(receiver.engine.sources.length).toBeLessThanOrEqual(MAX_SOURCES);
      }),
      0.25,
    );
  });

  it("with APDUs lost anywhere, the stream delivers only whole messages that were sent, in order", () => {
    fuzz(
      fc.property(
        fc.array(fc.array(fc.uint8Array({ maxLength: 700 }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 3, max: 300 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        (messages, tsdu, lostAt) => {
          const apdus: Uint8Array[] = [];
          const writer = new ApduWriter(tsdu, (packet) => apdus.push(packet.subarray(DATA_PACKET_OFFSET)));
          for (const message of messages) writer.write(message);
          writer.flush();
          const lost = new Set(lostAt.map((i) => i % apdus.length));
          const sent = messages.map((m) => Buffer.concat(m.map((f) => Buffer.concat([Buffer.from([f.length >> 8, f.length & 0xff]), f]))).toString("hex"));
          const got: string[] = [];
          const stream = new ApduStream((m) => {
            got.push(Buffer.concat(m.map((f) => Buffer.concat([Buffer.from([f.length >> 8, f.length & 0xff]), f]))).toString("hex"));
            return true;
          }, -1);
          apdus.forEach((apdu, i) => {
            // The receive window tells the stream of each loss: it starts over.
            if (lost.has(i)) stream.reset();
            else stream.push(apdu);
          });
          let from = 0;
          for (const message of got) {
            const at = sent.indexOf(message, from);
            expect(at, "a delivered message that was not sent (or out of order)").toBeGreaterThanOrEqual(0);
            from = at + 1;
          }
          if (lost.size === 0) expect(got).toEqual(sent);
          expect(stream.stats.inconsistent + stream.stats.decodeErrors + stream.stats.malformed).toBe(0);
        },
      ),
    );
  });
});

/** Random octets as the payload of a valid ODATA from the fake network's source (its GSI and port). */
function asData(payload: Uint8Array): Uint8Array {
  const packet = new Uint8Array(DATA_PACKET_OFFSET + payload.length);
  packet.set(payload, DATA_PACKET_OFFSET);
  return sealData(packet, { sourcePort: 40000, destinationPort: PORT, gsi: 0x123456789abc }, false, payload[0] ?? 0, 0);
}
