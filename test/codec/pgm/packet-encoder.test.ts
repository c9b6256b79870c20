import { describe, expect, it } from "vitest";
import { ApduWriter, NO_MESSAGE_START } from "../../../src/codec/pgm/apdu-writer.js";
import { DATA_PACKET_OFFSET } from "../../../src/codec/pgm/constants.js";
import { decodePgmPacket } from "../../../src/codec/pgm/packet-decoder.js";
import { encodeNak, encodeSpm, encodeSpmr, sealData, toRdata } from "../../../src/codec/pgm/packet-encoder.js";
import { CAPTURED_GSI, CAPTURED_SOURCE_PORT, FIN_SPM, FIRST_SPM, ODATA, OPENPGM_NAK, OPENPGM_SPMR, UPSTREAM_GSI, UPSTREAM_SOURCE_PORT } from "./libzmq-captures.js";

const downstream = { sourcePort: CAPTURED_SOURCE_PORT, destinationPort: 5555, gsi: CAPTURED_GSI };
const upstream = { sourcePort: 5555, destinationPort: CAPTURED_SOURCE_PORT, gsi: CAPTURED_GSI };
/** Compact hex, as the captures are written. */
const hex = (data: Uint8Array): string => Buffer.from(data).toString("hex");
const text = (value: string): Uint8Array => Uint8Array.from(Buffer.from(value, "latin1"));

describe("encoding PGM packets byte for byte as OpenPGM does", () => {
  it("an SPM equals OpenPGM's, checksum included", () => {
    expect(hex(encodeSpm(downstream, { spmSqn: 0, trail: 0, lead: 0xffffffff, nla: "10.22.0.1" }))).toBe(hex(FIRST_SPM));
  });

  it("a closing SPM carries OPT_LENGTH and OPT_FIN | OPT_END, as pgm_close's", () => {
    expect(hex(encodeSpm(downstream, { spmSqn: 8, trail: 0, lead: 0, nla: "10.22.0.1", fin: true }))).toBe(hex(FIN_SPM));
  });

  it("ODATA sealed around a payload equals OpenPGM's; RDATA is the same packet with type 5, the trail, a new checksum", () => {
    const packet = new Uint8Array(ODATA.length);
    packet.set(ODATA.subarray(DATA_PACKET_OFFSET), DATA_PACKET_OFFSET);
    expect(hex(sealData(packet, downstream, false, 0, 0))).toBe(hex(ODATA));
    const rdata = toRdata(packet, 7);
    expect(decodePgmPacket(rdata)).toMatchObject({ kind: "rdata", sqn: 0, trail: 7 });
    expect(hex(rdata.subarray(DATA_PACKET_OFFSET))).toBe(hex(ODATA.subarray(DATA_PACKET_OFFSET)));
    expect(hex(packet)).toBe(hex(ODATA));
  });

  it("a NAK and an SPMR equal those OpenPGM's receiver sends, byte for byte", () => {
    const to = { sourcePort: 5555, destinationPort: UPSTREAM_SOURCE_PORT, gsi: UPSTREAM_GSI };
    expect(hex(encodeNak(to, "nak", [1], "10.22.0.1", "239.192.1.1"))).toBe(hex(OPENPGM_NAK));
    expect(hex(encodeSpmr(to))).toBe(hex(OPENPGM_SPMR));
    expect(decodePgmPacket(OPENPGM_NAK)).toMatchObject({ kind: "nak", sqns: [1], sourceNla: "10.22.0.1", groupNla: "239.192.1.1" });
  });

  it("a NAK with one sequence number: 36 octets, upstream ports, the source's GSI, both NLAs", () => {
    const nak = encodeNak(upstream, "nak", [5], "10.22.0.1", "239.192.1.1");
    expect(nak.length).toBe(36);
    expect(hex(nak.subarray(0, 6))).toBe("15b33e660800");
    expect(decodePgmPacket(nak)).toEqual({
      kind: "nak",
      header: { sourcePort: 5555, destinationPort: CAPTURED_SOURCE_PORT, type: 8, options: 0, gsi: CAPTURED_GSI, tsduLength: 0 },
      sqns: [5],
      sourceNla: "10.22.0.1",
      groupNla: "239.192.1.1",
    });
  });

  it("a NAK list: OPT_PRESENT | OPT_NETWORK, OPT_LENGTH, OPT_NAK_LIST | OPT_END with the other 62 at most", () => {
    const sqns = Array.from({ length: 63 }, (_, i) => 100 + i);
    const ncf = encodeNak(downstream, "ncf", sqns, "10.22.0.1", "239.192.1.1");
    expect(ncf.length).toBe(36 + 4 + 4 + 62 * 4);
    expect(ncf[5]).toBe(0x03);
    expect(hex(ncf.subarray(36, 44))).toBe(`0004${(8 + 62 * 4).toString(16).padStart(4, "0")}82${(4 + 62 * 4).toString(16)}0000`);
    expect(decodePgmPacket(ncf)).toMatchObject({ kind: "ncf", sqns });
    expect(() => encodeNak(downstream, "nak", [...sqns, 1], "10.22.0.1", "239.192.1.1")).toThrow(RangeError);
  });

  it("an SPMR is the header alone", () => {
    const spmr = encodeSpmr(upstream);
    expect(spmr.length).toBe(16);
    expect(decodePgmPacket(spmr)).toMatchObject({ kind: "spmr", header: { sourcePort: 5555, destinationPort: CAPTURED_SOURCE_PORT } });
  });
});

describe("cutting messages into APDUs as libzmq's pgm_sender does (wire reference §1.4)", () => {
  function writer(maxTsdu: number): { apdus: Uint8Array[]; out: ApduWriter } {
    const apdus: Uint8Array[] = [];
    const out = new ApduWriter(maxTsdu, (packet) => apdus.push(packet.subarray(DATA_PACKET_OFFSET)));
    return { apdus, out };
  }

  it("three messages in one APDU equal the one libzmq sent: offset 0, ZMTP/1.0 frames, a long frame for 300 octets", () => {
    const { apdus, out } = writer(1448);
    out.write([text("hello")]);
    out.write([text("A"), text("BC")]);
    out.write([text("x".repeat(300))]);
    expect(apdus).toEqual([]);
    out.flush();
    expect(apdus.map(hex)).toEqual([hex(ODATA.subarray(DATA_PACKET_OFFSET))]);
  });

  it("a message longer than a TSDU spans APDUs: 0xFFFF where no message starts, the next start's offset after it", () => {
    const { apdus, out } = writer(10);
    out.write([text("0123456789abc")]); // a 2-octet header and 13 octets: 8 fit in each APDU
    out.write([text("Z")]);
    out.flush();
    expect(apdus.map(hex)).toEqual([
      "0000" + "0e00" + hex(text("012345")),
      // "Z" starts 7 octets into the second APDU; its header's second octet opens the third.
      "0007" + hex(text("6789abc")) + "02",
      "ffff" + "00" + hex(text("Z")),
    ]);
  });

  it("a frame header cut between two APDUs (libzmq's encoder cuts anywhere)", () => {
    const { apdus, out } = writer(6);
    out.write([text("ab")]); // 2 + 2 octets, then the next header's first octet fits
    out.write([text("c")]);
    out.flush();
    expect(apdus.map(hex)).toEqual(["0000" + "0300" + "6162", "0000" + "0200" + "63"]);
    const { apdus: cut, out: cutter } = writer(7);
    cutter.write([text("ab")]);
    cutter.write([text("c")]);
    cutter.flush();
    // Both messages start in the first APDU: the offset names the first. The second one's header is cut.
    expect(cut.map(hex)).toEqual(["0000" + "0300" + "6162" + "02", "ffff" + "00" + "63"]);
  });

  it("never emits an APDU without data, nor an offset past the data; flush with nothing pending emits nothing", () => {
    const { apdus, out } = writer(8);
    out.flush();
    for (let n = 0; n < 40; n++) out.write([new Uint8Array(n % 9)]);
    out.flush();
    out.flush();
    for (const apdu of apdus) {
      expect(apdu.length).toBeGreaterThan(2);
      const offset = (apdu[0]! << 8) | apdu[1]!;
      if (offset !== NO_MESSAGE_START) expect(offset).toBeLessThan(apdu.length - 2);
    }
  });
});
