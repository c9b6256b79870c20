/**
 * The body of a frame that spans chunks, while it comes in. A body up to `eagerLimit` octets is allocated
 * whole, exactly sized, as soon as its header is read (after the size was checked against maxMessageSize)
 * and is filled in place: by reads straight into its free part (`remainder()`), no copy at all, or from
 * chunks as they arrive. Any other body is gathered as the chunks that carry it and allocated only once
 * all of it is in, so that a size header alone never makes us allocate more than `eagerLimit` (0 where the
 * stream cannot read in place: measured, allocating late is no slower there, and Node's allocator faults
 * fewer pages when the body comes after its chunks). No body ever takes more memory than the frame's size.
 */
export class FrameBody {
  private bodySize = 0;
  private filled = 0;
  /** The whole body, allocated at its start (eager), or undefined while gathering parts. */
  private buffer: Uint8Array | undefined = undefined;
  private readonly parts: Uint8Array[] = [];

  constructor(
    private readonly allocate: (size: number) => Uint8Array,
    /** Bodies up to this size are allocated at their start (from the next `start` on). */
    public eagerLimit: number,
  ) {}

  /** The size of the body being read. */
  get size(): number {
    return this.bodySize;
  }

  /** Starts a body of `size` octets (already checked against the frame size limit). */
  start(size: number): void {
    this.bodySize = size;
    this.filled = 0;
    this.buffer = size <= this.eagerLimit ? this.allocate(size) : undefined;
  }

  get complete(): boolean {
    return this.filled === this.bodySize;
  }

  /** Takes what the body still needs from `chunk` at `offset`; returns how many octets it took. */
  take(chunk: Uint8Array, offset: number): number {
    const take = Math.min(this.bodySize - this.filled, chunk.length - offset);
    // A plain view: `subarray` on a Buffer would look up a species constructor.
    const part = new Uint8Array(chunk.buffer, chunk.byteOffset + offset, take);
    if (this.buffer !== undefined) this.buffer.set(part, this.filled);
    else this.parts.push(part);
    this.filled += take;
    return take;
  }

  /**
   * The part of an eagerly allocated body still to come, for a read straight into it, if at least `min`
   * octets are missing; undefined otherwise (a gathered body, or too little left to be worth a read).
   */
  remainder(min: number): Uint8Array | undefined {
    const buffer = this.buffer;
    const missing = this.bodySize - this.filled;
    if (buffer === undefined || missing < min || missing === 0) return undefined;
    return new Uint8Array(buffer.buffer, buffer.byteOffset + this.filled, missing);
  }

  /** `length` octets were written into what `remainder()` returned. */
  written(length: number): void {
    if (this.buffer === undefined || length < 0 || this.filled + length > this.bodySize) {
      throw new RangeError(`${length} octets written into a body missing ${this.bodySize - this.filled}`);
    }
    this.filled += length;
  }

  /** The complete body; the assembly is empty again. */
  finish(): Uint8Array {
    let body = this.buffer;
    this.buffer = undefined;
    if (body === undefined) {
      body = this.allocate(this.bodySize);
      let at = 0;
      for (const part of this.parts) {
        body.set(part, at);
        at += part.length;
      }
      this.parts.length = 0;
    }
    this.bodySize = 0;
    this.filled = 0;
    return body;
  }
}
