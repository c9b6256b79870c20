import fc from "fast-check";

/** Short prefixes over a few byte values (many shared prefixes: splits and merges), now and then a long one. */
export const prefixArbitrary: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 9, arbitrary: fc.array(fc.constantFrom(0x00, 0x41, 0x42, 0xff), { maxLength: 7 }) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(0x41, 0x42), { minLength: 150, maxLength: 300 }) },
).map((bytes) => Uint8Array.from(bytes));
