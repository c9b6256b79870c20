/**
 * Byte helpers for the codec, mechanism and engine tests: building byte strings from readable parts,
 * printing them as hex for clear diffs, and cutting them into chunks (one byte at a time or at seeded random
 * points) to prove that a parser does not care how its input is split.
 */

/** A piece of a byte string: a single octet, an ASCII/latin1 string, a list of octets, or bytes. */
export type ByteSource = number | string | readonly number[] | Uint8Array;

/** Joins the pieces into one fresh Uint8Array. Strings are taken character by character as latin1 octets. */
export function bytes(...parts: ByteSource[]): Uint8Array {
  const out: number[] = [];
  for (const part of parts) {
    if (typeof part === "number") {
      if (!Number.isInteger(part) || part < 0 || part > 255) throw new RangeError(`not an octet: ${part}`);
      out.push(part);
    } else if (typeof part === "string") {
      for (let i = 0; i < part.length; i++) {
        const code = part.charCodeAt(i);
        if (code > 255) throw new RangeError(`not a latin1 character: ${part[i]!}`);
        out.push(code);
      }
    } else {
      for (const value of part) out.push(value);
    }
  }
  return Uint8Array.from(out);
}

/** `n` octets of `value`. */
export function filled(n: number, value = 0): Uint8Array {
  return new Uint8Array(n).fill(value);
}

/** Octets 0, 1, 2, … (mod 256): a body whose every position is recognisable. */
export function sequence(n: number, start = 0): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (start + i) & 0xff;
  return out;
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const part of parts) size += part.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Space-separated lower-case hex, e.g. "04 0a 04 50": assertions on it print readable diffs. */
export function hex(data: Uint8Array): string {
  return Array.from(data, (b) => b.toString(16).padStart(2, "0")).join(" ");
}

export function ascii(text: string): Uint8Array {
  return bytes(text);
}

/** Mulberry32: a tiny seeded PRNG, so "random" splits are the same on every run. Returns [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [0, n). */
export function randomInt(random: () => number, n: number): number {
  return Math.floor(random() * n);
}

/** Cuts `data` into copies of one octet each. */
export function oneByteAtATime(data: Uint8Array): Uint8Array[] {
  return Array.from(data, (b) => Uint8Array.of(b));
}

/**
 * Cuts `data` at random points (seeded) into separate copies, as a TCP stream might deliver it. Some cuts
 * are made far apart and some close together, so both tiny and large chunks occur.
 */
export function randomSplit(data: Uint8Array, seed: number): Uint8Array[] {
  const random = seededRandom(seed);
  const cuts = new Set<number>();
  const count = 1 + randomInt(random, Math.max(1, Math.min(data.length, 40)));
  for (let i = 0; i < count; i++) cuts.add(randomInt(random, data.length + 1));
  const points = [...cuts].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let previous = 0;
  for (const point of [...points, data.length]) {
    if (point > previous) chunks.push(data.slice(previous, point));
    previous = point;
  }
  return chunks;
}
