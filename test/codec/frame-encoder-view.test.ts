/**
 * FrameEncoder's `view` option: the chunks it hands out for runs of its batch buffer are made by the given
 * function (the engine makes Buffers without `subarray`), over the batch's memory, without a copy.
 */
import { describe, expect, it } from "vitest";
import { FrameEncoder } from "../../src/codec/frame-encoder.js";
import { bufferView } from "../../src/engine/buffer-view.js";
import { bytes, concat, filled, hex } from "../helpers/bytes.js";
import { frameBytes } from "../helpers/wire.js";

describe("FrameEncoder: chunk views", () => {
  it("makes each chunk of copied octets with `view`, over the batch buffer's memory", () => {
    const calls: [ArrayBufferLike, number, number][] = [];
    const batch = new Uint8Array(64 * 1024);
    const encoder = new FrameEncoder({
      allocate: () => batch,
      view: (buffer, byteOffset, length) => {
        calls.push([buffer, byteOffset, length]);
        return bufferView(buffer, byteOffset, length);
      },
    });
    encoder.message([bytes("ab"), bytes("c")]);
    const first = encoder.take();
    encoder.frame(bytes("xyz"), 0);
    const second = encoder.take();
    expect(calls).toEqual([
      [batch.buffer, 0, 7],
      [batch.buffer, 7, 5],
    ]);
    expect(Buffer.isBuffer(first[0])).toBe(true);
    expect(hex(concat(first))).toBe(hex(concat([frameBytes(0x01, bytes("ab")), frameBytes(0, bytes("c"))])));
    expect(hex(concat(second))).toBe(hex(frameBytes(0, bytes("xyz"))));
    expect(first[0]!.buffer).toBe(batch.buffer);
  });

  it("hands a large body on as its own chunk, not through `view`", () => {
    let views = 0;
    const encoder = new FrameEncoder({
      view: (buffer, byteOffset, length) => {
        views++;
        return new Uint8Array(buffer, byteOffset, length);
      },
    });
    const body = filled(4096, 7);
    encoder.frame(body, 0);
    const chunks = encoder.take();
    expect(chunks.length).toBe(2);
    expect(chunks[1]).toBe(body);
    expect(views).toBe(1);
  });
});
