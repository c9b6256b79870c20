import { describe, expect, it } from "vitest";
import { encodeGroupHeader, groupDatagramBodyOffset, MAX_GROUP_LENGTH } from "../../src/codec/group-datagram.js";

describe("the RADIO/DISH udp datagram (libzmq udp_engine.cpp)", () => {
  it("writes group_len, then the group (the body follows as it is)", () => {
    expect(Buffer.from(encodeGroupHeader(Buffer.from("weather"))!)).toEqual(Buffer.from("\x07weather", "latin1"));
    expect(Buffer.from(encodeGroupHeader(Buffer.alloc(0))!)).toEqual(Buffer.from([0]));
  });

  it("takes groups up to 255 octets and refuses longer ones", () => {
    expect(MAX_GROUP_LENGTH).toBe(255);
    const longest = encodeGroupHeader(Buffer.alloc(255, 0x61))!;
    expect(longest.length).toBe(256);
    expect(longest[0]).toBe(255);
    expect(encodeGroupHeader(Buffer.alloc(256, 0x61))).toBeUndefined();
  });

  it("finds the body after the group, reading the length as unsigned (libzmq 4.3.5 sign-extends it)", () => {
    expect(groupDatagramBodyOffset(Buffer.from("\x07weathersunny", "latin1"))).toBe(8);
    expect(groupDatagramBodyOffset(Buffer.from([0]))).toBe(1);
    const group200 = Buffer.concat([Buffer.from([200]), Buffer.alloc(200, 0x67), Buffer.from("body")]);
    expect(groupDatagramBodyOffset(group200)).toBe(201);
    // A group that ends exactly at the end: an empty body.
    expect(groupDatagramBodyOffset(Buffer.from("\x02ab", "latin1"))).toBe(3);
  });

  it("calls empty datagrams and group lengths past the end malformed", () => {
    expect(groupDatagramBodyOffset(Buffer.alloc(0))).toBe(-1);
    expect(groupDatagramBodyOffset(Buffer.from("\x05abc", "latin1"))).toBe(-1);
    expect(groupDatagramBodyOffset(Buffer.from([255]))).toBe(-1);
  });
});
