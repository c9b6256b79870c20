/**
 * NaCl's crypto_box built from @noble primitives, against the published NaCl/libsodium test vectors
 * (tests/box.c, tests/box2.c: Alice's secret key, Bob's public key, the "firstkey" HSalsa20 shared key and
 * the 131-octet box), and the failures libsodium has (low-order keys, forged boxes).
 */
import { describe, expect, it } from "vitest";
import {
  box,
  boxOpen,
  generateKeyPair,
  open,
  openInto,
  publicKeyOf,
  randomBytes,
  seal,
  sealInPlace,
  sharedKey,
} from "../../src/mechanism/curve/nacl-box.js";
import { PeerNonce, shortNonce, writeCounter } from "../../src/mechanism/curve/nonces.js";
import { ascii, hex } from "../helpers/bytes.js";

const h = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, "hex"));

const ALICE_SECRET = h("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
const ALICE_PUBLIC = h("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
const BOB_SECRET = h("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
const BOB_PUBLIC = h("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
const FIRST_KEY = h("1b27556473e985d462cd51197a9a46c76009549eac6474f206c4ee0844f68389");
const NONCE = h("69696ee955b62b73cd62bda875fc73d68219e0036b7a0b37");
const MESSAGE = h(
  "be075fc53c81f2d5cf141316ebeb0c7b5228c52a4c62cbd44b66849b64244ffce5ecbaaf33bd751a1ac728d45e6c61296cdc3c01233561f41db66cce314adb310e3be8250c46f06dceea3a7fa1348057e2f6556ad6b1318a024a838f21af1fde048977eb48f59ffd4924ca1c60902e52f0a089bc76897040e082f937763848645e0705",
);
// crypto_box's output without its 16 leading zero octets: MAC, then ciphertext (the layout on the wire).
const BOXED = h(
  "f3ffc7703f9400e52a7dfb4b3d3305d98e993b9f48681273c29650ba32fc76ce48332ea7164d96a4476fb8c531a1186ac0dfc17c98dce87b4da7f011ec48c97271d2c20f9b928fe2270d6fb863d51738b48eeee314a7cc8ab932164548e526ae90224368517acfeabd6bb3732bc0e9da99832b61ca01b6de56244a9e88d5f9b37973f622a43d14a6599b1f654cb45a74e355a5",
);

describe("NaCl crypto_box from @noble primitives", () => {
  it("derives the NaCl test keys: X25519 public keys and crypto_box_beforenm's HSalsa20 'firstkey', both ways", () => {
    expect(hex(publicKeyOf(ALICE_SECRET))).toBe(hex(ALICE_PUBLIC));
    expect(hex(publicKeyOf(BOB_SECRET))).toBe(hex(BOB_PUBLIC));
    expect(hex(sharedKey(BOB_PUBLIC, ALICE_SECRET)!)).toBe(hex(FIRST_KEY));
    expect(hex(sharedKey(ALICE_PUBLIC, BOB_SECRET)!)).toBe(hex(FIRST_KEY));
  });

  it("boxes NaCl's test message to NaCl's exact box, and Bob opens it", () => {
    expect(hex(box(MESSAGE, NONCE, BOB_PUBLIC, ALICE_SECRET)!)).toBe(hex(BOXED));
    expect(hex(seal(FIRST_KEY, NONCE, MESSAGE))).toBe(hex(BOXED));
    expect(hex(boxOpen(BOXED, NONCE, ALICE_PUBLIC, BOB_SECRET)!)).toBe(hex(MESSAGE));
  });

  it("the in-place forms used for traffic give the same box and plaintext", () => {
    const frame = new Uint8Array(32 + MESSAGE.length);
    frame.set(MESSAGE, 32);
    sealInPlace(FIRST_KEY, NONCE, frame);
    expect(hex(frame.subarray(16))).toBe(hex(BOXED));
    const output = new Uint8Array(BOXED.length + 32);
    expect(openInto(FIRST_KEY, NONCE, BOXED, output)).toBe(true);
    expect(hex(output.subarray(48))).toBe(hex(MESSAGE));
  });

  it("refuses a box with any octet changed, a wrong nonce, a wrong key, or one shorter than its MAC", () => {
    for (const at of [0, 15, 16, BOXED.length - 1]) {
      const forged = BOXED.slice();
      forged[at]! ^= 0x01;
      expect(open(FIRST_KEY, NONCE, forged)).toBeUndefined();
      expect(openInto(FIRST_KEY, NONCE, forged, new Uint8Array(forged.length + 32))).toBe(false);
    }
    const otherNonce = NONCE.slice();
    otherNonce[23]! ^= 1;
    expect(open(FIRST_KEY, otherNonce, BOXED)).toBeUndefined();
    expect(boxOpen(BOXED, NONCE, generateKeyPair().publicKey, BOB_SECRET)).toBeUndefined();
    expect(open(FIRST_KEY, NONCE, BOXED.subarray(0, 15))).toBeUndefined();
  });

  it("refuses low-order public keys, as libsodium's crypto_box does (no all-zero shared secret)", () => {
    const lowOrder = [new Uint8Array(32), Uint8Array.of(1, ...new Uint8Array(31))];
    for (const key of lowOrder) {
      expect(sharedKey(key, ALICE_SECRET)).toBeUndefined();
      expect(box(MESSAGE, NONCE, key, ALICE_SECRET)).toBeUndefined();
      expect(boxOpen(BOXED, NONCE, key, ALICE_SECRET)).toBeUndefined();
    }
  });

  it("draws fresh key pairs and random octets (Web Crypto)", () => {
    const a = generateKeyPair();
    const b = generateKeyPair();
    expect(a.secretKey.length).toBe(32);
    expect(hex(a.publicKey)).toBe(hex(publicKeyOf(a.secretKey)));
    expect(hex(a.secretKey)).not.toBe(hex(b.secretKey));
    expect(hex(randomBytes(16))).not.toBe(hex(randomBytes(16)));
  });
});

describe("CurveZMQ nonces", () => {
  it("a short nonce is the 16-octet prefix and a network-order 64-bit counter", () => {
    expect(hex(shortNonce("CurveZMQMESSAGEC", 3))).toBe(hex(new Uint8Array([...ascii("CurveZMQMESSAGEC"), 0, 0, 0, 0, 0, 0, 0, 3])));
    const big = new Uint8Array(8);
    writeCounter(big, 0, 2 ** 40 + 258);
    expect(hex(big)).toBe(hex(new Uint8Array([0, 0, 1, 0, 0, 0, 1, 2])));
  });

  it("a peer's nonces must strictly increase over all 64 bits; gaps are allowed", () => {
    const counter = (high: number, low: number): Uint8Array => {
      const bytes = new Uint8Array(8);
      new DataView(bytes.buffer).setUint32(0, high);
      new DataView(bytes.buffer).setUint32(4, low);
      return bytes;
    };
    const nonce = new PeerNonce();
    expect(nonce.advance(counter(0, 1), 0)).toBe(false); // libzmq starts at 1: a first MESSAGE of 1 is refused
    expect(nonce.advance(counter(0, 5), 0)).toBe(true);
    expect(nonce.advance(counter(0, 5), 0)).toBe(false); // replay
    expect(nonce.advance(counter(0, 4), 0)).toBe(false); // older
    expect(nonce.advance(counter(1, 0), 0)).toBe(true); // past 2^32
    expect(nonce.advance(counter(0, 0xffffffff), 0)).toBe(false);
    expect(nonce.advance(counter(0xffffffff, 0xffffffff), 0)).toBe(true);
    expect(nonce.advance(counter(0xffffffff, 0xffffffff), 0)).toBe(false); // nothing comes after the last
    nonce.record(counter(0, 2), 0); // a handshake command records without judging
    expect(nonce.advance(counter(0, 3), 0)).toBe(true);
  });
});
