/**
 * The PGM checksum (RFC 3208 §8: "the 16-bit one's complement of the one's complement sum of the entire PGM
 * packet", no pseudo-header), as OpenPGM computes it (pgm/checksum.c `pgm_csum_partial`, `pgm_csum_fold`):
 * the sum of the packet's 16-bit big-endian words (an odd last octet padded with zero), folded and
 * complemented. A result of 0 is sent as 0xFFFF, since a checksum field of 0 means "not checksummed".
 */

/** The ones-complement sum of `bytes[start, end)`, not yet folded: add more to it, then `foldChecksum`. */
export function checksumPartial(bytes: Uint8Array, start = 0, end = bytes.length, sum = 0): number {
  let i = start;
  const even = end - ((end - start) & 1);
  for (; i < even; i += 2) sum += (bytes[i]! << 8) | bytes[i + 1]!;
  if (i < end) sum += bytes[i]! << 8;
  // A packet is at most 65,535 octets: the sum stays far below 2^53, exact in a double.
  return sum;
}

/** Folds a partial sum to 16 bits and complements it; 0 becomes 0xFFFF (pgm_csum_fold). */
export function foldChecksum(sum: number): number {
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  return sum === 0xffff ? 0xffff : ~sum & 0xffff;
}

/** The checksum of a whole packet whose checksum field (octets 6–7) is taken as 0, wherever it holds. */
export function packetChecksum(packet: Uint8Array): number {
  let sum = checksumPartial(packet, 0, 6);
  sum = checksumPartial(packet, 8, packet.length, sum);
  return foldChecksum(sum);
}
