import { describe, expect, it } from "vitest";
import { formatTcp, parseEndpoint } from "../../src/transport/endpoint.js";
import { endpointError } from "../helpers/endpoint-error.js";

describe("parseEndpoint: tcp", () => {
  it("parses host:port", () => {
    expect(parseEndpoint("tcp://127.0.0.1:5555")).toEqual({ transport: "tcp", host: "127.0.0.1", port: 5555 });
    expect(parseEndpoint("tcp://localhost:1")).toEqual({ transport: "tcp", host: "localhost", port: 1 });
    expect(parseEndpoint("tcp://example.com:65535")).toEqual({ transport: "tcp", host: "example.com", port: 65535 });
  });

  it("parses a bracketed IPv6 address", () => {
    expect(parseEndpoint("tcp://[::1]:5555")).toEqual({ transport: "tcp", host: "::1", port: 5555 });
    expect(parseEndpoint("tcp://[fe80::1:2]:0")).toEqual({ transport: "tcp", host: "fe80::1:2", port: 0 });
  });

  it("parses the * wildcard host", () => {
    expect(parseEndpoint("tcp://*:5555")).toEqual({ transport: "tcp", host: "*", port: 5555 });
  });

  it("treats port 0 and * as ephemeral", () => {
    expect(parseEndpoint("tcp://127.0.0.1:0")).toEqual({ transport: "tcp", host: "127.0.0.1", port: 0 });
    expect(parseEndpoint("tcp://127.0.0.1:*")).toEqual({ transport: "tcp", host: "127.0.0.1", port: 0 });
    expect(parseEndpoint("tcp://*:*")).toEqual({ transport: "tcp", host: "*", port: 0 });
  });

  it("rejects a missing port with EINVAL", () => {
    for (const e of ["tcp://127.0.0.1", "tcp://localhost", "tcp://127.0.0.1:", "tcp://[::1]"]) {
      expect(endpointError(e).code, e).toBe("EINVAL");
    }
  });

  it("rejects a bad port with EINVAL", () => {
    for (const e of ["tcp://127.0.0.1:abc", "tcp://127.0.0.1:65536", "tcp://127.0.0.1:99999", "tcp://127.0.0.1:-1", "tcp://127.0.0.1:12x", "tcp://127.0.0.1:1.5", "tcp://127.0.0.1:123456"]) {
      expect(endpointError(e).code, e).toBe("EINVAL");
    }
  });

  it("rejects a missing host and unbracketed or unterminated IPv6 with EINVAL", () => {
    for (const e of ["tcp://:5555", "tcp://::1:5555", "tcp://[::1:5555", "tcp://[]:5555"]) {
      expect(endpointError(e).code, e).toBe("EINVAL");
    }
  });

  it("sets the endpoint on the error", () => {
    expect(endpointError("tcp://127.0.0.1").address).toBe("tcp://127.0.0.1");
  });
});

describe("parseEndpoint: ipc and inproc", () => {
  it("parses ipc paths, abstract names and the wildcard", () => {
    expect(parseEndpoint("ipc:///tmp/x.sock")).toEqual({ transport: "ipc", path: "/tmp/x.sock" });
    expect(parseEndpoint("ipc://relative.sock")).toEqual({ transport: "ipc", path: "relative.sock" });
    expect(parseEndpoint("ipc://@abstract")).toEqual({ transport: "ipc", path: "@abstract" });
    expect(parseEndpoint("ipc://*")).toEqual({ transport: "ipc", path: "*" });
  });

  it("parses inproc names", () => {
    expect(parseEndpoint("inproc://name")).toEqual({ transport: "inproc", name: "name" });
  });

  it("rejects empty ipc and inproc addresses with EINVAL", () => {
    expect(endpointError("ipc://").code).toBe("EINVAL");
    expect(endpointError("inproc://").code).toBe("EINVAL");
  });
});

describe("parseEndpoint: transports and syntax", () => {
  it("rejects an unknown transport with EPROTONOSUPPORT", () => {
    for (const e of ["tipc://{5560,0,0}", "pgm://eth0;239.192.1.1:5555", "vmci://1:5555", "TCP://127.0.0.1:1"]) {
      expect(endpointError(e).code, e).toBe("EPROTONOSUPPORT");
    }
  });

  it("rejects malformed endpoints with EINVAL", () => {
    for (const e of ["", "tcp", "127.0.0.1:5555", "tcp:/127.0.0.1:5555", "tcp:127.0.0.1:5555", "://127.0.0.1:5555"]) {
      expect(endpointError(e).code, JSON.stringify(e)).toBe("EINVAL");
    }
  });

  it("rejects a non-string with EINVAL", () => {
    expect(() => parseEndpoint(5555 as unknown as string)).toThrow(expect.objectContaining({ code: "EINVAL" }) as Error);
  });
});

describe("formatTcp", () => {
  it("writes IPv6 hosts in brackets", () => {
    expect(formatTcp("127.0.0.1", 80)).toBe("tcp://127.0.0.1:80");
    expect(formatTcp("::1", 80)).toBe("tcp://[::1]:80");
  });
});
