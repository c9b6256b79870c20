/**
 * What the fuzz properties share: input cut into chunks at random points (each chunk its own copy, some
 * pushed from an offset inside a larger array, as a stream wire does), ZMTP 3 frame images that are
 * well-formed or nearly so (to get past the first octet, where random bytes mostly stop), and the test of
 * what a parser may throw: a typed error of ours, never a TypeError or RangeError from a slip.
 */
import fc from "fast-check";
import { AuthError, HandshakeError, ProtocolError, ZmqError } from "../../src/errors.js";

/** One piece of the input: `bytes` pushed from `offset` (what comes before it is not input). */
export interface Chunk {
  bytes: Uint8Array;
  offset: number;
}

/** `data` cut at the given points (any numbers, taken modulo its length), each piece a fresh copy. */
export function cut(data: Uint8Array, points: readonly number[], padding: readonly number[] = []): Chunk[] {
  const at = [...new Set(points.map((p) => p % (data.length + 1)))].sort((a, b) => a - b);
  const chunks: Chunk[] = [];
  let start = 0;
  for (const [i, end] of [...at, data.length].entries()) {
    if (end === start && end !== data.length) continue;
    const pad = padding[i % Math.max(1, padding.length)] ?? 0;
    const bytes = new Uint8Array(pad + end - start);
    bytes.fill(0xee, 0, pad);
    bytes.set(data.subarray(start, end), pad);
    chunks.push({ bytes, offset: pad });
    start = end;
  }
  return chunks;
}

/** Cut points and offsets for `cut`. */
export const cutsArbitrary = fc.record({
  points: fc.array(fc.nat(), { maxLength: 24 }),
  padding: fc.array(fc.constantFrom(0, 0, 0, 1, 7), { maxLength: 4 }),
});

/** Cut points that make every octet its own chunk, now and then. */
export function everyOctet(length: number): number[] {
  return Array.from({ length }, (_, i) => i + 1);
}

function frameHeader(flags: number, size: bigint, long: boolean): Uint8Array {
  if (!long) return Uint8Array.of(flags & ~0x02, Number(size & 0xffn));
  const header = new Uint8Array(9);
  header[0] = flags | 0x02;
  new DataView(header.buffer).setBigUint64(1, size);
  return header;
}

/**
 * One frame's octets: usually flags a peer may send (none, MORE, COMMAND) and a size that fits the body,
 * short or long; sometimes any flags, or a size that says more than follows (up to 2^64 - 1).
 */
export const frameImageArbitrary: fc.Arbitrary<Uint8Array> = fc
  .record({
    flags: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(0x00, 0x01, 0x04) }, { weight: 1, arbitrary: fc.nat(255) }),
    body: fc.uint8Array({ maxLength: 300 }),
    long: fc.boolean(),
    declared: fc.option(fc.oneof(fc.bigInt({ min: 0n, max: 600n }), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })), { freq: 6 }),
  })
  .map(({ flags, body, long, declared }) => {
    const size = declared ?? BigInt(body.length);
    const isLong = long || size > 255n;
    return concatBytes([frameHeader(flags, size, isLong), body]);
  });

/** A stream after the greeting: frame images one after another, or plain random octets. */
export const frameStreamArbitrary: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 3, arbitrary: fc.array(frameImageArbitrary, { maxLength: 8 }).map(concatBytes) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 600 }) },
);

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** A codec error of ours: ProtocolError, or EMSGSIZE for a frame over the limit. */
export function isCodecError(err: unknown): boolean {
  return err instanceof ProtocolError || (err instanceof ZmqError && err.code === "EMSGSIZE");
}

/** A handshake error of ours: what a mechanism may throw (or reject with) for anything a peer sends. */
export function isHandshakeError(err: unknown): boolean {
  return err instanceof ProtocolError || err instanceof AuthError || err instanceof HandshakeError;
}

/** Rethrows anything but a codec error, so that fast-check reports it with its seed and path. */
export function codecErrorOnly(err: unknown): string {
  if (!isCodecError(err)) throw err;
  return (err as ZmqError).code;
}

export const hexOf = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");

/** What a decoder made of some chunks: frames as `flags:hex`, the codec error it stopped at, what it allocated. */
export interface Decoded {
  frames: string[];
  error: string | undefined;
  allocations: number[];
}

/** The sink and allocator a fuzzed decoder is built with (both record into a Decoded). */
export interface DecoderHooks {
  sink: { onFrame(flags: number, body: Uint8Array): void };
  allocate: (size: number) => Uint8Array;
}

/**
 * Builds a decoder with recording hooks and pushes the chunks in order until it throws; anything but a codec
 * error fails the property (ZMTP 3's FrameDecoder and the 1.0/2.0 LegacyFrameDecoder alike).
 */
export function decodeChunks(
  make: (hooks: DecoderHooks) => { push(bytes: Uint8Array, offset: number): void },
  chunks: readonly Chunk[],
): Decoded {
  const frames: string[] = [];
  const allocations: number[] = [];
  const decoder = make({
    sink: { onFrame: (flags, body) => frames.push(`${flags}:${hexOf(body)}`) },
    allocate: (size) => {
      allocations.push(size);
      return new Uint8Array(size);
    },
  });
  for (const { bytes, offset } of chunks) {
    try {
      decoder.push(bytes, offset);
    } catch (err) {
      return { frames, error: codecErrorOnly(err), allocations };
    }
  }
  return { frames, error: undefined, allocations };
}
