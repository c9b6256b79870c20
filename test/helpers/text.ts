/**
 * Frames and messages as text, for readable assertions. Each octet becomes one latin1 character, so binary
 * frames compare exactly ("\u0001A" for a subscribe to "A") and no byte sequence is rejected or merged.
 * Buffers and plain Uint8Arrays are both taken (a zmtp message is a Buffer[]).
 */

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
