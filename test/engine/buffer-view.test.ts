import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { bufferView } from "../../src/engine/buffer-view.js";

describe("bufferView: decoded frames are Buffers in every observable way", () => {
  const chunk = Buffer.from("..hello world..");
  const frame = bufferView(chunk.buffer, chunk.byteOffset + 2, 11);

  it("is a Buffer and a Uint8Array, and says so", () => {
    expect(Buffer.isBuffer(frame)).toBe(true);
    expect(frame).toBeInstanceOf(Buffer);
    expect(frame).toBeInstanceOf(Uint8Array);
    expect(frame.constructor).toBe(Buffer);
    expect(inspect(frame)).toBe(inspect(Buffer.from("hello world")));
  });

  it("views the chunk's memory without copying", () => {
    expect(frame.toString()).toBe("hello world");
    expect(frame.buffer).toBe(chunk.buffer);
    expect(frame.byteOffset).toBe(chunk.byteOffset + 2);
    chunk[2] = "j".charCodeAt(0);
    expect(frame.toString()).toBe("jello world");
    chunk[2] = "h".charCodeAt(0);
  });

  it("has every Buffer method, and slices of it are ordinary Buffers", () => {
    expect(frame.equals(Buffer.from("hello world"))).toBe(true);
    expect(frame.toString("hex")).toBe(Buffer.from("hello world").toString("hex"));
    expect(frame.readUInt8(0)).toBe(0x68);
    const head = frame.subarray(0, 5);
    expect(Object.getPrototypeOf(head)).toBe(Buffer.prototype);
    expect(head.toString()).toBe("hello");
    expect(Object.getPrototypeOf(Uint8Array.prototype.slice.call(frame, 6))).toBe(Buffer.prototype);
    expect(Buffer.concat([frame, Buffer.from("!")]).toString()).toBe("hello world!");
    expect(JSON.stringify(frame)).toBe(JSON.stringify(Buffer.from("hello world")));
  });
});
