/**
 * CURVE traffic (RFC 26 §"The MESSAGE Command", libzmq curve_encoding_t): every frame both ways becomes a
 * MESSAGE box with the frame's flags inside; the peer's nonces must strictly increase; a forged, replayed,
 * reordered, reflected, short or unboxed frame ends the connection with libzmq's reason and delivers
 * nothing.
 */
import { describe, expect, it } from "vitest";
import { FLAG_COMMAND, FLAG_MORE } from "../../src/codec/constants.js";
import { ProtocolError } from "../../src/errors.js";
import type { FrameTransform } from "../../src/mechanism/mechanism.js";
import { ascii, hex, sequence } from "../helpers/bytes.js";
import { thrownBy } from "../helpers/errors.js";
import { frameText } from "../helpers/text.js";
import { client, CommandLog, deliver, FrameLog, freshKeys, server } from "./curve-kit.js";

/** A connected pair whose received frames come out as Buffers (the root's allocator). */
function connected(): { c: FrameTransform; s: FrameTransform } {
  const keys = freshKeys();
  const allocate = (size: number): Buffer => Buffer.allocUnsafe(size);
  const cm = client(keys, { allocate });
  const sm = server(keys, { allocate });
  const toServer = new CommandLog();
  const toClient = new CommandLog();
  sm.start(toClient);
  cm.start(toServer);
  deliver(toServer, sm, toClient);
  deliver(toClient, cm, toServer);
  deliver(toServer, sm, toClient);
  deliver(toClient, cm, toServer);
  return { c: cm.transform!, s: sm.transform! };
}

/** What `from` puts on the wire for each frame. */
function boxes(from: FrameTransform, frames: [number, Uint8Array][]): FrameLog {
  const wire = new FrameLog();
  for (const [flags, body] of frames) from.encode(flags, body, wire);
  return wire;
}

function refusal(to: FrameTransform, body: Uint8Array, received = new FrameLog()): string {
  const error = thrownBy(() => {
    to.decode(0, body, received);
  });
  expect(received.frames).toEqual([]); // nothing unauthenticated is delivered
  if (!(error instanceof ProtocolError)) throw new Error(`expected a ProtocolError, got ${String(error)}`);
  return error.code;
}

describe("CURVE MESSAGE boxes", () => {
  it("carry every frame both ways with its MORE and COMMAND flags, empty and 1 MiB bodies included", () => {
    const { c, s } = connected();
    const big = sequence(1 << 20);
    const frames: [number, Uint8Array][] = [
      [FLAG_MORE, ascii("part one")],
      [0, new Uint8Array(0)],
      [FLAG_COMMAND, ascii("\x04PING\x00\x0a")],
      [FLAG_MORE | FLAG_COMMAND, ascii("x")],
      [0, big],
    ];
    for (const [from, to] of [
      [c, s],
      [s, c],
    ] as const) {
      const received = new FrameLog();
      for (const frame of boxes(from, frames).frames) to.decode(frame.flags, frame.body, received);
      expect(received.frames.map((f) => f.flags)).toEqual(frames.map(([flags]) => flags));
      expect(received.frames.map((f) => f.body.length)).toEqual(frames.map(([, body]) => body.length));
      expect(hex(received.frames[4]!.body.subarray(0, 64))).toBe(hex(big.subarray(0, 64)));
      expect(Buffer.compare(received.frames[4]!.body, big)).toBe(0);
      expect(received.frames.every((f) => Buffer.isBuffer(f.body))).toBe(true);
    }
  });

  it("each is a flags-0 frame: MESSAGE, the counter (client from 3, server from 2), MAC, boxed flags and body", () => {
    const { c, s } = connected();
    const fromClient = boxes(c, [
      [0, ascii("abc")],
      [0, ascii("abc")],
    ]).frames;
    const fromServer = boxes(s, [[0, ascii("abc")]]).frames;
    for (const frame of [...fromClient, ...fromServer]) {
      expect(frame.flags).toBe(0);
      expect(frameText(frame.body.subarray(0, 8))).toBe("\x07MESSAGE");
      expect(frame.body.length).toBe(8 + 8 + 16 + 1 + 3);
    }
    expect(hex(fromClient[0]!.body.subarray(8, 16))).toBe(hex(new Uint8Array([0, 0, 0, 0, 0, 0, 0, 3])));
    expect(hex(fromClient[1]!.body.subarray(8, 16))).toBe(hex(new Uint8Array([0, 0, 0, 0, 0, 0, 0, 4])));
    expect(hex(fromServer[0]!.body.subarray(8, 16))).toBe(hex(new Uint8Array([0, 0, 0, 0, 0, 0, 0, 2])));
    // Same plaintext, new nonce: a different box.
    expect(hex(fromClient[0]!.body.subarray(16))).not.toBe(hex(fromClient[1]!.body.subarray(16)));
  });

  it("a replayed box is refused (ERR_ZMTP_INVALID_SEQUENCE)", () => {
    const { c, s } = connected();
    const [first] = boxes(c, [[0, ascii("pay me")]]).frames;
    const received = new FrameLog();
    s.decode(0, first!.body, received);
    expect(received.frames.length).toBe(1);
    expect(refusal(s, first!.body)).toBe("ERR_ZMTP_INVALID_SEQUENCE");
  });

  it("boxes out of order are refused (ERR_ZMTP_INVALID_SEQUENCE); a gap is allowed, as libzmq", () => {
    const { c, s } = connected();
    const [one, two, three] = boxes(c, [
      [0, ascii("1")],
      [0, ascii("2")],
      [0, ascii("3")],
    ]).frames;
    const received = new FrameLog();
    s.decode(0, two!.body, received); // 1 never arrives
    expect(frameText(received.frames[0]!.body)).toBe("2");
    expect(refusal(s, one!.body)).toBe("ERR_ZMTP_INVALID_SEQUENCE");
    const after = new FrameLog();
    s.decode(0, three!.body, after);
    expect(frameText(after.frames[0]!.body)).toBe("3");
  });

  it("a forged box (any octet of the MAC or ciphertext changed) is refused (ERR_ZMTP_CRYPTOGRAPHIC)", () => {
    for (const at of [16, 31, 32, 40]) {
      const { c, s } = connected();
      const [frame] = boxes(c, [[0, ascii("transfer 100 to bob")]]).frames;
      const forged = frame!.body.slice();
      forged[at]! ^= 0x20;
      expect(refusal(s, forged)).toBe("ERR_ZMTP_CRYPTOGRAPHIC");
    }
  });

  it("a box moved to a higher nonce does not open (the nonce is authenticated) (ERR_ZMTP_CRYPTOGRAPHIC)", () => {
    const { c, s } = connected();
    const [frame] = boxes(c, [[0, ascii("x")]]).frames;
    const moved = frame!.body.slice();
    moved[15] = 200;
    expect(refusal(s, moved)).toBe("ERR_ZMTP_CRYPTOGRAPHIC");
  });

  it("a box reflected back to its sender does not open: client and server nonce prefixes differ", () => {
    const { c } = connected();
    const [frame] = boxes(c, [[0, ascii("echo")]]).frames;
    expect(refusal(c, frame!.body)).toBe("ERR_ZMTP_CRYPTOGRAPHIC");
  });

  it("a box from another connection does not open (ERR_ZMTP_CRYPTOGRAPHIC)", () => {
    const first = connected();
    const second = connected();
    const [frame] = boxes(first.c, [[0, ascii("x")]]).frames;
    expect(refusal(second.s, frame!.body)).toBe("ERR_ZMTP_CRYPTOGRAPHIC");
  });

  it("anything but a MESSAGE command is refused, with libzmq's reasons", () => {
    const { s } = connected();
    expect(refusal(s, ascii("plain data"))).toBe("ERR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED"); // 'p' = 112 > size
    expect(refusal(s, new Uint8Array(0))).toBe("ERR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED");
    expect(refusal(s, ascii("\x04PING\x00\x0a"))).toBe("ERR_ZMTP_UNEXPECTED_COMMAND");
    expect(refusal(s, ascii("\x09SUBSCRIBEtopic"))).toBe("ERR_ZMTP_UNEXPECTED_COMMAND");
    expect(refusal(s, ascii("\x07MESSAGE"))).toBe("ERR_ZMTP_MALFORMED_COMMAND_MESSAGE");
    expect(refusal(s, new Uint8Array([...ascii("\x07MESSAGE"), ...new Uint8Array(24)]))).toBe("ERR_ZMTP_MALFORMED_COMMAND_MESSAGE"); // 32 octets
  });

  it("a forged box uses up its nonce, as libzmq's check_validity records it before the box is opened", () => {
    const { c, s } = connected();
    const [good] = boxes(c, [[0, ascii("ok")]]).frames;
    const forged = good!.body.slice();
    forged[20]! ^= 1;
    refusal(s, forged);
    // The genuine box with that nonce is now old.
    expect(refusal(s, good!.body)).toBe("ERR_ZMTP_INVALID_SEQUENCE");
  });
});
