import { describe, expect, it } from "vitest";
import { parseEndpoint } from "../../src/transport/endpoint.js";
import { formatUdp, isMulticastAddress } from "../../src/transport/udp-endpoint.js";
import { endpointError } from "../helpers/endpoint-error.js";

describe("parseEndpoint: udp (libzmq udp_address.cpp)", () => {
  it("parses host:port, * and bracketed IPv6", () => {
    expect(parseEndpoint("udp://127.0.0.1:5555")).toEqual({ transport: "udp", iface: undefined, host: "127.0.0.1", port: 5555, multicast: false });
    expect(parseEndpoint("udp://*:5555")).toEqual({ transport: "udp", iface: undefined, host: "*", port: 5555, multicast: false });
    expect(parseEndpoint("udp://[::1]:7")).toEqual({ transport: "udp", iface: undefined, host: "::1", port: 7, multicast: false });
    expect(parseEndpoint("udp://eth0:5555")).toMatchObject({ host: "eth0", multicast: false });
  });

  it("treats port 0 and * as ephemeral", () => {
    expect(parseEndpoint("udp://127.0.0.1:*")).toMatchObject({ port: 0 });
    expect(parseEndpoint("udp://127.0.0.1:0")).toMatchObject({ port: 0 });
  });

  it("recognises multicast groups, with or without an interface before ';'", () => {
    expect(parseEndpoint("udp://239.0.0.1:5555")).toEqual({ transport: "udp", iface: undefined, host: "239.0.0.1", port: 5555, multicast: true });
    expect(parseEndpoint("udp://eth0;239.0.0.1:5555")).toEqual({ transport: "udp", iface: "eth0", host: "239.0.0.1", port: 5555, multicast: true });
    expect(parseEndpoint("udp://192.168.1.2;224.0.0.1:1")).toMatchObject({ iface: "192.168.1.2", multicast: true });
    expect(parseEndpoint("udp://*;239.0.0.1:5555")).toMatchObject({ iface: "*", multicast: true });
    expect(parseEndpoint("udp://eth0;[ff02::1]:5555")).toMatchObject({ iface: "eth0", host: "ff02::1", multicast: true });
    expect(parseEndpoint("udp://[::1];[ff02::1]:5555")).toMatchObject({ iface: "::1", host: "ff02::1" });
  });

  it("knows the multicast ranges: 224.0.0.0/4 and ff00::/8", () => {
    for (const group of ["224.0.0.0", "239.255.255.255", "ff02::1", "FF05::2"]) expect(isMulticastAddress(group), group).toBe(true);
    for (const other of ["223.255.255.255", "240.0.0.1", "127.0.0.1", "fe80::1", "::1", "example.com", "eth0"]) {
      expect(isMulticastAddress(other), other).toBe(false);
    }
  });

  it("refuses an interface before a unicast address, or a group as the interface (EINVAL)", () => {
    for (const e of ["udp://eth0;127.0.0.1:5555", "udp://eth0;example.com:5555", "udp://239.0.0.2;239.0.0.1:5555", "udp://;239.0.0.1:5555"]) {
      expect(endpointError(e).code, e).toBe("EINVAL");
    }
  });

  it("refuses missing or bad ports and hosts (EINVAL)", () => {
    for (const e of ["udp://127.0.0.1", "udp://127.0.0.1:", "udp://127.0.0.1:65536", "udp://127.0.0.1:x", "udp://:5555", "udp://::1:5555", "udp://[::1:5555"]) {
      expect(endpointError(e).code, e).toBe("EINVAL");
    }
    expect(endpointError("udp://127.0.0.1").address).toBe("udp://127.0.0.1");
  });

  it("writes an endpoint back with its real port, IPv6 in brackets", () => {
    expect(formatUdp({ host: "0.0.0.0" }, undefined, 4000)).toBe("udp://0.0.0.0:4000");
    expect(formatUdp({ host: "239.0.0.1" }, "eth0", 4000)).toBe("udp://eth0;239.0.0.1:4000");
    expect(formatUdp({ host: "ff02::1" }, "::1", 1)).toBe("udp://[::1];[ff02::1]:1");
  });
});
