/** Z85 (RFC 32): the RFC's test vector, round trips, and the refusals libzmq's zmq_z85_decode makes. */
import { describe, expect, it } from "vitest";
import * as zmq from "zeromq";
import { z85 } from "../src/index.js";
import { errorCode, thrownBy } from "./helpers/errors.js";

describe("z85", () => {
  it("encodes and decodes RFC 32's example", () => {
    const bytes = Uint8Array.from([0x86, 0x4f, 0xd2, 0x6f, 0xb5, 0x59, 0xf7, 0x5b]);
    expect(z85.encode(bytes)).toBe("HelloWorld");
    expect(z85.decode("HelloWorld")).toEqual(bytes);
  });

  it("round-trips any bytes, all-zero and all-ones included, and libzmq's own keys", () => {
    for (const bytes of [new Uint8Array(32), new Uint8Array(32).fill(255), Uint8Array.from({ length: 64 }, (_, i) => (i * 37) & 255)]) {
      expect(z85.decode(z85.encode(bytes))).toEqual(bytes);
    }
    const { publicKey, secretKey } = zmq.curveKeyPair();
    for (const key of [publicKey, secretKey]) {
      const bytes = z85.decode(key);
      expect(bytes.length).toBe(32);
      expect(z85.encode(bytes)).toBe(key);
    }
  });

  it("refuses a length that is not a multiple of 4 / 5, characters outside the alphabet, and groups over 32 bits", () => {
    expect(errorCode(thrownBy(() => z85.encode(new Uint8Array(3))))).toBe("EINVAL");
    expect(errorCode(thrownBy(() => z85.decode("Hello1")))).toBe("EINVAL");
    expect(errorCode(thrownBy(() => z85.decode("Hell\"")))).toBe("EINVAL");
    expect(errorCode(thrownBy(() => z85.decode("Hellé")))).toBe("EINVAL");
    expect(errorCode(thrownBy(() => z85.decode("#####")))).toBe("EINVAL"); // 84·85⁴+… > 2³²−1
    expect(thrownBy(() => z85.decode(5 as never))).toBeInstanceOf(TypeError);
  });
});
