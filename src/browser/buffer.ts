/**
 * The `Buffer` of zmtp's browser build. zmtp's messages are Buffers, as zeromq.js's are (its API gives and
 * takes them, and `msg.toString()` reads text), and its modules use Node's global `Buffer`. A page has no
 * such global, so the browser build binds every module's `Buffer` to this class instead (esbuild `inject`,
 * scripts/browser-build.ts): a Uint8Array with the part of Node's Buffer API that zmtp and its users need.
 * It installs nothing global and is no polyfill of Node: code outside zmtp never sees it unless handed a
 * message.
 */

type Encoding = "utf8" | "utf-8" | "latin1" | "binary" | "ascii" | "hex" | "base64" | "base64url";

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder();

function normalise(encoding: string | undefined): Encoding {
  const e = (encoding ?? "utf8").toLowerCase();
  if (["utf8", "utf-8", "latin1", "binary", "ascii", "hex", "base64", "base64url"].includes(e)) return e as Encoding;
  throw new TypeError(`Unknown encoding: ${encoding ?? ""}`);
}

function encode(text: string, encoding: Encoding): Uint8Array {
  switch (encoding) {
    case "utf8":
    case "utf-8":
      return utf8Encoder.encode(text);
    case "latin1":
    case "binary":
    case "ascii":
      return Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
    case "hex": {
      const out = new Uint8Array(text.length >>> 1);
      for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
      return out;
    }
    case "base64":
    case "base64url": {
      const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/").replace(/=+$/, ""));
      return Uint8Array.from(binary, (c) => c.charCodeAt(0));
    }
  }
}

function decode(bytes: Uint8Array, encoding: Encoding): string {
  switch (encoding) {
    case "utf8":
    case "utf-8":
      return utf8Decoder.decode(bytes);
    case "latin1":
    case "binary":
      return latin1(bytes);
    case "ascii":
      return latin1(bytes.map((b) => b & 0x7f));
    case "hex":
      return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    case "base64":
      return btoa(latin1(bytes));
    case "base64url":
      return btoa(latin1(bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
}

function latin1(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 4096) out += String.fromCharCode(...bytes.subarray(i, i + 4096));
  return out;
}

class BrowserBuffer extends Uint8Array {
  override toString(encoding?: string, start = 0, end = this.length): string {
    return decode(this.subarray(start, end), normalise(encoding));
  }

  toJSON(): { type: "Buffer"; data: number[] } {
    return { type: "Buffer", data: Array.from(this) };
  }

  equals(other: Uint8Array): boolean {
    return statics.compare(this, other) === 0;
  }

  compare(other: Uint8Array): number {
    return statics.compare(this, other);
  }

  /** As Node's (deprecated) slice: a view, not a copy. */
  override slice(start?: number, end?: number): BrowserBuffer {
    // subarray makes a BrowserBuffer (the species of a subclass is the subclass).
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
    return this.subarray(start, end) as BrowserBuffer;
  }

  write(text: string, offset = 0, lengthOrEncoding?: number | string, encoding?: string): number {
    const bytes = encode(text, normalise(typeof lengthOrEncoding === "string" ? lengthOrEncoding : encoding));
    const length = Math.min(bytes.length, this.length - offset, typeof lengthOrEncoding === "number" ? lengthOrEncoding : Infinity);
    this.set(bytes.subarray(0, length), offset);
    return length;
  }

  copy(target: Uint8Array, targetStart = 0, sourceStart = 0, sourceEnd = this.length): number {
    const part = this.subarray(sourceStart, Math.min(sourceEnd, sourceStart + target.length - targetStart));
    target.set(part, targetStart);
    return part.length;
  }

  private view(): DataView {
    return new DataView(this.buffer, this.byteOffset, this.byteLength);
  }

  readUInt8(offset = 0): number {
    return this.view().getUint8(offset);
  }

  readUInt16BE(offset = 0): number {
    return this.view().getUint16(offset);
  }

  readUInt32BE(offset = 0): number {
    return this.view().getUint32(offset);
  }

  readUInt32LE(offset = 0): number {
    return this.view().getUint32(offset, true);
  }

  readBigUInt64BE(offset = 0): bigint {
    return this.view().getBigUint64(offset);
  }

  writeUInt8(value: number, offset = 0): number {
    this.view().setUint8(offset, value);
    return offset + 1;
  }

  writeUInt16BE(value: number, offset = 0): number {
    this.view().setUint16(offset, value);
    return offset + 2;
  }

  writeUInt32BE(value: number, offset = 0): number {
    this.view().setUint32(offset, value);
    return offset + 4;
  }

  writeUInt32LE(value: number, offset = 0): number {
    this.view().setUint32(offset, value, true);
    return offset + 4;
  }

  writeBigUInt64BE(value: bigint, offset = 0): number {
    this.view().setBigUint64(offset, value);
    return offset + 8;
  }
}

const statics = {
  from(value: string | ArrayBufferLike | ArrayLike<number> | ArrayBufferView, encodingOrOffset?: string | number, length?: number): BrowserBuffer {
    if (typeof value === "string") {
      const bytes = encode(value, normalise(encodingOrOffset as string | undefined));
      return new BrowserBuffer(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength);
    }
    if (value instanceof ArrayBuffer || (typeof SharedArrayBuffer !== "undefined" && value instanceof SharedArrayBuffer)) {
      // As Node: a view of the same memory.
      const offset = (encodingOrOffset as number | undefined) ?? 0;
      return new BrowserBuffer(value as ArrayBuffer, offset, length ?? value.byteLength - offset);
    }
    if (ArrayBuffer.isView(value)) {
      // As Node: a copy.
      const copy = new BrowserBuffer(value.byteLength);
      copy.set(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
      return copy;
    }
    const copy = new BrowserBuffer((value as ArrayLike<number>).length);
    copy.set(value as ArrayLike<number>);
    return copy;
  },

  alloc(size: number, fill: number | string = 0): BrowserBuffer {
    const buffer = new BrowserBuffer(size);
    if (typeof fill === "number") buffer.fill(fill);
    else if (fill.length > 0) {
      const pattern = encode(fill, "utf8");
      for (let i = 0; i < size; i++) buffer[i] = pattern[i % pattern.length]!;
    }
    return buffer;
  },

  allocUnsafe(size: number): BrowserBuffer {
    return new BrowserBuffer(size);
  },

  allocUnsafeSlow(size: number): BrowserBuffer {
    return new BrowserBuffer(size);
  },

  isBuffer(value: unknown): value is BrowserBuffer {
    return value instanceof Buffer;
  },

  isEncoding(encoding: string): boolean {
    try {
      normalise(encoding);
      return true;
    } catch {
      return false;
    }
  },

  byteLength(value: string | ArrayBufferView | ArrayBufferLike, encoding?: string): number {
    if (typeof value === "string") return encode(value, normalise(encoding)).length;
    return value.byteLength;
  },

  concat(list: readonly Uint8Array[], totalLength?: number): BrowserBuffer {
    const total = totalLength ?? list.reduce((n, b) => n + b.length, 0);
    const out = new BrowserBuffer(total);
    let at = 0;
    for (const part of list) {
      if (at >= total) break;
      out.set(part.subarray(0, total - at), at);
      at += part.length;
    }
    return out;
  },

  compare(a: Uint8Array, b: Uint8Array): number {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
    return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
  },
};

/** Node's Buffer API on a Uint8Array: the statics over the class (its own `from` shadows Uint8Array.from). */
export const Buffer = Object.assign(BrowserBuffer, statics);
