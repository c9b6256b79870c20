/**
 * Frames and messages as text, for readable assertions. Each octet becomes one latin1 character, so binary
 * frames compare exactly ("\u0001A" for a subscribe to "A") and no byte sequence is rejected or merged.
 * Buffers and plain Uint8Arrays are both taken (a zmtp message is a Buffer[]).
 */
import { GroupMembership, Subscription, type PipeItem } from "../../src/pipe/pipe-item.js";

/** One frame as text. */
export function frameText(frame: Uint8Array): string {
  return Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength).toString("latin1");
}

/** Each frame of a message as text: `["hello", "world"]`. */
export function frameTexts(message: readonly Uint8Array[]): string[] {
  return message.map(frameText);
}

/** A whole message as one string, its frames joined with "|": `"hello|world"`. */
export function messageText(message: readonly Uint8Array[]): string {
  return frameTexts(message).join("|");
}

/**
 * A pipe item as text: a message as `messageText` gives it, a subscription as `+topic` / `-topic`, a group
 * membership as `JOIN group` / `LEAVE group`.
 */
export function itemText(item: PipeItem | undefined): string | undefined {
  if (item === undefined) return undefined;
  if (item instanceof Subscription) return `${item.subscribe ? "+" : "-"}${frameText(item.topic)}`;
  if (item instanceof GroupMembership) return `${item.join ? "JOIN" : "LEAVE"} ${frameText(item.group)}`;
  return messageText(item);
}
