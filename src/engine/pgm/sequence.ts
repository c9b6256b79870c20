/**
 * PGM sequence numbers are 32-bit and wrap (RFC 3208 §3: "all sequence numbers are 32-bit unsigned and
 * wrap"); they compare by serial-number arithmetic, as OpenPGM's pgm_uint32_lt & co.
 */

/** `a − b` as a signed 32-bit number: > 0 when `a` comes after `b`. */
export function sqnDistance(a: number, b: number): number {
  return (a - b) | 0;
}

/** The sequence number after `sqn`. */
export function nextSqn(sqn: number): number {
  return (sqn + 1) >>> 0;
}

/** `sqn + n`, wrapped. */
export function addSqn(sqn: number, n: number): number {
  return (sqn + n) >>> 0;
}
