/**
 * libzmq's udp datagram for RADIO/DISH (src/udp_engine.cpp `out_event()` / `in_event()`; wire-reference
 * §3.1): `group_len:uint8 | group | body`, one message per datagram, no ZMTP framing and no JOIN/LEAVE.
 *
 * libzmq 4.3.5 reads group_len from a signed `char`, so a group of 128 to 255 octets is misread by a 4.3.5
 * receiver (fixed on libzmq master, e357cd32): keep groups under 128 octets when a 4.3.5 DISH listens. zmtp
 * reads the length as unsigned, so it takes every group up to 255 octets.
 */

/** ZMQ_GROUP_MAX_LENGTH. */
export const MAX_GROUP_LENGTH = 255;

/** The octets before the body: the group's length, then the group. Undefined if the group is too long. */
export function encodeGroupHeader(group: Uint8Array): Uint8Array | undefined {
  if (group.length > MAX_GROUP_LENGTH) return undefined;
  const header = new Uint8Array(1 + group.length);
  header[0] = group.length;
  header.set(group, 1);
  return header;
}

/**
 * Where the body of a RADIO datagram starts (1 + group length), or -1 for a malformed one: empty, or a
 * group length that runs past the end (libzmq ignores those too).
 */
export function groupDatagramBodyOffset(datagram: Uint8Array): number {
  if (datagram.length === 0) return -1;
  const bodyOffset = 1 + datagram[0]!;
  return bodyOffset > datagram.length ? -1 : bodyOffset;
}
