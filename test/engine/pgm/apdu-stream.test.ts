/**
 * One source's APDUs back into messages (src/pgm_receiver.cpp in_event; wire reference §1.4, §1.5): the
 * join at the first offset, messages across APDUs, resets after a loss, and what a bad stream gets — dropped
 * and counted, never thrown, never a partial, corrupt or spliced message delivered.
 */
import { describe, expect, it } from "vitest";
import { ApduWriter } from "../../../src/codec/pgm/apdu-writer.js";
import { DATA_PACKET_OFFSET } from "../../../src/codec/pgm/constants.js";
import { ApduStream } from "../../../src/engine/pgm/apdu-stream.js";
import type { Message } from "../../../src/message.js";
import { ODATA } from "../../codec/pgm/libzmq-captures.js";

const text = (message: Message): string => message.map(String).join("|");

function stream(maxMessageSize = -1, room = Infinity): { out: string[]; apdus: ApduStream; setRoom: (n: number) => void } {
  const out: string[] = [];
  let left = room;
  const apdus = new ApduStream((message) => {
    if (left <= 0) return false;
    left--;
    out.push(text(message));
    return true;
  }, maxMessageSize);
  return {
    out,
    apdus,
    setRoom: (n) => {
      left = n;
    },
  };
}

/** The APDUs a libzmq-like sender makes of `messages` with TSDUs of `size` octets. */
function apdusOf(messages: string[][], size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  const writer = new ApduWriter(size, (packet) => out.push(packet.subarray(DATA_PACKET_OFFSET)));
  for (const message of messages) writer.write(message.map((frame) => Buffer.from(frame)));
  writer.flush();
  return out;
}

const apdu = (...bytes: number[]): Uint8Array => Uint8Array.from(bytes);

describe("APDUs back into messages", () => {
  it("libzmq's captured APDU: three messages, one of them multipart, one with a long frame", () => {
    const { out, apdus } = stream();
    apdus.push(ODATA.subarray(DATA_PACKET_OFFSET));
    expect(out).toEqual(["hello", "A|BC", "x".repeat(300)]);
  });

  it("messages that span many APDUs, frame headers cut anywhere, come out whole", () => {
    const messages = Array.from({ length: 40 }, (_, i) => [`m${i}`, "y".repeat(i * 37), ...(i % 3 === 0 ? ["z"] : [])]);
    for (const size of [3, 4, 7, 16, 100, 1448]) {
      const { out, apdus } = stream();
      for (const a of apdusOf(messages, size)) apdus.push(a);
      expect(out, `TSDU ${size}`).toEqual(messages.map((m) => m.join("|")));
    }
  });

  it("a late joiner skips APDUs without a message start (0xFFFF), then starts at the offset", () => {
    const { out, apdus } = stream();
    // The tail of some message, then "B" starts 3 octets in.
    apdus.push(apdu(0xff, 0xff, 0x09, 0x09, 0x09));
    apdus.push(apdu(0x00, 0x03, 0x09, 0x09, 0x01, 0x02, 0x00, 0x42));
    expect(out).toEqual(["B"]);
    expect(apdus.joined).toBe(true);
  });

  it("accepts an offset equal to the data's length (libzmq's sender writes one when its buffer ends at a message end)", () => {
    const { out, apdus } = stream();
    apdus.push(apdu(0x00, 0x02, 0x09, 0x09));
    apdus.push(apdu(0x00, 0x00, 0x02, 0x00, 0x43));
    expect(out).toEqual(["C"]);
  });

  it("a reset (a loss) drops the message being assembled; decoding resumes at the next offset, nothing spliced", () => {
    const messages = [["first"], ["second-" + "s".repeat(40), "more"], ["third"]];
    const parts = apdusOf(messages, 12);
    const { out, apdus } = stream();
    apdus.push(parts[0]!);
    apdus.push(parts[1]!);
    apdus.reset(); // parts[2] was lost
    for (const a of parts.slice(3)) apdus.push(a);
    expect(out).toEqual(["first", "third"]);
  });

  it("drops and counts malformed APDUs: shorter than the offset, an offset past the data", () => {
    const { out, apdus } = stream();
    apdus.push(apdu());
    apdus.push(apdu(0x00));
    apdus.push(apdu(0x00, 0x05, 0x02, 0x00, 0x41));
    expect(apdus.stats.malformed).toBe(3);
    apdus.push(apdu(0x00, 0x00, 0x02, 0x00, 0x41));
    expect(out).toEqual(["A"]);
  });

  it("an offset that contradicts the frames (a start inside a frame) abandons the stream instead of trusting it", () => {
    const { out, apdus } = stream();
    // Joined: "AB" in a frame of 3 octets that the next APDU says is a message start 1 octet in.
    apdus.push(apdu(0x00, 0x00, 0x04, 0x00, 0x41));
    apdus.push(apdu(0x00, 0x01, 0x42, 0x43, 0x02, 0x00, 0x44));
    expect(apdus.stats.inconsistent).toBe(1);
    expect(out).toEqual([]);
    // A start announced where the previous message had not ended (MORE was set): also abandoned.
    const second = stream();
    second.apdus.push(apdu(0x00, 0x00, 0x02, 0x01, 0x41));
    second.apdus.push(apdu(0x00, 0x00, 0x02, 0x00, 0x42));
    expect(second.apdus.stats.inconsistent).toBe(1);
    expect(second.out).toEqual([]);
  });

  it("a ZMTP/1.0 frame of length 0 is a decoding error: the stream resets, later messages still come", () => {
    const { out, apdus } = stream();
    apdus.push(apdu(0x00, 0x00, 0x00, 0x00));
    expect(apdus.stats.decodeErrors).toBe(1);
    apdus.push(apdu(0x00, 0x00, 0x02, 0x00, 0x45));
    expect(out).toEqual(["E"]);
  });

  it("a message over maxMessageSize (all frames together) is dropped, the stream resumes at the next start", () => {
    const { out, apdus } = stream(10);
    for (const a of apdusOf([["12345", "678901"], ["ok"]], 100)) apdus.push(a);
    for (const a of apdusOf([["ok too"]], 100)) apdus.push(a);
    expect(apdus.stats.decodeErrors).toBe(1);
    expect(out).toEqual(["ok too"]);
  });

  it("a full pipe pauses the stream with the message held; resume delivers it and what was decoded after it", () => {
    const messages = Array.from({ length: 10 }, (_, i) => [`p${i}`]);
    const { out, apdus, setRoom } = stream(-1, 3);
    for (const a of apdusOf(messages, 1448)) apdus.push(a);
    expect(out).toEqual(["p0", "p1", "p2"]);
    expect(apdus.blocked).toBe(true);
    setRoom(4);
    expect(apdus.resume()).toBe(false);
    expect(out.length).toBe(7);
    setRoom(100);
    expect(apdus.resume()).toBe(true);
    expect(out).toEqual(messages.map((m) => m[0]));
  });
});
