import { describe, expect, it } from "vitest";
import { packetChecksum } from "../../../src/codec/pgm/checksum.js";
import { decodePgmPacket } from "../../../src/codec/pgm/packet-decoder.js";
import type { PgmPacket } from "../../../src/codec/pgm/packet.js";
import { bytes } from "../../helpers/bytes.js";
import { CAPTURED_GSI, CAPTURED_SOURCE_PORT, FIN_SPM, FIRST_SPM, HEARTBEAT_SPM, ODATA } from "./libzmq-captures.js";

function decoded(packet: Uint8Array): PgmPacket {
  const result = decodePgmPacket(packet);
  if (result.kind === "drop") throw new Error(`dropped: ${result.reason}`);
  return result;
}

/** A copy of `packet` with its checksum recomputed after `change`. */
function resealed(packet: Uint8Array, change: (copy: Uint8Array) => void): Uint8Array {
  const copy = packet.slice();
  change(copy);
  const sum = packetChecksum(copy);
  copy[6] = sum >> 8;
  copy[7] = sum & 0xff;
  return copy;
}

describe("decoding PGM packets (RFC 3208 §8) as libzmq + OpenPGM send them", () => {
  it("reads OpenPGM's first SPM: ports, GSI, sqn, trail, lead 0xFFFFFFFF and the source's NLA", () => {
    expect(decoded(FIRST_SPM)).toEqual({
      kind: "spm",
      header: { sourcePort: CAPTURED_SOURCE_PORT, destinationPort: 5555, type: 0, options: 0, gsi: CAPTURED_GSI, tsduLength: 0 },
      spmSqn: 0,
      trail: 0,
      lead: 0xffffffff,
      nla: "10.22.0.1",
      fin: false,
    });
    expect(decoded(HEARTBEAT_SPM)).toMatchObject({ kind: "spm", spmSqn: 3, trail: 0, lead: 0 });
  });

  it("reads OPT_FIN in a closing SPM", () => {
    expect(decoded(FIN_SPM)).toMatchObject({ kind: "spm", spmSqn: 8, fin: true, nla: "10.22.0.1" });
  });

  it("reads ODATA: sqn, trail and the TSDU as a view of the packet", () => {
    const packet = decoded(ODATA);
    expect(packet).toMatchObject({ kind: "odata", sqn: 0, trail: 0, header: { tsduLength: 326 } });
    if (packet.kind !== "odata") return;
    expect(packet.payload.length).toBe(326);
    expect(packet.payload.buffer).toBe(ODATA.buffer);
    expect(Buffer.from(packet.payload.subarray(0, 9)).toString("hex")).toBe("0000" + "0600" + "68656c6c6f");
  });

  it("checks the checksum of every packet (RFC 3208 §8) and drops a packet with one flipped bit", () => {
    for (const packet of [FIRST_SPM, HEARTBEAT_SPM, FIN_SPM, ODATA]) {
      expect(packetChecksum(packet)).toBe((packet[6]! << 8) | packet[7]!);
      for (const at of [0, 5, 9, 15, packet.length - 1]) {
        const bad = packet.slice();
        bad[at]! ^= 0x10;
        expect(decodePgmPacket(bad), `bit flipped at ${at}`).toEqual({ kind: "drop", reason: "checksum" });
      }
    }
  });

  it("accepts a checksum of 0 (not checksummed) on an SPM but never on ODATA/RDATA (pgm/packet_parse.c)", () => {
    const spm = FIRST_SPM.slice();
    spm[6] = spm[7] = 0;
    expect(decoded(spm).kind).toBe("spm");
    const odata = ODATA.slice();
    odata[6] = odata[7] = 0;
    expect(decodePgmPacket(odata)).toEqual({ kind: "drop", reason: "unchecksummed-data" });
  });

  it("drops truncated packets, whatever the cut", () => {
    for (const packet of [FIRST_SPM, FIN_SPM, ODATA]) {
      for (let length = 0; length < packet.length; length++) {
        const cut = resealed(packet.subarray(0, Math.max(length, 16)), () => undefined).subarray(0, length);
        const result = decodePgmPacket(cut);
        if (length < 16) expect(result).toEqual({ kind: "drop", reason: "truncated" });
        else expect(result.kind === "drop" || result.kind === "spm", `cut at ${length}`).toBe(true);
      }
    }
  });

  it("drops an ODATA whose TSDU length differs from the octets present (pgm/rxw.c: malformed)", () => {
    const longer = resealed(ODATA, (p) => (p[15] = p[15]! + 1));
    expect(decodePgmPacket(longer)).toEqual({ kind: "drop", reason: "length" });
  });

  it("drops unknown types and unknown NLA families", () => {
    expect(decodePgmPacket(resealed(FIRST_SPM, (p) => (p[4] = 0x07)))).toEqual({ kind: "drop", reason: "unknown-type" });
    expect(decodePgmPacket(resealed(FIRST_SPM, (p) => (p[4] = 0x40)))).toEqual({ kind: "drop", reason: "unknown-type" });
    expect(decodePgmPacket(resealed(FIRST_SPM, (p) => (p[29] = 3)))).toEqual({ kind: "drop", reason: "nla" });
  });

  it("drops options that overrun the packet, lack OPT_LENGTH or an end, or are too many", () => {
    // OPT_LENGTH's total past the packet's end.
    expect(decodePgmPacket(resealed(FIN_SPM, (p) => (p[39] = 40)))).toEqual({ kind: "drop", reason: "options" });
    // First option not OPT_LENGTH.
    expect(decodePgmPacket(resealed(FIN_SPM, (p) => (p[36] = 0x0e)))).toEqual({ kind: "drop", reason: "options" });
    // The FIN option without OPT_END: options run out without an end.
    expect(decodePgmPacket(resealed(FIN_SPM, (p) => (p[40] = 0x0e)))).toEqual({ kind: "drop", reason: "options" });
    // An option whose own length overruns the total.
    expect(decodePgmPacket(resealed(FIN_SPM, (p) => (p[41] = 9)))).toEqual({ kind: "drop", reason: "options" });
    // An option of length 0 would loop for ever in a naive reader.
    expect(decodePgmPacket(resealed(FIN_SPM, (p) => (p[41] = 0)))).toEqual({ kind: "drop", reason: "options" });
    // 17 options (RFC 3208 §9: at most 16).
    const many = bytes(FIRST_SPM.subarray(0, 36), [0x00, 0x04, 0x00, 4 + 17 * 4], ...Array.from({ length: 17 }, (_, i) => [i === 16 ? 0x8d : 0x0d, 4, 0, 0]));
    many[5] = 0x01;
    expect(decodePgmPacket(resealed(many, () => undefined))).toEqual({ kind: "drop", reason: "options" });
  });

  it("drops ODATA carrying OPT_FRAGMENT: libzmq never fragments, and never accepts fragments", () => {
    const fragmented = bytes(ODATA.subarray(0, 24), [0x00, 0x04, 0x00, 20], [0x81, 16, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0x01, 0x46], ODATA.subarray(24));
    fragmented[5] = 0x01;
    expect(decodePgmPacket(resealed(fragmented, () => undefined))).toEqual({ kind: "drop", reason: "fragment" });
  });
});
