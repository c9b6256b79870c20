/**
 * libzmq opens the udp socket of a `bind("udp://…")` in its I/O thread after bind() has returned (the
 * session plugs the udp engine later: src/session_base.cpp `start_connecting()`), so a datagram sent at once
 * may find no socket yet and be lost. A test sending to a libzmq receiver first sends probes until one is
 * heard, then a last probe, and reads up to it, so that no probe is left to arrive among what it sends next
 * (one sender's datagrams arrive in order on the loopback).
 */
import { within } from "./wait.js";

const LAST = "last probe";

/**
 * Sends `probe` every 20 ms until `next()` (the receiver's next message, as text) gives one, then `LAST`,
 * and reads until it: the receiver is listening and holds no probe.
 */
export async function untilHeard(send: (text: string) => Promise<void>, next: () => Promise<string>, timeoutMs = 10_000): Promise<void> {
  let heard = false;
  const first = next().finally(() => {
    heard = true;
  });
  const deadline = Date.now() + timeoutMs;
  while (!heard && Date.now() < deadline) {
    await send("probe");
    await Promise.race([first, new Promise((resolve) => setTimeout(resolve, 20))]);
  }
  await within(first, "a probe at the receiver", 1000);
  await send(LAST);
  while ((await within(next(), "the last probe", timeoutMs)) !== LAST) {
    // An earlier probe: read on.
  }
}
