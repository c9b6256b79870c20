/**
 * The WebSocket frame codec (RFC 6455 §5.2) with libzmq's ZWS rules (ws_decoder.cpp, ws_encoder.cpp), byte by
 * byte: what the encoder writes (client masked, server not), that the decoder reads it back whatever the
 * chunking, and what it refuses. Also the ws:// endpoint syntax.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ZmqError } from "../../src/errors.js";
import { parseEndpoint } from "../../src/transport/endpoint.js";
import { applyMask, WsFrameDecoder, type WsFrameSink } from "../../src/transport/websocket/ws-frame-decoder.js";
import { WsFrameEncoder } from "../../src/transport/websocket/ws-frame-encoder.js";

const allocate = (size: number): Uint8Array => Buffer.allocUnsafe(size);
const FIXED_MASK = Uint8Array.of(1, 2, 3, 4);

function encoder(masked: boolean): WsFrameEncoder {
  return new WsFrameEncoder({ masked, allocate, fillMask: (mask) => { mask.set(FIXED_MASK); } });
}

interface Recorded {
  messages: Buffer[];
  controls: [number, Buffer][];
}

function decoder(masked: boolean, maxPayload = 1 << 30, allocator = allocate): { decoder: WsFrameDecoder; got: Recorded } {
  const got: Recorded = { messages: [], controls: [] };
  const sink: WsFrameSink = {
    onMessage: (payload) => got.messages.push(Buffer.from(payload)),
    onControl: (opcode, payload) => got.controls.push([opcode, Buffer.from(payload)]),
  };
  return { decoder: new WsFrameDecoder(sink, { masked, maxPayload, allocate: allocator }), got };
}

function errorOf(fn: () => void): ZmqError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ZmqError);
    return err as ZmqError;
  }
  throw new Error("did not throw");
}

describe("WsFrameEncoder", () => {
  it("a server's frame: FIN + binary, 7-bit length, no mask, the parts in order", () => {
    const e = encoder(false);
    e.message([Uint8Array.of(0x01), Buffer.from("abc")]);
    expect(Buffer.concat(e.take())).toEqual(Buffer.from([0x82, 4, 0x01, 0x61, 0x62, 0x63]));
  });

  it("a client's frame: the mask bit and key, the payload masked across parts", () => {
    const e = encoder(true);
    e.message([Uint8Array.of(0x00), Buffer.from("abcd")]);
    const bytes = Buffer.concat(e.take());
    expect(bytes.subarray(0, 6)).toEqual(Buffer.from([0x82, 0x85, 1, 2, 3, 4]));
    const payload = Buffer.from(bytes.subarray(6));
    applyMask(payload, 0, payload.length, FIXED_MASK, 0);
    expect(payload).toEqual(Buffer.from("\x00abcd", "latin1"));
  });

  it("16- and 64-bit lengths where RFC 6455 needs them", () => {
    for (const [size, header] of [
      [125, [0x82, 125]],
      [126, [0x82, 126, 0, 126]],
      [65535, [0x82, 126, 0xff, 0xff]],
      [65536, [0x82, 127, 0, 0, 0, 0, 0, 1, 0, 0]],
    ] as const) {
      const e = encoder(false);
      e.message([Buffer.alloc(size)]);
      expect(Buffer.concat(e.take()).subarray(0, header.length)).toEqual(Buffer.from(header));
    }
  });

  it("a server sends a large part as its own chunk, never copied", () => {
    const e = encoder(false);
    const big = Buffer.alloc(100_000, 7);
    e.message([Uint8Array.of(0), big]);
    expect(e.take()).toContain(big);
  });
});

describe("WsFrameDecoder", () => {
  it("reads back what the encoder wrote, whatever the chunking (client to server and server to client)", () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.array(fc.uint8Array({ minLength: 1, maxLength: 70_000 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 20 }),
        (masked, payloads, cuts) => {
          const e = new WsFrameEncoder({ masked, allocate, fillMask: (m) => { m.set([9, 8, 7, 6]); } });
          for (const p of payloads) e.message([p]);
          e.control(0x9, Buffer.from("ping"));
          const wire = Buffer.concat(e.take());
          const { decoder: d, got } = decoder(masked);
          let at = 0;
          for (let i = 0; at < wire.length; i++) {
            const size = cuts[i % cuts.length]!;
            d.push(Buffer.from(wire.subarray(at, at + size)));
            at += size;
          }
          expect(got.messages).toEqual(payloads.map((p) => Buffer.from(p)));
          expect(got.controls).toEqual([[0x9, Buffer.from("ping")]]);
        },
      ),
      { numRuns: 60, seed: 21 },
    );
  });

  it("hands a payload that fits in its chunk on as a view into that chunk (no copy)", () => {
    let view: Uint8Array | undefined;
    const d = new WsFrameDecoder({ onMessage: (p) => (view = p), onControl: () => undefined }, { masked: false, maxPayload: 100, allocate });
    const chunk = Buffer.from([0x82, 3, 0, 0x61, 0x62]);
    d.push(chunk);
    expect(view!.buffer).toBe(chunk.buffer);
  });

  it.each([
    ["a text frame", [0x81, 0x81, 0, 0, 0, 0, 0x41]],
    ["FIN clear (a fragment)", [0x02, 0x81, 0, 0, 0, 0, 0x41]],
    ["a continuation frame", [0x80, 0x81, 0, 0, 0, 0, 0x41]],
    ["an unknown opcode", [0x83, 0x81, 0, 0, 0, 0, 0x41]],
    ["RSV bits", [0x92, 0x81, 0, 0, 0, 0, 0x41]],
    ["an unmasked frame to a server", [0x82, 0x01, 0x41]],
    ["an empty binary message", [0x82, 0x80, 0, 0, 0, 0]],
    ["a control frame over 125 octets", [0x89, 0xfe, 0, 126, 0, 0, 0, 0]],
    ["a 64-bit length beyond 2^53", [0x82, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0]],
  ])("refuses %s (ProtocolError ERR_WS_UNSPECIFIED)", (_what, bytes) => {
    const { decoder: d } = decoder(true);
    expect(errorOf(() => { d.push(Buffer.from(bytes)); }).code).toBe("ERR_WS_UNSPECIFIED");
  });

  it("refuses a masked frame to a client", () => {
    const { decoder: d } = decoder(false);
    expect(errorOf(() => { d.push(Buffer.from([0x82, 0x81, 0, 0, 0, 0, 0x41])); }).code).toBe("ERR_WS_UNSPECIFIED");
  });

  it("refuses a message over its limit from the header alone: EMSGSIZE, nothing allocated", () => {
    let allocated = 0;
    const { decoder: d } = decoder(false, 1000, (size) => {
      allocated += size;
      return Buffer.allocUnsafe(size);
    });
    expect(errorOf(() => { d.push(Buffer.from([0x82, 127, 0, 0, 0, 1, 0, 0, 0, 0])); }).code).toBe("EMSGSIZE");
    expect(allocated).toBe(0);
  });

  it("decodes nothing more once stopped", () => {
    const { decoder: d, got } = decoder(false);
    d.stop();
    d.push(Buffer.from([0x82, 1, 0]));
    expect(got.messages).toEqual([]);
  });
});

describe("ws:// and wss:// endpoints", () => {
  it("host, port and the whole path (libzmq keeps only the last segment)", () => {
    expect(parseEndpoint("ws://127.0.0.1:5555/a/b")).toEqual({ transport: "ws", host: "127.0.0.1", port: 5555, path: "/a/b" });
    expect(parseEndpoint("wss://example.com:443")).toEqual({ transport: "wss", host: "example.com", port: 443, path: "/" });
    expect(parseEndpoint("ws://[::1]:80/zmq")).toEqual({ transport: "ws", host: "::1", port: 80, path: "/zmq" });
    expect(parseEndpoint("ws://*:*/x")).toEqual({ transport: "ws", host: "*", port: 0, path: "/x" });
  });

  it.each(["ws://host/zmq", "ws://:80/zmq", "ws://h:99999/", "ws://::1:80/", "ws://h:80/a b", "ws://[::1:80/"])("refuses %s (EINVAL)", (endpoint) => {
    expect(errorOf(() => parseEndpoint(endpoint)).code).toBe("EINVAL");
  });
});
