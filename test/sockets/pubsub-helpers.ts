/**
 * Helpers for the PUB/SUB suites (zmtp ↔ zmtp and zmtp ↔ libzmq). Subscriptions travel asynchronously, so a
 * test first sends "sync" messages until one arrives (the subscription has reached the publisher), then a
 * known batch followed by an end marker on the same connection; per-connection order then proves that
 * nothing else slipped in.
 */
import { messageText } from "../helpers/text.js";
import { delay } from "../helpers/wait.js";

/** What both zmtp and zeromq.js sockets offer. */
export interface Receiver {
  receive(): Promise<Buffer[]>;
}

/**
 * Receives until a message that `accept` takes (any by default), calling `send()` every `intervalMs` until
 * then (at most `attempts` times). The receiver's own receiveTimeout makes a case that never syncs fail
 * rather than hang.
 */
export async function untilFirst(
  receiver: Receiver,
  send: () => Promise<void>,
  accept: (message: Buffer[]) => boolean = () => true,
  attempts = 250,
  intervalMs = 20,
): Promise<Buffer[]> {
  let done = false;
  const got = (async () => {
    for (;;) {
      const message = await receiver.receive();
      if (accept(message)) return message;
    }
  })().finally(() => {
    done = true;
  });
  got.catch(() => undefined);
  for (let i = 0; i < attempts && !done; i++) {
    await send();
    await Promise.race([delay(intervalMs), got.catch(() => undefined)]);
  }
  return got;
}

/** Receives until a message whose text is `end` (included), skipping those `skip` says are sync traffic. */
export async function collectUntil(
  receiver: Receiver,
  end: string,
  skip: (message: string) => boolean = (m) => m.includes("sync"),
  limit = 100_000,
): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < limit; i++) {
    const message = messageText(await receiver.receive());
    if (skip(message)) continue;
    out.push(message);
    if (message === end) return out;
  }
  throw new Error(`no ${JSON.stringify(end)} within ${limit} messages`);
}

/** Subscription message as XPUB gives it and XSUB takes it. */
export function subMessage(subscribe: boolean, topic: string): Buffer {
  return Buffer.concat([Buffer.from([subscribe ? 1 : 0]), Buffer.from(topic, "latin1")]);
}

/** Text of a subscription message, e.g. "+A" / "-A"; anything else as it is. */
export function describeSub(message: readonly Buffer[]): string {
  const frame = message[0]!;
  if (message.length === 1 && frame.length > 0 && frame[0]! <= 1) {
    return (frame[0] === 1 ? "+" : "-") + frame.subarray(1).toString("latin1");
  }
  return messageText(message);
}

/** Receives subscription notifications until `until` (e.g. "+fence") is seen; returns all of them. */
export async function subsUntil(receiver: Receiver, until: string, limit = 10_000): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < limit; i++) {
    const s = describeSub(await receiver.receive());
    out.push(s);
    if (s === until) return out;
  }
  throw new Error(`no ${until} within ${limit} messages`);
}
