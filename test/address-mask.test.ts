/** ZMQ_TCP_ACCEPT_FILTER's address ranges: parsing as libzmq's tcp_address_mask_t, and matching. */
import { describe, expect, it } from "vitest";
import { addressAllowed, parseAddressMask, parseAddressMasks } from "../src/address-mask.js";
import { errorCode, thrownBy } from "./helpers/errors.js";

describe("address masks", () => {
  it("parses numeric IPv4 and IPv6 addresses with an optional prefix", () => {
    expect(parseAddressMask("10.1.2.3")).toMatchObject({ prefix: 32, bytes: Uint8Array.from([10, 1, 2, 3]) });
    expect(parseAddressMask("10.0.0.0/8").prefix).toBe(8);
    expect(parseAddressMask("::1").bytes).toEqual(Uint8Array.from([...new Array<number>(15).fill(0), 1]));
    expect(parseAddressMask("fe80::/10").prefix).toBe(10);
    expect(parseAddressMask("::ffff:1.2.3.4").bytes.subarray(10)).toEqual(Uint8Array.from([0xff, 0xff, 1, 2, 3, 4]));
    expect(parseAddressMask("1:2:3:4:5:6:7:8").bytes[15]).toBe(8);
  });

  it("refuses host names, bad octets, bad prefixes and malformed IPv6 with EINVAL", () => {
    for (const bad of ["localhost", "", "1.2.3", "1.2.3.256", "10.0.0.0/33", "10.0.0.0/", "::1/129", "1::2::3", "1:2:3:4:5:6:7:8:9", "12345::", "/8"]) {
      expect([bad, errorCode(thrownBy(() => parseAddressMask(bad)))]).toEqual([bad, "EINVAL"]);
    }
  });

  it("matches by prefix; no filter passes everything; IPv4-mapped addresses match IPv4 ranges", () => {
    const masks = parseAddressMasks("10.0.0.0/8,192.168.1.128/25,::1");
    expect(addressAllowed(masks, "10.200.3.4")).toBe(true);
    expect(addressAllowed(masks, "11.0.0.1")).toBe(false);
    expect(addressAllowed(masks, "192.168.1.200")).toBe(true);
    expect(addressAllowed(masks, "192.168.1.127")).toBe(false);
    expect(addressAllowed(masks, "::1")).toBe(true);
    expect(addressAllowed(masks, "::2")).toBe(false);
    expect(addressAllowed(masks, "::ffff:10.9.9.9")).toBe(true);
    expect(addressAllowed(masks, undefined)).toBe(false);
    expect(addressAllowed([], undefined)).toBe(true);
    expect(addressAllowed(parseAddressMasks("0.0.0.0/0"), "8.8.8.8")).toBe(true);
    expect(parseAddressMasks(null)).toEqual([]);
  });
});
