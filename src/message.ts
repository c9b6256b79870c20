/** A message as the user sees it: its frames, each a Buffer (zeromq.js hands out Buffer[] too). */
export type Message = Buffer[];

/** What `send()` accepts for one frame, as in zeromq.js. */
export type MessageLike = ArrayBufferView | ArrayBuffer | SharedArrayBuffer | string | number | null;

function toFrame(part: MessageLike): Buffer {
  if (Buffer.isBuffer(part)) return part;
  if (typeof part === "string") return Buffer.from(part, "utf8");
  if (part === null) return Buffer.alloc(0);
  if (typeof part === "number") return Buffer.from(String(part), "utf8");
  if (ArrayBuffer.isView(part)) return Buffer.from(part.buffer, part.byteOffset, part.byteLength);
  if (part instanceof ArrayBuffer || part instanceof SharedArrayBuffer) return Buffer.from(part);
  // zeromq.js refuses the rest with a TypeError too ("Message must be present" for undefined).
  throw new TypeError(`A message frame must be a string, Buffer, typed array, ArrayBuffer, number or null, not ${describe(part)}`);
}

function describe(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "object") return `an instance of ${(value as object).constructor?.name ?? "Object"}`;
  return typeof value;
}

/** Normalises `send()`'s argument into frames without copying Buffers or typed arrays. */
export function toMessage(message: MessageLike | readonly MessageLike[]): Message {
  if (Array.isArray(message)) {
    const parts = message as readonly MessageLike[];
    const frames = new Array<Buffer>(parts.length);
    for (let i = 0; i < parts.length; i++) frames[i] = toFrame(parts[i]!);
    return frames;
  }
  return [toFrame(message as MessageLike)];
}
