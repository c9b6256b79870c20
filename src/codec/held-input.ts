/**
 * What a paused frame decoder keeps: the input that arrived while it was paused, and the rest of the chunk
 * it was decoding when it paused, oldest first. Undecoded bytes stay bytes (no per-frame objects), and the
 * chunks themselves are kept, not copied.
 */
export class HeldInput {
  private readonly chunks: Uint8Array[] = [];
  /** Where decoding resumes in the first chunk. */
  private offset = 0;

  get empty(): boolean {
    return this.chunks.length === 0;
  }

  /** Input that arrived while paused, from `offset` on. */
  append(chunk: Uint8Array, offset: number): void {
    if (this.chunks.length === 0) this.offset = offset;
    else if (offset > 0) chunk = chunk.subarray(offset);
    this.chunks.push(chunk);
  }

  /** The rest of the chunk being decoded when the decoder paused, from `offset` on: it comes first. */
  putBack(chunk: Uint8Array, offset: number): void {
    this.chunks.unshift(chunk);
    this.offset = offset;
  }

  /** Hands held chunks to `decode`, oldest first, while `goOn()` (not paused again, not stopped). */
  drain(decode: (chunk: Uint8Array, offset: number) => void, goOn: () => boolean): void {
    while (goOn() && this.chunks.length > 0) {
      const chunk = this.chunks.shift()!;
      const offset = this.offset;
      this.offset = 0;
      decode(chunk, offset);
    }
  }
}
