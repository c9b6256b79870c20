import { describe, expect, it } from "vitest";
import { formatDgramAddress, parseDgramAddress } from "../../../src/engine/datagram/dgram-address.js";

describe("DGRAM address frames (libzmq udp_engine.cpp sockaddr_to_msg / resolve_raw_address)", () => {
  it("gives a sender as libzmq does: ip:port and a NUL octet", () => {
    expect(formatDgramAddress("127.0.0.1", 5555)).toEqual(Buffer.from("127.0.0.1:5555\0", "latin1"));
    expect(formatDgramAddress("::1", 7)).toEqual(Buffer.from("[::1]:7\0", "latin1"));
    // An IPv4 peer of a dual-stack socket.
    expect(formatDgramAddress("::ffff:10.0.0.1", 8)).toEqual(Buffer.from("10.0.0.1:8\0", "latin1"));
    expect(formatDgramAddress("::ffff:abcd", 8)).toEqual(Buffer.from("[::ffff:abcd]:8\0", "latin1"));
  });

  it("takes ip:port with or without the trailing NUL", () => {
    expect(parseDgramAddress(Buffer.from("10.0.0.1:80"))).toEqual({ address: "10.0.0.1", port: 80, family: 4 });
    expect(parseDgramAddress(Buffer.from("10.0.0.1:80\0", "latin1"))).toEqual({ address: "10.0.0.1", port: 80, family: 4 });
    expect(parseDgramAddress(formatDgramAddress("192.168.0.255", 65535))).toEqual({ address: "192.168.0.255", port: 65535, family: 4 });
    expect(parseDgramAddress(Buffer.from("[fe80::1]:9"))).toEqual({ address: "fe80::1", port: 9, family: 6 });
  });

  it("names no destination for a bad address, a host name, port 0 or a bad port", () => {
    for (const bad of ["", "\0", "10.0.0.1", "10.0.0.1:", "10.0.0.1:0", "10.0.0.1:65536", "10.0.0.1:8x", "localhost:80", ":80", "::1:80", "[::1:80", "[10.0.0.1]:80", "10.0.0.1:80\0\0", "999.0.0.1:80"]) {
      expect(parseDgramAddress(Buffer.from(bad, "latin1")), JSON.stringify(bad)).toBeUndefined();
    }
    expect(parseDgramAddress(Buffer.alloc(100, 0x31))).toBeUndefined();
  });
});
