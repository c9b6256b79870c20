/**
 * Buffers for decoded frames, made without `Buffer#subarray`.
 *
 * Every inbound frame becomes a Buffer that views the chunk it arrived in. `subarray` on a Buffer looks up
 * the species constructor and re-enters JavaScript on every call, which costs more than the rest of
 * decoding a small frame. Node itself makes its Buffers with a Uint8Array subclass (FastBuffer) whose
 * prototype chain holds `Buffer.prototype`; this class does the same: its instances are Buffers in every
 * observable way (`Buffer.isBuffer`, `instanceof Buffer`, every Buffer method, `constructor === Buffer`, so
 * `subarray`/`slice` of one yield ordinary Buffers), and constructing one is a plain typed-array
 * construction.
 *
 * The class is made by a function so that no build step renames it through a helper (esbuild's keepNames,
 * which tsx uses, redefines `name` on a named class and makes every construction several times slower).
 */
interface FrameBufferClass {
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): Uint8Array;
  readonly prototype: Uint8Array;
}

function anonymousSubclass(): FrameBufferClass {
  return class extends Uint8Array {
    // An explicit constructor with fixed arguments: the default one forwards `...args`.
    constructor(buffer: ArrayBufferLike, byteOffset: number, length: number) {
      super(buffer as ArrayBuffer, byteOffset, length);
    }
  };
}

const FrameBuffer = anonymousSubclass();
Object.setPrototypeOf(FrameBuffer.prototype, Buffer.prototype as object);
Object.defineProperty(FrameBuffer.prototype, "constructor", { value: Buffer, writable: true, configurable: true });

/** A Buffer over `length` octets of `buffer` from `byteOffset`, sharing its memory (no copy). */
export function bufferView(buffer: ArrayBufferLike, byteOffset: number, length: number): Buffer {
  return new FrameBuffer(buffer, byteOffset, length) as Buffer;
}
